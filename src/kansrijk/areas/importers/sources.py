"""Read and check every open-data file of the area layer (nothing is written here).

The result, `Sources`, holds checked polars frames and GeoJSON features; `areas.py` and
`observations.py` turn them into rows. Each reader raises DataImportError on the first problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from kansrijk.areas.importers.errors import DataImportError
from kansrijk.areas.importers.reading import check_codes, read_csv, read_geojson

GM = re.compile(r"^GM\d{4}$")
WK = re.compile(r"^WK\d{4}[0-9A-Z]{2}$")
PV = re.compile(r"^PV\d{2}$")
NL = "NL00"
ABROAD_WIJK = "WK099899"  # "Buitenland" in the wijk files: not an area of the Netherlands
# CBS placeholder "not assigned to a municipality" (an empty row in KWB 2012): not an area.
UNASSIGNED_GM = "GM9999"

GEMEENTEN = "gemeenten/gemeenten_2025.csv"
GEMEENTEN_YEAR = 2025
KWB_DIR = "kwb"
KWB_FILE = re.compile(r"^kwb_gemeente_(\d{4})\.csv$")
KWB_WIJK = "kwb/kwb_wijk_2024.csv"
WIJK_YEAR = 2024
PEER_YEAR = 2024  # stedelijkheid and size of the peer groups come from KWB 2024
INKOMEN_FILE = "inkomen/inkomen_gemeente_wijk_2020.csv"
INKOMEN_YEAR = 2020
INKOMEN_DIVISION_YEAR = 2023  # the income table uses the municipal division of 2023
POSTCODE = "postcode/pc_gemeente_ggd_2021.csv"
GEO_GEMEENTE = "grenzen/gemeente_2025.geojson"
GEO_PROVINCIE = "grenzen/provincie_2022.geojson"
GEO_GGD = "grenzen/ggdregio_2022.geojson"
GEO_WIJK = "grenzen/wijk_2024.geojson"


@dataclass
class Sources:
    data_dir: Path
    gemeenten: pl.DataFrame
    kwb: dict[int, pl.DataFrame]  # year → KWB municipality file of that year (own boundaries)
    wijk: pl.DataFrame
    inkomen: pl.DataFrame
    postcode: pl.DataFrame
    geo_gemeente: dict[str, dict[str, Any]]
    geo_provincie: dict[str, dict[str, Any]]
    geo_ggd: dict[str, dict[str, Any]]
    geo_wijk: dict[str, dict[str, Any]]
    rows: dict[str, int] = field(default_factory=dict)  # relative path → rows read


def _gemeenten(path: Path) -> pl.DataFrame:
    text_cols = [
        "gemeentecode",
        "gemeentenaam",
        "gemeentenaam_kort",
        "provinciecode",
        "provincienaam",
        "ggd_regio",
    ]
    frame = read_csv(path, required=[*text_cols, "inwoners_2024"], text_columns=text_cols)
    check_codes(path, frame, "gemeentecode", GM, what="gemeentecode")
    for col, pattern, what in (("provinciecode", PV, "provinciecode"),):
        for index, code in enumerate(frame.get_column(col).to_list()):
            if code is None or not pattern.match(code):
                raise DataImportError(path, index + 2, col, f"'{code or ''}' is geen geldige {what}")
    for col in ("gemeentenaam", "provincienaam", "ggd_regio"):
        empty = frame.get_column(col).is_null()
        if empty.any():
            raise DataImportError(path, int(empty.arg_true()[0]) + 2, col, "waarde ontbreekt")
    return frame


def _kwb(path: Path, year: int) -> pl.DataFrame:
    text_cols = ["gemeentecode", "gemeentenaam"]
    frame = read_csv(path, required=["jaar", *text_cols, "aantal_inwoners"], text_columns=text_cols)
    check_codes(path, frame, "gemeentecode", GM, what="gemeentecode")
    wrong = frame.get_column("jaar") != year
    if wrong.any():
        index = int(wrong.arg_true()[0])
        raise DataImportError(
            path, index + 2, "jaar", f"jaar {frame['jaar'][index]:g} past niet bij bestand {year}"
        )
    return frame.filter(pl.col("gemeentecode") != UNASSIGNED_GM)


def _wijk(path: Path, municipalities: set[str]) -> pl.DataFrame:
    text_cols = ["wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"]
    frame = read_csv(path, required=[*text_cols, "aantal_inwoners"], text_columns=text_cols)
    check_codes(path, frame, "wijkcode", WK, what="wijkcode")
    for index, (code, gm) in enumerate(frame.select("wijkcode", "gemeentecode").iter_rows()):
        if code != ABROAD_WIJK and gm not in municipalities:
            raise DataImportError(path, index + 2, "gemeentecode", f"wijk {code}: gemeente {gm} bestaat niet")
    return frame.filter(pl.col("wijkcode") != ABROAD_WIJK)


def _inkomen(path: Path, municipalities: set[str]) -> pl.DataFrame:
    text_cols = ["niveau", "code", "gemeentecode", "naam"]
    values = ["gem_persoonlijk_inkomen_x1000", "pct_hh_laagste40_besteedbaar", "pct_hh_hoogste20_besteedbaar"]
    frame = read_csv(path, required=[*text_cols, *values], text_columns=text_cols)
    patterns = {"land": re.compile(r"^NL00$"), "gemeente": GM, "wijk": WK}
    for index, (level, code, gm) in enumerate(frame.select("niveau", "code", "gemeentecode").iter_rows()):
        line = index + 2
        if level not in patterns:
            raise DataImportError(
                path, line, "niveau", f"'{level or ''}' is geen niveau (land, gemeente of wijk)"
            )
        if code is None or not patterns[level].match(code):
            raise DataImportError(
                path, line, "code", f"'{code or ''}' is geen geldige code voor niveau {level}"
            )
        if level == "gemeente" and code not in municipalities:
            raise DataImportError(path, line, "code", f"gemeente {code} bestaat niet")
        if level == "wijk" and gm not in municipalities:
            raise DataImportError(
                path, line, "gemeentecode", f"wijk {code}: gemeente {gm or ''} bestaat niet"
            )
    check_codes(path, frame, "code", re.compile(r"^(NL00|GM\d{4}|WK\d{4}[0-9A-Z]{2})$"), what="code")
    return frame


def _postcode(path: Path) -> pl.DataFrame:
    # The postcode stays text: "1012" is a code, not a number (PC4 rows are checked in postcodes.py).
    text_cols = ["postcode", "plaats", "gemeente", "provincie", "nuts3", "ggdregio"]
    return read_csv(
        path, required=["postcode", "gemeente", "provincie", "ggdregio", "inwoners"], text_columns=text_cols
    )


def read_sources(data_dir: Path) -> Sources:
    """Read every file; raise DataImportError on the first problem (before anything is written)."""
    if not data_dir.is_dir():
        raise DataImportError(data_dir, None, None, "datamap bestaat niet (zet KANSRIJK_DATA_DIR)")
    rows: dict[str, int] = {}
    gemeenten = _gemeenten(data_dir / GEMEENTEN)
    rows[GEMEENTEN] = gemeenten.height
    municipalities = set(gemeenten.get_column("gemeentecode").to_list())
    kwb: dict[int, pl.DataFrame] = {}
    kwb_dir = data_dir / KWB_DIR
    for path in sorted(kwb_dir.glob("kwb_gemeente_*.csv")) if kwb_dir.is_dir() else []:
        match = KWB_FILE.match(path.name)
        if match:
            kwb[int(match.group(1))] = _kwb(path, int(match.group(1)))
            rows[f"{KWB_DIR}/{path.name}"] = kwb[int(match.group(1))].height
    if PEER_YEAR not in kwb:
        raise DataImportError(
            kwb_dir / f"kwb_gemeente_{PEER_YEAR}.csv", None, None, "bestand ontbreekt in de datamap"
        )
    wijk = _wijk(data_dir / KWB_WIJK, municipalities)
    rows[KWB_WIJK] = wijk.height
    inkomen = _inkomen(data_dir / INKOMEN_FILE, municipalities)
    rows[INKOMEN_FILE] = inkomen.height
    postcode = _postcode(data_dir / POSTCODE)
    rows[POSTCODE] = postcode.height
    geo = {
        GEO_GEMEENTE: read_geojson(data_dir / GEO_GEMEENTE, key="statcode"),
        GEO_PROVINCIE: read_geojson(data_dir / GEO_PROVINCIE, key="provincie"),
        GEO_GGD: read_geojson(data_dir / GEO_GGD, key="ggdregio"),
        GEO_WIJK: read_geojson(data_dir / GEO_WIJK, key="wijkcode"),
    }
    rows.update({name: len(features) for name, features in geo.items()})
    return Sources(
        data_dir=data_dir,
        gemeenten=gemeenten,
        kwb=kwb,
        wijk=wijk,
        inkomen=inkomen,
        postcode=postcode,
        geo_gemeente=geo[GEO_GEMEENTE],
        geo_provincie=geo[GEO_PROVINCIE],
        geo_ggd=geo[GEO_GGD],
        geo_wijk=geo[GEO_WIJK],
        rows=rows,
    )
