"""gemeenten/gemeenten_2025.csv from "Gebieden in Nederland 2025" plus inhabitants from KWB 2024."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from kansrijk.areas.download import cbs
from kansrijk.areas.download.columns import topic_by_title
from kansrijk.areas.download.files import write_csv
from kansrijk.areas.download.http import DownloadError, with_query
from kansrijk.areas.download.kwb import KwbFetcher
from kansrijk.areas.download.sources import (
    GEBIEDEN_TABLE,
    GEBIEDEN_YEAR,
    GEMEENTEN_POPULATION_YEAR,
    KWB_TABLES,
)

HEADER = [
    "gemeentecode",
    "gemeentenaam",
    "gemeentenaam_kort",
    "provinciecode",
    "provincienaam",
    "ggd_regio",
    f"inwoners_{GEMEENTEN_POPULATION_YEAR}",
]
# (topic group title, topic title) in "Gebieden in Nederland": titles are stable across years, keys are not.
FIELDS: dict[str, tuple[str, str]] = {
    "gemeentenaam": ("Codes en namen van gemeenten", "Naam"),
    "provinciecode": ("Provincies", "Code"),
    "provincienaam": ("Provincies", "Naam"),
    "ggd_regio": ("GGD-regio's", "Naam"),
}
_SUFFIX = re.compile(r"\s*\([^)]*\)\s*$")


def short_names(names: list[str]) -> list[str]:
    """Drop a province suffix ("Hengelo (O.)" → "Hengelo") unless another municipality then has the same
    name ("Bergen (NH.)" and "Bergen (L.)" keep theirs). Checked against all 342 rows of the folder's file."""
    stripped = [_SUFFIX.sub("", n) for n in names]
    counts = Counter(stripped)
    return [s if counts[s] == 1 else n for s, n in zip(stripped, names, strict=True)]


def write_gemeenten(fetcher: KwbFetcher, tmp: Path) -> Path:
    tab = fetcher.table(GEBIEDEN_TABLE)
    keys = {field: topic_by_title(tab.properties, *where) for field, where in FIELDS.items()}
    missing = [f"{g} / {t}" for f, (g, t) in FIELDS.items() if keys[f] is None]
    if missing:
        raise DownloadError(f"CBS-tabel {GEBIEDEN_TABLE} mist de onderwerpen: {', '.join(missing)}.")
    url = with_query(
        f"{fetcher.base_url.rstrip('/')}/{GEBIEDEN_TABLE}/TypedDataSet",
        {
            "$filter": f"startswith({tab.region_key},'GM')",
            "$select": ",".join([tab.region_key, *(k for k in keys.values() if k)]),
        },
    )
    rows = [
        {
            "gemeentecode": str(r[tab.region_key]).strip(),
            **{field: str(r.get(key) or "").strip() for field, key in keys.items() if key},
        }
        for r in cbs.fetch_all(url, on_page=fetcher.progress)
    ]
    _, kwb = fetcher.records(
        KWB_TABLES[GEMEENTEN_POPULATION_YEAR], GEMEENTEN_POPULATION_YEAR, "gemeente", ["aantal_inwoners"]
    )
    population = {r["code"]: r.get("aantal_inwoners") for r in kwb}
    for row, short in zip(rows, short_names([r["gemeentenaam"] for r in rows]), strict=True):
        row["gemeentenaam_kort"] = short
        inhabitants = population.get(row["gemeentecode"])
        row[HEADER[-1]] = "" if inhabitants is None else str(int(inhabitants))
    rows.sort(key=lambda r: r["gemeentecode"])
    path = tmp / "gemeenten" / f"gemeenten_{GEBIEDEN_YEAR}.csv"
    write_csv(path, HEADER, rows, raw=set(HEADER))
    return path
