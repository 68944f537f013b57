"""KWB per municipality and per wijk, and the income file, from CBS StatLine into our CSV layout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kansrijk.areas.download import cbs
from kansrijk.areas.download.columns import REQUIRED_COLUMNS, Column
from kansrijk.areas.download.files import write_csv
from kansrijk.areas.download.http import DownloadError, fetch_json
from kansrijk.areas.download.sources import INKOMEN_DIVISION, INKOMEN_TABLE, INKOMEN_YEAR, KWB_TABLES

# kwb_wijk_YYYY.csv: the "12 basic columns" of the open-data folder, in its order.
WIJK_COLUMNS: list[str] = [
    "aantal_inwoners",
    "mannen",
    "vrouwen",
    "0_15",
    "15_25",
    "25_45",
    "45_65",
    "65plus",
    "huishoudens",
    "gem_huishouden_grootte",
    "bevolkingsdichtheid",
    "personenautos",
]
INKOMEN_HEADER: list[str] = [
    "jaar",
    "indeling",
    "niveau",
    "code",
    "gemeentecode",
    "naam",
    "gem_persoonlijk_inkomen_x1000",
    "pct_hh_laagste40_besteedbaar",
    "pct_hh_hoogste20_besteedbaar",
]
# Income file column → our KWB column it is read from (same CBS variables, income year 2020).
INKOMEN_FROM_KWB: dict[str, str] = {
    "gem_persoonlijk_inkomen_x1000": "gem_inkomen_inwoner",
    "pct_hh_laagste40_besteedbaar": "pct_hh_laag_inkomen",
    "pct_hh_hoogste20_besteedbaar": "pct_hh_hoog_inkomen",
}


def _gm_of_wijk(code: str) -> str:
    # A wijk code is WK + the 4-digit municipality code + 2 characters.
    return "GM" + code[2:6]


def _values(row: dict[str, Any], columns: list[Column]) -> dict[str, Any]:
    """Our column → value; counts that we store as percentages are divided by their own denominator."""
    raw = {c.name: row.get(c.key) for c in columns}
    out: dict[str, Any] = {}
    for c in columns:
        value = raw[c.name]
        if value is not None and c.percent_of is not None:
            denominator = raw.get(c.percent_of)
            # Whole numbers, as PDOK publishes its percentages; no denominator → no value, never a guess.
            value = round(value / denominator * 100) if denominator else None
        out[c.name] = value
    return out


class KwbFetcher:
    """Fetches each table's metadata once per run; rows are cached per (year, level)."""

    def __init__(self, base_url: str, mapping: dict[str, list[str]], progress: Any) -> None:
        self.base_url = base_url
        self.mapping = mapping
        self.progress = progress
        self._tables: dict[str, cbs.Table] = {}
        self._rows: dict[tuple[str, str, int], list[dict[str, Any]]] = {}

    def table(self, table_id: str) -> cbs.Table:
        if table_id not in self._tables:
            self._tables[table_id] = cbs.table(self.base_url, table_id)
        return self._tables[table_id]

    def records(
        self, table_id: str, year: int, level: str, wanted: list[str] | None = None
    ) -> tuple[list[Column], list[dict[str, Any]]]:
        """Rows of one level as dicts of our column names plus code/name fields."""
        tab = self.table(table_id)
        columns = cbs.kwb_columns(tab, self.mapping)
        if wanted is not None:
            keep = set(wanted) | set(REQUIRED_COLUMNS)
            columns = [c for c in columns if c.name in keep]
        if not any(c.name == "aantal_inwoners" for c in columns):
            raise DownloadError(
                f"CBS-tabel {table_id} heeft geen kolom 'Aantal inwoners'; is dit een KWB-tabel?"
            )
        cache_key = (table_id, level, year)
        if cache_key not in self._rows:
            self._rows[cache_key] = cbs.rows(
                self.base_url, tab, level=level, columns=columns, year=year, on_page=self.progress
            )
        raw_rows = self._rows[cache_key]
        titles = (
            cbs.region_titles(self.base_url, tab, cbs.LEVEL_PREFIX[level])
            if (level == "wijk" or tab.name_key is None)
            else {}
        )
        out = []
        for row in raw_rows:
            code = row[tab.region_key]
            name = str(row.get(tab.name_key) or "").strip() if tab.name_key else ""
            out.append(
                {
                    "code": code,
                    "gemeentenaam": name or (titles.get(code, "") if level != "wijk" else ""),
                    "title": titles.get(code, ""),
                    **_values(row, columns),
                }
            )
        return columns, out


def write_kwb_gemeente(fetcher: KwbFetcher, tmp: Path, year: int) -> Path:
    columns, records = fetcher.records(KWB_TABLES[year], year, "gemeente")
    header = ["jaar", "gemeentecode", "gemeentenaam"] + [c.name for c in columns]
    rows = [{"jaar": year, "gemeentecode": r["code"], **r} for r in records]
    path = tmp / "kwb" / f"kwb_gemeente_{year}.csv"
    write_csv(path, header, rows, raw={"jaar", "gemeentecode", "gemeentenaam"})
    return path


def wijk_records(fetcher: KwbFetcher, year: int) -> list[dict[str, Any]]:
    """Wijk rows in our column names, as used by both kwb_wijk_YYYY.csv and grenzen/wijk_YYYY.geojson."""
    _, records = fetcher.records(KWB_TABLES[year], year, "wijk", WIJK_COLUMNS)
    names = {r["code"]: r["gemeentenaam"] for r in fetcher.records(KWB_TABLES[year], year, "gemeente")[1]}
    return [
        {
            "jaar": year,
            "wijkcode": r["code"],
            "wijknaam": r["title"],
            "gemeentecode": _gm_of_wijk(r["code"]),
            "gemeentenaam": r["gemeentenaam"] or names.get(_gm_of_wijk(r["code"]), ""),
            **{c: r.get(c) for c in WIJK_COLUMNS},
        }
        for r in records
    ]


def write_kwb_wijk(fetcher: KwbFetcher, tmp: Path, year: int) -> Path:
    header = ["jaar", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam", *WIJK_COLUMNS]
    path = tmp / "kwb" / f"kwb_wijk_{year}.csv"
    write_csv(
        path,
        header,
        wijk_records(fetcher, year),
        raw={"jaar", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"},
    )
    return path


def write_kwb_metadata(fetcher: KwbFetcher, tmp: Path, year: int) -> list[Path]:
    """The CBS variable dictionary of the newest table, named as in the open-data folder."""
    table_id = KWB_TABLES[year]
    infos = fetch_json(f"{fetcher.base_url.rstrip('/')}/{table_id}/TableInfos")
    if not isinstance(infos, dict) or not isinstance(infos.get("value"), list):
        raise DownloadError(f"Onverwacht antwoord van CBS: TableInfos van {table_id} ontbreekt.")
    out = []
    for suffix, doc in (
        ("DataProperties", fetcher.table(table_id).properties),
        ("TableInfos", infos["value"]),
    ):
        path = tmp / "kwb" / "metadata" / f"kwb{year}_{table_id}_{suffix}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
        out.append(path)
    return out


def write_inkomen(fetcher: KwbFetcher, tmp: Path) -> Path:
    """inkomen_gemeente_wijk_2020.csv from KWB 2022 (income year 2020), levels land, gemeente and wijk."""
    wanted = list(INKOMEN_FROM_KWB.values())
    rows: list[dict[str, Any]] = []
    for level in ("land", "gemeente", "wijk"):
        _, records = fetcher.records(INKOMEN_TABLE, INKOMEN_DIVISION, level, wanted)
        for r in records:
            gm = "" if level == "land" else r["code"] if level == "gemeente" else _gm_of_wijk(r["code"])
            name = (
                "Nederland" if level == "land" else r["gemeentenaam"] if level == "gemeente" else r["title"]
            )
            rows.append(
                {
                    "jaar": INKOMEN_YEAR,
                    "indeling": INKOMEN_DIVISION,
                    "niveau": level,
                    "code": r["code"],
                    "gemeentecode": gm,
                    "naam": name,
                    **{ours: r.get(kwb) for ours, kwb in INKOMEN_FROM_KWB.items()},
                }
            )
    path = tmp / "inkomen" / f"inkomen_gemeente_wijk_{INKOMEN_YEAR}.csv"
    # The folder's income file has one decimal ("25.6"); CBS publishes these with one decimal too.
    write_csv(path, INKOMEN_HEADER, rows, raw={"jaar", "indeling", "niveau", "code", "gemeentecode", "naam"})
    return path
