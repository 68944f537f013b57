"""From CBS DataProperties to our column names.

`kwb/metadata/kolomnamen_naar_pdok_velden.json` maps each of our columns to its PDOK/CBS field name(s)
(camelCase, e.g. `aantalInwoners`). A CBS OData key is that name capitalised plus a position suffix
(`AantalInwoners_5`), so it is matched on the stem before the suffix. Where CBS's StatLine key differs from
the PDOK field, `CBS_STEMS` lists the StatLine stem as it appears in the KWB 2024 DataProperties
(kwb/metadata/kwb2024_85984NED_DataProperties.json); "Group/Stem" requires that parent topic group, since
CBS repeats stems such as `Nederland` under several groups.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAPPING_FILE = Path("kwb") / "metadata" / "kolomnamen_naar_pdok_velden.json"

CBS_STEMS: dict[str, tuple[str, ...]] = {
    "bevolkingsdichtheid": ("Bevolkingsdichtheid",),
    "stedelijkheid": ("MateVanStedelijkheid",),
    "0_15": ("k_0Tot15Jaar",),
    "15_25": ("k_15Tot25Jaar",),
    "25_45": ("k_25Tot45Jaar",),
    "45_65": ("k_45Tot65Jaar",),
    "65plus": ("k_65JaarOfOuder",),
    "pct_herkomst_nl": ("Herkomstland/Nederland",),
    "pct_herkomst_europa": ("Herkomstland/EuropaExclusiefNederland",),
    "pct_herkomst_buiten_europa": ("Herkomstland/BuitenEuropa",),
    "huishoudens": ("HuishoudensTotaal",),
    "gem_huishouden_grootte": ("GemiddeldeHuishoudensgrootte",),
    "pct_eenpersoonshhd": ("Eenpersoonshuishoudens",),
    "pct_hhd_met_kind": ("HuishoudensMetKinderen",),
    "pct_hhd_zonder_kind": ("HuishoudensZonderKinderen",),
    "pct_gehuwd": ("Gehuwd",),
    "pct_ongehuwd": ("Ongehuwd",),
    "opl_hoog": ("HboWo",),
    "opl_midden": ("HavoVwoMbo24",),
    "opl_laag": ("BasisonderwijsVmboMbo1",),
    "gem_gestand_inkomen": ("GemGestandaardiseerdInkomenVanHuish",),
    # README: pct_hh_laag_inkomen / pct_hh_hoog_inkomen are the national bottom 40% / top 20% of households.
    "pct_hh_laag_inkomen": ("k_40HuishoudensMetLaagsteInkomen",),
    "pct_hh_hoog_inkomen": ("k_20HuishoudensMetHoogsteInkomen",),
    "pct_rond_sociaal_min": ("HuishOnderOfRondSociaalMinimum",),
    "gem_woz_waarde": ("GemiddeldeWOZWaardeVanWoningen",),
    "koopwoningen": ("Koopwoningen",),
    "huurwoningen": ("HuurwoningenTotaal",),
    "pct_huurcorporatie": ("InBezitWoningcorporatie",),
    "gem_elektriciteit": ("GemiddeldeElektriciteitsleveringTotaal",),
    "gem_aardgas": ("GemiddeldAardgasverbruikTotaal",),
    # StatLine title "Bouwjaar vanaf 2000 (%)" in the KWB 2018/2019 tables.
    "pct_bouwjaar_na_2000": ("BouwjaarVanaf2000",),
    "arbeidsparticipatie": ("Nettoarbeidsparticipatie",),
    "bedrijfsvestigingen": ("BedrijfsvestigingenTotaal",),
    "wmo_per_1000": ("WmoClientenRelatief",),
    "pct_jeugdzorg": ("PercentageJongerenMetJeugdzorg",),
    "afstand_huisarts": ("AfstandTotHuisartsenpraktijk",),
    "afstand_supermarkt": ("AfstandTotGroteSupermarkt",),
    "afstand_kdv": ("AfstandTotKinderdagverblijf",),
    "afstand_basisonderwijs": ("AfstandTotSchool",),
    "geboorte_relatief": ("GeboorteRelatief",),
    "personenautos": ("PersonenautoSTotaal",),
    "auto_per_huishouden": ("PersonenautoSPerHuishouden",),
    "auto_per_km2": ("PersonenautoSNaarOppervlakte",),
    "motorfietsen": ("Motorfietsen",),
    "opp_land": ("OppervlakteLand",),
    "opp_water": ("OppervlakteWater",),
}

# Our files hold these columns as percentages (README). Newer KWB tables publish some of them as counts
# (DataProperties Unit "aantal"): then the percentage is count / denominator × 100, rounded to a whole
# number as PDOK publishes it. The denominators are the README's denominator table.
PERCENT_OF: dict[str, str] = {
    **{
        c: "aantal_inwoners"
        for c in (
            "0_15",
            "15_25",
            "25_45",
            "45_65",
            "65plus",
            "pct_gehuwd",
            "pct_ongehuwd",
            "pct_herkomst_nl",
            "pct_herkomst_europa",
            "pct_herkomst_buiten_europa",
        )
    },
    **{c: "huishoudens" for c in ("pct_eenpersoonshhd", "pct_hhd_met_kind", "pct_hhd_zonder_kind")},
}
# Denominators must be fetched even when the caller does not ask for them.
REQUIRED_COLUMNS: tuple[str, ...] = ("aantal_inwoners", "huishoudens")

_SUFFIX = re.compile(r"_\d+$")


@dataclass(frozen=True)
class Column:
    name: str  # our column name
    key: str  # CBS OData key, e.g. "AantalInwoners_5"
    unit: str
    percent_of: str | None  # set when CBS publishes a count and we store a percentage


def load_mapping(*dirs: Path) -> dict[str, list[str]]:
    """Read the column mapping from the first directory that has it (target first, then the settings dir)."""
    for base in dirs:
        path = base / MAPPING_FILE
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            return {str(k): [str(v) for v in vs] for k, vs in data.items()}
    tried = ", ".join(str(d / MAPPING_FILE) for d in dirs)
    from kansrijk.areas.download.http import DownloadError

    raise DownloadError(f"Kolomkoppeling niet gevonden (gezocht: {tried}).")


def _topics(properties: list[dict[str, Any]]) -> list[tuple[str, str, dict[str, Any]]]:
    """(stem, parent group title, property) for every Topic, in the table's order."""
    groups = {p["ID"]: str(p.get("Title", "")) for p in properties if p.get("Type") == "TopicGroup"}
    out = []
    for p in properties:
        if p.get("Type") == "Topic":
            out.append((_SUFFIX.sub("", str(p["Key"])), groups.get(p.get("ParentID"), ""), p))
    return out


def resolve_columns(properties: list[dict[str, Any]], mapping: dict[str, list[str]]) -> list[Column]:
    """Our columns (in the mapping's order) that this CBS table has, with their CBS key and unit."""
    topics = _topics(properties)
    resolved: list[Column] = []
    for name, pdok_names in mapping.items():
        candidates = list(CBS_STEMS.get(name, ())) + [n[:1].upper() + n[1:] for n in pdok_names]
        hit = None
        for candidate in candidates:
            group, _, stem = candidate.rpartition("/")
            hit = next((p for s, g, p in topics if s == stem and (not group or g == group)), None)
            if hit is not None:
                break
        if hit is None:
            continue
        unit = str(hit.get("Unit") or "")
        percent_of = PERCENT_OF.get(name) if unit == "aantal" else None
        resolved.append(Column(name=name, key=str(hit["Key"]), unit=unit, percent_of=percent_of))
    return resolved


def topic_key(properties: list[dict[str, Any]], stem: str) -> str | None:
    """The key of the first Topic with this stem (e.g. "Gemeentenaam" → "Gemeentenaam_1")."""
    return next((str(p["Key"]) for s, _, p in _topics(properties) if s == stem), None)


def dimension_key(properties: list[dict[str, Any]], kind: str) -> str | None:
    """Key of the first dimension of a kind ("GeoDetail"/"GeoDimension" for regions, "TimeDimension")."""
    return next((str(p["Key"]) for p in properties if p.get("Type") == kind), None)


def topic_by_title(properties: list[dict[str, Any]], group: str, title: str) -> str | None:
    """Key of the Topic titled `title` under the topic group titled `group` (titles are stable, keys
    carry positions that change per table: "Gebieden in Nederland" is matched this way)."""
    return next(
        (
            str(p["Key"])
            for _, g, p in _topics(properties)
            if g.strip() == group and str(p.get("Title", "")).strip() == title
        ),
        None,
    )
