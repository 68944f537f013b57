"""CBS StatLine OData v3: table metadata and rows, filtered to municipalities or wijken, with paging."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kansrijk.areas.download.columns import Column, dimension_key, resolve_columns, topic_key
from kansrijk.areas.download.http import DownloadError, fetch_json, with_query

# Region code prefixes in the KWB tables: GM gemeente, WK wijk, NL00 Nederland.
LEVEL_PREFIX: dict[str, str] = {"gemeente": "GM", "wijk": "WK", "land": "NL"}
# A safety stop: a table with more pages than this is not what we expect and is rejected, not looped on.
MAX_PAGES = 1000


@dataclass(frozen=True)
class Table:
    table_id: str
    properties: list[dict[str, Any]]
    region_key: str  # the region dimension ("WijkenEnBuurten" or, in older tables, "RegioS")
    period_key: str | None  # the time dimension in multi-year tables ("Perioden"), else None
    name_key: str | None  # "Gemeentenaam_1" where the table has it


def _values(payload: Any, url: str) -> tuple[list[dict[str, Any]], str | None]:
    """The rows and the next page link of one OData response; anything else is a malformed response."""
    if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
        raise DownloadError(f"Onverwacht antwoord van CBS ({url}): het veld 'value' ontbreekt.")
    rows = payload["value"]
    if not all(isinstance(r, dict) for r in rows):
        raise DownloadError(f"Onverwacht antwoord van CBS ({url}): 'value' bevat geen rijen.")
    link = payload.get("odata.nextLink")
    return rows, (str(link) if link else None)


def fetch_all(url: str, *, on_page: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """Every row of an OData collection, following `odata.nextLink` until the last page."""
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if next_url is None:
            return
        rows, next_url = _values(fetch_json(next_url), next_url)
        if on_page is not None:
            on_page(len(rows))
        yield from rows
    raise DownloadError(f"CBS gaf meer dan {MAX_PAGES} pagina's voor {url}; afgebroken.")


def table(base_url: str, table_id: str) -> Table:
    """DataProperties of a table: which dimensions and topics it has."""
    url = f"{base_url.rstrip('/')}/{table_id}/DataProperties"
    properties = list(fetch_all(url))
    region_key = dimension_key(properties, "GeoDetail") or dimension_key(properties, "GeoDimension")
    if region_key is None:
        raise DownloadError(f"CBS-tabel {table_id} heeft geen regio-dimensie; is dit een KWB-tabel?")
    return Table(
        table_id=table_id,
        properties=properties,
        region_key=region_key,
        period_key=dimension_key(properties, "TimeDimension"),
        name_key=topic_key(properties, "Gemeentenaam"),
    )


def region_titles(base_url: str, tab: Table, prefix: str) -> dict[str, str]:
    """Region code → title from the region dimension (used for wijk names and as a name fallback)."""
    url = with_query(
        f"{base_url.rstrip('/')}/{tab.table_id}/{tab.region_key}",
        {"$filter": f"startswith(Key,'{prefix}')", "$select": "Key,Title"},
    )
    return {str(r["Key"]).strip(): str(r.get("Title") or "").strip() for r in fetch_all(url)}


def rows(
    base_url: str,
    tab: Table,
    *,
    level: str,
    columns: list[Column],
    year: int | None,
    on_page: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """TypedDataSet rows of one region level, only the columns we need; codes and names stripped."""
    prefix = LEVEL_PREFIX[level]
    filters = [f"startswith({tab.region_key},'{prefix}')"]
    if tab.period_key is not None and year is not None:
        # Multi-year tables (70904ned: 2009–2012) carry a period per row, e.g. "2012JJ00".
        filters.append(f"{tab.period_key} eq '{year}JJ00'")
    select = [tab.region_key] + ([tab.name_key] if tab.name_key else []) + [c.key for c in columns]
    url = with_query(
        f"{base_url.rstrip('/')}/{tab.table_id}/TypedDataSet",
        {"$filter": " and ".join(filters), "$select": ",".join(dict.fromkeys(select))},
    )
    out = []
    for row in fetch_all(url, on_page=on_page):
        code = row.get(tab.region_key)
        if not isinstance(code, str):
            raise DownloadError(f"Onverwacht antwoord van CBS-tabel {tab.table_id}: rij zonder regiocode.")
        out.append({**row, tab.region_key: code.strip()})
    return out


def kwb_columns(tab: Table, mapping: dict[str, list[str]]) -> list[Column]:
    return resolve_columns(tab.properties, mapping)
