"""Which areas exist, from the checked sources: Nederland, provinces, GGD regions, peer groups,
current and dissolved municipalities, wijken. Pure: returns `AreaRow`s; `writing.py` stores them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl

from kansrijk.areas.importers.geometry import compact_geometry
from kansrijk.areas.importers.sources import GEMEENTEN_YEAR, NL, PEER_YEAR, WIJK_YEAR, Sources
from kansrijk.areas.models import AreaLevel

# Names that differ between files (the province of Friesland is officially "Fryslân" since 1997).
PROVINCE_ALIASES = {"friesland": "fryslan"}
URBANITY = {
    1: "Zeer sterk stedelijk",
    2: "Sterk stedelijk",
    3: "Matig stedelijk",
    4: "Weinig stedelijk",
    5: "Niet stedelijk",
}
# Size bands of the peer groups (inhabitants on 1 January of PEER_YEAR): (code, lower bound, label).
SIZE_BANDS = [
    ("lt20k", 0, "minder dan 20.000 inwoners"),
    ("20-50k", 20_000, "20.000–50.000 inwoners"),
    ("50-100k", 50_000, "50.000–100.000 inwoners"),
    ("ge100k", 100_000, "100.000 inwoners of meer"),
]


@dataclass
class AreaRow:
    code: str
    name: str
    level: str
    name_short: str = ""
    parent: str | None = None
    province: str | None = None
    ggd_region: str | None = None
    peer_group: str | None = None
    current: bool = True
    first_year: int | None = None
    last_year: int | None = None
    population: int | None = None
    geometry: str = ""


def search_key(name: str) -> str:
    """Lower-case, accent-free, without official suffixes like "(O.)" and without punctuation or
    spaces, so "'s-Gravenhage", "sGravenhage" and "s gravenhage" compare equal."""
    name = re.sub(r"\([^)]*\)", " ", name)
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "", name.lower())


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", search_key_spaced(name)).strip("-")


def search_key_spaced(name: str) -> str:
    name = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in name if not unicodedata.combining(ch)).lower()


def ggd_code(name: str) -> str:
    """GGD regions have no CBS code in the open data: a stable code from the name."""
    return f"GGD-{slug(name)}"


def peer_band(population: float) -> tuple[str, str]:
    code, _, label = next(b for b in reversed(SIZE_BANDS) if population >= b[1])
    return code, label


def _int(value: float | None) -> int | None:
    return None if value is None else round(value)


def build_areas(src: Sources) -> tuple[list[AreaRow], dict[str, int]]:
    """All areas in the order they must be written (parents first), plus counts for the summary."""
    gm = src.gemeenten
    nl = AreaRow(code=NL, name="Nederland", level=AreaLevel.NL, population=int(gm["inwoners_2024"].sum()))
    # Provinces and GGD regions: from the 2025 municipality list; geometry matched by name.
    province_geo = {
        PROVINCE_ALIASES.get(search_key(k), search_key(k)): v for k, v in src.geo_provincie.items()
    }
    ggd_geo = {search_key(k): v for k, v in src.geo_ggd.items()}
    provinces: dict[str, AreaRow] = {}
    ggds: dict[str, AreaRow] = {}
    for row in gm.iter_rows(named=True):
        pv = provinces.setdefault(
            row["provinciecode"],
            AreaRow(
                code=row["provinciecode"],
                name=row["provincienaam"],
                level=AreaLevel.PROVINCE,
                parent=NL,
                population=0,
            ),
        )
        pv.population = (pv.population or 0) + int(row["inwoners_2024"] or 0)
        gg = ggds.setdefault(
            row["ggd_regio"],
            AreaRow(
                code=ggd_code(row["ggd_regio"]),
                name=row["ggd_regio"],
                level=AreaLevel.GGD,
                parent=NL,
                population=0,
            ),
        )
        gg.population = (gg.population or 0) + int(row["inwoners_2024"] or 0)
    for pv in provinces.values():
        feature = province_geo.get(PROVINCE_ALIASES.get(search_key(pv.name), search_key(pv.name)))
        pv.geometry = compact_geometry(feature["geometry"]) if feature else ""
    for gg in ggds.values():
        feature = ggd_geo.get(search_key(gg.name))
        gg.geometry = compact_geometry(feature["geometry"]) if feature else ""

    # Years in which each municipality code appears (its own year's boundaries), and its last name.
    years: dict[str, list[int]] = {}
    last: dict[str, tuple[str, float | None]] = {}
    for year, frame in sorted(src.kwb.items()):
        for code, name, inhabitants in frame.select(
            "gemeentecode", "gemeentenaam", "aantal_inwoners"
        ).iter_rows():
            years.setdefault(code, []).append(year)
            last[code] = (name or code, inhabitants)

    # Peer groups: urbanity class (KWB 2024) × size band.
    urbanity = (
        dict(src.kwb[PEER_YEAR].select("gemeentecode", "stedelijkheid").iter_rows())
        if ("stedelijkheid" in src.kwb[PEER_YEAR].columns)
        else {}
    )
    peers: dict[str, AreaRow] = {}
    municipalities: list[AreaRow] = []
    for row in gm.iter_rows(named=True):
        code = row["gemeentecode"]
        klass = urbanity.get(code)
        peer = None
        if klass is not None and int(klass) in URBANITY and row["inwoners_2024"] is not None:
            band, label = peer_band(row["inwoners_2024"])
            peer = f"VG-{int(klass)}-{band}"
            group = peers.setdefault(
                peer,
                AreaRow(
                    code=peer,
                    name=f"{URBANITY[int(klass)]}, {label}",
                    level=AreaLevel.PEERS,
                    parent=NL,
                    population=0,
                ),
            )
            group.population = (group.population or 0) + int(row["inwoners_2024"])
        feature = src.geo_gemeente.get(code)
        municipalities.append(
            AreaRow(
                code=code,
                name=row["gemeentenaam"],
                name_short=row["gemeentenaam_kort"] or "",
                level=AreaLevel.MUNICIPALITY,
                parent=row["provinciecode"],
                province=row["provinciecode"],
                ggd_region=ggds[row["ggd_regio"]].code,
                peer_group=peer,
                first_year=min(years.get(code, [GEMEENTEN_YEAR])),
                last_year=GEMEENTEN_YEAR,
                population=_int(row["inwoners_2024"]),
                geometry=compact_geometry(feature["geometry"]) if feature else "",
            )
        )

    # Dissolved municipalities: in an earlier KWB year only. Region via the 2021 postcode file by name.
    regions = _regions_by_name(src.postcode, provinces, ggds)
    current = set(gm["gemeentecode"].to_list())
    unmapped = 0
    for code in sorted(set(years) - current):
        name, inhabitants = last[code]
        province, ggd = regions.get(search_key(name), (None, None))
        unmapped += province is None
        municipalities.append(
            AreaRow(
                code=code,
                name=name,
                level=AreaLevel.MUNICIPALITY,
                parent=province,
                province=province,
                ggd_region=ggd,
                current=False,
                first_year=min(years[code]),
                last_year=max(years[code]),
                population=_int(inhabitants),
            )
        )

    by_code = {m.code: m for m in municipalities}
    wijken: list[AreaRow] = []
    for row in src.wijk.select("wijkcode", "wijknaam", "gemeentecode", "aantal_inwoners").iter_rows(
        named=True
    ):
        municipality = by_code[row["gemeentecode"]]
        feature = src.geo_wijk.get(row["wijkcode"])
        wijken.append(
            AreaRow(
                code=row["wijkcode"],
                name=row["wijknaam"] or row["wijkcode"],
                level=AreaLevel.WIJK,
                parent=municipality.code,
                province=municipality.province,
                ggd_region=municipality.ggd_region,
                first_year=WIJK_YEAR,
                last_year=WIJK_YEAR,
                population=_int(row["aantal_inwoners"]),
                geometry=compact_geometry(feature["geometry"]) if feature else "",
            )
        )
    rows = [nl, *provinces.values(), *ggds.values(), *peers.values(), *municipalities, *wijken]
    counts = {
        "provincies": len(provinces),
        "ggd_regios": len(ggds),
        "vergelijkbare_groepen": len(peers),
        "gemeenten": len(current),
        "opgeheven_gemeenten": len(municipalities) - len(current),
        "opgeheven_zonder_regio": unmapped,
        "wijken": len(wijken),
    }
    return rows, counts


def _regions_by_name(
    postcode: pl.DataFrame, provinces: dict[str, AreaRow], ggds: dict[str, AreaRow]
) -> dict[str, tuple[str | None, str | None]]:
    """2021 municipality name (search key) → (province code, GGD code), where unambiguous: a name
    whose postcodes point to more than one region is left unmapped rather than guessed."""
    pv_by_name = {
        PROVINCE_ALIASES.get(search_key(p.name), search_key(p.name)): p.code for p in provinces.values()
    }
    ggd_by_name = {search_key(name): g.code for name, g in ggds.items()}
    seen: dict[str, set[tuple[str | None, str | None]]] = {}
    for name, province, ggd in postcode.select("gemeente", "provincie", "ggdregio").unique().iter_rows():
        if not name:
            continue
        pv = pv_by_name.get(PROVINCE_ALIASES.get(search_key(province or ""), search_key(province or "")))
        seen.setdefault(search_key(name), set()).add((pv, ggd_by_name.get(search_key(ggd or ""))))
    return {key: next(iter(found)) for key, found in seen.items() if len(found) == 1}
