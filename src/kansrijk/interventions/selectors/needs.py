"""Which open figures say something about each theme (Need) of the balans, and when a need counts as present.

Nothing is invented (design.md §3): a theme without an open figure per municipality says "geen open cijfer"
and names where such a figure could come from. A figure that only approximates the theme (low education for
low literacy) is labelled as a proxy.

The rule for the level of a need ("behoefte"), per municipality, documented once here and shown on the page:

- per indicator, the municipality's latest value is compared with Nederland in the same year;
- for an indicator where higher is worse: value ≥ Nederland × 1.20 → **hoog**; value ≥ Nederland × 1.05 →
  **gemiddeld**; otherwise **laag**;
- a theme takes the highest level of its indicators that have a value (and, in a coalition of several
  municipalities, the highest level over its municipalities: a need in one municipality is a need);
- no indicator with a value → **onbekend**.

A cell (phase × theme) is a **gap** ("gat") when the need is hoog or gemiddeld and the coalition has no local
offer in that phase addressing that theme. An unknown need is never called a gap — that would be an invented
figure — but the cell says that there is no offer and that the need is unknown, so the coalition can record
its own knowledge in "waar liggen hiaten".
"""

from __future__ import annotations

from dataclasses import dataclass

from kansrijk.areas.models import Phase
from kansrijk.interventions.models import Need

HIGH_RATIO = 1.20
MEDIUM_RATIO = 1.05

LEVEL_HIGH = "hoog"
LEVEL_MEDIUM = "gemiddeld"
LEVEL_LOW = "laag"
LEVEL_UNKNOWN = "onbekend"
LEVEL_ORDER = {LEVEL_UNKNOWN: 0, LEVEL_LOW: 1, LEVEL_MEDIUM: 2, LEVEL_HIGH: 3}
LEVELS_WITH_NEED = frozenset({LEVEL_HIGH, LEVEL_MEDIUM})
LEVEL_LABELS = {
    LEVEL_HIGH: "Hoog",
    LEVEL_MEDIUM: "Gemiddeld",
    LEVEL_LOW: "Laag",
    LEVEL_UNKNOWN: "Onbekend",
}

RULE_TEXT = (
    "Behoefte: het nieuwste cijfer van de gemeente naast Nederland in hetzelfde jaar. Minstens 20% "
    "ongunstiger dan Nederland is hoog, minstens 5% ongunstiger is gemiddeld, anders laag. Een thema "
    "krijgt het hoogste niveau van zijn cijfers en gemeenten. Een gat: behoefte hoog of gemiddeld en geen "
    "lokaal aanbod in die fase voor dat thema. Zonder open cijfer is de behoefte onbekend en noemen we het "
    "geen gat."
)
NO_OPEN_FIGURE = "geen open cijfer"

# The columns of the balans: the four phases of the first 1000 days (not the "context" indicators).
BALANS_PHASES: tuple[Phase, ...] = (
    Phase.PRECONCEPTIE,
    Phase.ZWANGERSCHAP,
    Phase.GEBOORTE,
    Phase.NA_GEBOORTE,
)


@dataclass(frozen=True)
class NeedIndicator:
    key: str  # areas.Indicator.key
    reason: str  # why this figure says something about the theme
    proxy: bool = False  # only an approximation of the theme: labelled as such


@dataclass(frozen=True)
class NeedSource:
    indicators: tuple[NeedIndicator, ...]
    # Shown when no indicator has a value: where an open figure could come from and how to add it.
    missing: str


NEED_SOURCES: dict[str, NeedSource] = {
    Need.FINANCIEN: NeedSource(
        indicators=(
            NeedIndicator(
                "pct_rond_sociaal_min", "huishoudens met een inkomen tot 110% van het sociaal minimum"
            ),
            NeedIndicator("pct_hh_laag_inkomen", "huishoudens met een laag inkomen"),
        ),
        missing="De CBS-cijfers (Kerncijfers wijken en buurten) zijn nog niet geladen; de beheerder van het platform kan ze laden.",
    ),
    Need.HUISVESTING: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer over woonproblemen of dakloosheid per gemeente. Toevoegen kan met de "
        "GGD Gezondheidsmonitor Volwassenen of de registratie van de eigen gemeente (daklozenopvang).",
    ),
    Need.PSYCHISCH: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer in Kansrijk over psychische problemen van (aanstaande) ouders per "
        "gemeente. Toevoegen kan met de GGD Gezondheidsmonitor Volwassenen (psychische klachten).",
    ),
    Need.VERSLAVING: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer over verslaving per gemeente. Toevoegen kan met de GGD "
        "Gezondheidsmonitor Volwassenen (alcohol- en drugsgebruik).",
    ),
    Need.ROKEN: NeedSource(
        indicators=(NeedIndicator("roken_zwangerschap", "zwangeren die tijdens de zwangerschap roken"),),
        missing="Het cijfer over roken in de zwangerschap komt uit Perined en is nog niet geladen (de beheerder van "
        "het platform kan het toevoegen); anders de GGD Gezondheidsmonitor (roken).",
    ),
    Need.HUISELIJK_GEWELD: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer over huiselijk geweld per gemeente. Toevoegen kan met de "
        "registraties van Veilig Thuis (CBS StatLine, per regio) of de GGD Gezondheidsmonitor.",
    ),
    Need.LAAGGELETTERDHEID: NeedSource(
        indicators=(
            NeedIndicator(
                "pct_opl_laag",
                "benadering: personen van 15–75 jaar met hooguit vmbo of mbo-1 (geen meting van geletterdheid)",
                proxy=True,
            ),
        ),
        missing="Laad de CBS Kerncijfers wijken en buurten; een meting van laaggeletterdheid per gemeente "
        "is er van Stichting Lezen & Schrijven (schatting, niet in Kansrijk geladen).",
    ),
    Need.SOCIAAL_NETWERK: NeedSource(
        indicators=(
            NeedIndicator(
                "pct_eenpersoonshhd",
                "benadering: eenpersoonshuishoudens (zegt iets over alleen wonen, niet over steun)",
                proxy=True,
            ),
        ),
        missing="Laad de CBS Kerncijfers wijken en buurten; eenzaamheid en steun meet de GGD "
        "Gezondheidsmonitor Volwassenen.",
    ),
    Need.ONBEDOELDE_ZWANGERSCHAP: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer over onbedoelde zwangerschappen per gemeente. Toevoegen kan met "
        "cijfers van Fiom of de GGD (Nu Niet Zwanger).",
    ),
    Need.OUDERSCHAP: NeedSource(
        indicators=(NeedIndicator("pct_jeugdzorg", "jongeren tot 23 jaar met jeugdzorg"),),
        missing="De CBS-cijfers (Kerncijfers wijken en buurten) zijn nog niet geladen; de beheerder van het platform kan ze laden.",
    ),
    Need.LVB: NeedSource(
        indicators=(),
        missing="Er is geen open cijfer over licht verstandelijke beperking per gemeente. Toevoegen kan met "
        "de GGD Gezondheidsmonitor of een schatting van het SCP.",
    ),
    Need.GEZONDHEID: NeedSource(
        indicators=(
            NeedIndicator("big2", "vroeggeboorte en/of laag geboortegewicht (BIG2)"),
            NeedIndicator("late_start_zorg", "late start van de zwangerschapszorg"),
        ),
        missing="Deze cijfers komen uit Perined en zijn nog niet geladen; de beheerder van het platform kan ze toevoegen.",
    ),
}


def level_for(*, value: float | None, nederland: float | None, direction: str) -> str:
    """The need level of one figure against Nederland (see the module docstring)."""
    if value is None or nederland is None or nederland <= 0:
        return LEVEL_UNKNOWN
    ratio = value / nederland
    if direction == "hoger_beter":
        ratio = nederland / value if value > 0 else float("inf")
    if ratio >= HIGH_RATIO:
        return LEVEL_HIGH
    if ratio >= MEDIUM_RATIO:
        return LEVEL_MEDIUM
    return LEVEL_LOW


def highest(levels: list[str]) -> str:
    return max(levels, key=LEVEL_ORDER.__getitem__, default=LEVEL_UNKNOWN)
