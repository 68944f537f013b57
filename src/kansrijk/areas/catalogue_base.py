"""Building blocks of the CBS indicator catalogue (`catalogue.py`): derivations and spec helpers.

Each entry is an `IndicatorSpec` (what the user sees) plus a `Derivation` (which column of which file,
and how numerator and denominator follow from it). The denominators follow the table in the open-data
README ("Aggregating to GGD region, province, Nederland"); proxies are marked `approximate=True`, so
municipality numerators and every region value built from them are labelled approximate.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TypedDict, Unpack

from kansrijk.areas.specs import IndicatorSpec

# How a value relates to its numerator and denominator (and so how regions are aggregated).
RATE = "rate"  # published rate/share; numerator = value × denominator / scale; region = Σnum / Σden × scale
COUNT = "count"  # a published count; region = Σ count
DERIVED_COUNT = "derived_count"  # a count we compute (births = rate × inhabitants / 1,000); Σ for regions
SHARE = "share"  # count / (sum of sibling counts) × 100 (education levels)
CLASS = "class"  # a class (stedelijkheid): never averaged or summed

# Files a derivation reads: the KWB municipality files of every year, the KWB wijk file 2024, the
# CBS income table 2020 (levels land/gemeente/wijk).
KWB = "kwb"
WIJK = "wijk"
INKOMEN = "inkomen"

KWB_ALL = "CBS, Kerncijfers wijken en buurten (2012–2024; 2024: tabel 85984NED), via PDOK"
KWB_2022 = "CBS, Kerncijfers wijken en buurten 2022, via PDOK"
KWB_2024 = "CBS, Kerncijfers wijken en buurten 2024 (tabel 85984NED), via PDOK"
INKOMEN_SOURCE = "CBS, maatwerktabel Inkomen per gemeente en wijk 2020 (gemeentelijke indeling 2023)"
# The 2022 KWB edition publishes income of 2020 (open-data README); said on every such observation.
INCOME_NOTE_2022 = "inkomensjaar 2020 (Kerncijfers wijken en buurten 2022)"
INCOME_COLUMNS = frozenset(
    {"gem_inkomen_inwoner", "pct_hh_laag_inkomen", "pct_hh_hoog_inkomen", "pct_rond_sociaal_min"}
)

# Denominators by name: label shown to users (the importer knows how to compute each one).
DENOMINATOR_LABELS: dict[str, str] = {
    "aantal_inwoners": "inwoners (1 januari)",
    "huishoudens": "huishoudens",
    "huishoudens_proxy": "huishoudens (benadering voor particuliere huishoudens met inkomen)",
    "inwoners_proxy": "inwoners (benadering voor personen met inkomen)",
    "jongeren_0_23": "jongeren tot 23 jaar (benadering: 0–15 + 0,8 × 15–25 jaar)",
    "personen_15_75": "personen 15–75 jaar (benadering: 15–65 + 0,5 × 65+)",
    "km2": "landoppervlakte in km²",
    "woningvoorraad": "woningvoorraad",
}


@dataclass(frozen=True)
class Derivation:
    column: str  # the published column holding the value (for SHARE: the count)
    method: str = RATE
    denominator: str = ""  # a DENOMINATOR_LABELS key (RATE)
    numerator: str = ""  # a count column, when the published value is count / denominator
    shares: tuple[str, ...] = ()  # SHARE: the counts whose sum is the denominator
    files: tuple[str, ...] = (KWB,)
    approximate: bool = False


@dataclass(frozen=True)
class CbsIndicator:
    spec: IndicatorSpec
    derivation: Derivation


class SpecOverrides(TypedDict, total=False):
    """The IndicatorSpec fields a catalogue entry may set instead of the house defaults."""

    unit: str
    scale: float
    numerator_label: str
    denominator_label: str
    source: str
    source_kind: str
    phase: str
    direction: str
    theme: str
    order: int
    available_for_wijk: bool
    derived: bool
    reference_value: float | None
    reference_year: int | None
    reference_source: str


def indicator(
    key: str, title: str, definition: str, derivation: Derivation, **kw: Unpack[SpecOverrides]
) -> CbsIndicator:
    """One catalogue entry with the house defaults (CBS, context phase, neutral, %)."""
    defaults = IndicatorSpec(
        key=key,
        title=title,
        definition=definition,
        unit="%",
        scale=100.0,
        numerator_label="",
        denominator_label=DENOMINATOR_LABELS.get(derivation.denominator, ""),
        source=KWB_ALL,
        source_kind="cbs",
        phase="context",
        direction="neutraal",
        theme="Bevolking",
        order=0,
        available_for_wijk=WIJK in derivation.files or INKOMEN in derivation.files,
    )
    return CbsIndicator(spec=replace(defaults, **kw), derivation=derivation)


def age_share(key: str, col: str, span: str, order: int) -> CbsIndicator:
    return indicator(
        key,
        f"Inwoners {span}",
        f"Inwoners van {span} als percentage van alle inwoners op 1 januari (CBS, afgerond op "
        "hele procenten). De open data geven geen uitsplitsing naar geslacht.",
        Derivation(col, denominator="aantal_inwoners", files=(KWB, WIJK)),
        numerator_label=f"inwoners {span}",
        order=order,
    )


def distance(col: str, what: str, order: int, direction: str = "neutraal") -> CbsIndicator:
    return indicator(
        col,
        f"Afstand tot {what}",
        f"Gemiddelde afstand over de weg van alle inwoners tot de dichtstbijzijnde {what}, in km "
        "(CBS). Regio's: gewogen met het aantal inwoners.",
        Derivation(col, denominator="aantal_inwoners"),
        unit="km",
        scale=1.0,
        numerator_label="km × inwoners",
        theme="Voorzieningen",
        direction=direction,
        order=order,
    )


def education_share(key: str, col: str, level: str, what: str, order: int, direction: str) -> CbsIndicator:
    return indicator(
        key,
        f"Opleidingsniveau {level}",
        f"Personen van 15 tot 75 jaar met als hoogst behaalde opleiding {what}, als percentage van "
        "de personen met een bekend opleidingsniveau (laag + midden + hoog). Afgeleid uit de "
        "gepubliceerde aantallen.",
        Derivation(col, method=SHARE, shares=("opl_laag", "opl_midden", "opl_hoog")),
        numerator_label=f"personen 15–75 jaar, opleiding {level}",
        denominator_label="personen 15–75 jaar met bekend opleidingsniveau",
        source=KWB_2022,
        theme="Opleiding",
        direction=direction,
        derived=True,
        order=order,
    )
