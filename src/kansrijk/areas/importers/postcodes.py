"""PC4 → today's municipality, from the 2021 postcode table, for search by postcode.

The table names municipalities (not codes) in the division of 2021. A name is matched to its code in
the municipality list of today or, for a municipality that has since merged, in the KWB year it last
appears; the code is then followed through `kansrijk.areas.mergers` to the current municipality. A
name or code that cannot be mapped stops the whole import (file, line, reason): a postcode never
points at a municipality that no longer exists. Rows for PC2/PC3 totals and postcodes without a
municipality (industrial areas, water: `NA`) are skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kansrijk.areas.importers.errors import DataImportError
from kansrijk.areas.importers.sources import POSTCODE, Sources
from kansrijk.areas.mergers import SPLIT_BY_PLACE, current_code
from kansrijk.areas.models import PostcodeArea

PC4 = re.compile(r"^[1-9][0-9]{3}$")


@dataclass(frozen=True)
class PostcodeRow:
    postcode: str
    municipality: str  # current CBS code
    place: str
    source_municipality: str  # the name in the source table


def _key(name: str) -> str:
    """Exact name without case, accents or punctuation, official suffix kept ("Bergen (NH.)")."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9()]+", "", name.lower())


def _codes_by_name(src: Sources) -> dict[str, set[str]]:
    """Name key → municipality codes: today's names (official and short), then the last name of every
    code in the KWB years (dissolved municipalities)."""
    found: dict[str, set[str]] = {}
    for code, name, short in src.gemeenten.select("gemeentecode", "gemeentenaam", "gemeentenaam_kort").rows():
        for text in {name, short or name}:
            found.setdefault(_key(text), set()).add(code)
    current = {code for codes in found.values() for code in codes}
    last: dict[str, str] = {}
    for _year, frame in sorted(src.kwb.items()):
        for code, name in frame.select("gemeentecode", "gemeentenaam").rows():
            if code not in current and name:
                last[code] = name
    for code, name in last.items():
        found.setdefault(_key(name), set()).add(code)
    return found


def build_postcodes(src: Sources) -> list[PostcodeRow]:
    """One row per PC4 that has a municipality, mapped to today's code. Raises DataImportError."""
    path = src.data_dir / POSTCODE
    current = set(src.gemeenten.get_column("gemeentecode").to_list())
    by_name = _codes_by_name(src)
    rows: dict[str, PostcodeRow] = {}
    frame = src.postcode.select("postcode", "plaats", "gemeente")
    for index, (postcode, place, name) in enumerate(frame.rows()):
        line = index + 2
        postcode = (postcode or "").strip()
        if len(postcode) < 4 or not name:
            continue  # a PC2/PC3 total, or a postcode where nobody lives in a municipality
        if not PC4.match(postcode):
            raise DataImportError(path, line, "postcode", f"'{postcode}' is geen postcode van vier cijfers")
        if postcode in rows:
            raise DataImportError(path, line, "postcode", f"postcode {postcode} komt twee keer voor")
        codes = by_name.get(_key(name), set())
        if len(codes) != 1:
            reason = "onbekend" if not codes else f"niet eenduidig ({', '.join(sorted(codes))})"
            raise DataImportError(path, line, "gemeente", f"gemeente '{name}' is {reason}")
        code = next(iter(codes))
        split = SPLIT_BY_PLACE.get(code)
        target = split.get(place or "") if split else current_code(code, current)
        if target is None:
            raise DataImportError(
                path, line, "gemeente", f"gemeente '{name}' ({code}) is opgeheven en de opvolger is onbekend"
            )
        rows[postcode] = PostcodeRow(postcode, target, place or "", name)
    return list(rows.values())


def postcodes_replace(rows: list[PostcodeRow], *, area_ids: dict[str, int]) -> int:
    """Replace the whole postcode table (idempotent: the same file gives the same rows)."""
    PostcodeArea.objects.all().delete()
    PostcodeArea.objects.bulk_create(
        [
            PostcodeArea(
                postcode=row.postcode,
                municipality_id=area_ids[row.municipality],
                place=row.place,
                source_municipality=row.source_municipality,
            )
            for row in rows
        ],
        batch_size=1000,
    )
    return len(rows)
