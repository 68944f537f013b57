"""Small-number protection of the published perinatal tables: `kansrijk.core.disclosure` applied.

Per indicator and year the published tables are the teller and the noemer of every municipality and of
every region (Nederland, provinces, GGD regions, peer groups); a region's teller and noemer are the sums
over its municipalities with figures. A municipality's or region's value is published or withheld as a
whole (percentage, teller and noemer together); a withheld value keeps its counts in the database only,
because the region sums need them. Every withheld value carries the same label (`HIDDEN_LABEL`).
Each year is protected on its own: no multi-year totals are published.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping

from kansrijk.core.disclosure import HIDDEN_LABEL, THRESHOLD, Tables, Total, protect

__all__ = ["HIDDEN_LABEL", "THRESHOLD", "hidden_areas", "perinatal_tables"]

TELLER = "teller"
NOEMER = "noemer"


def perinatal_tables(counts: Mapping[str, tuple[int, int]], regions: Mapping[str, Iterable[str]]) -> Tables:
    """The linked tables of one indicator and year. `counts`: municipality code → (teller, noemer);
    `regions`: region code → its member municipality codes (members without figures are ignored; a
    region without any member with figures publishes nothing)."""
    cells: dict[Hashable, int] = {}
    totals: list[Total] = []
    published_regions: list[str] = []
    for code, (teller, noemer) in counts.items():
        cells[(TELLER, code)] = teller
        cells[(NOEMER, code)] = noemer
    for region, codes in sorted(regions.items()):
        present = sorted(c for c in set(codes) if c in counts)
        if not present:
            continue
        published_regions.append(region)
        for kind, i in ((TELLER, 0), (NOEMER, 1)):
            cells[(kind, region)] = sum(counts[c][i] for c in present)
            totals.append(Total((kind, region), tuple((kind, c) for c in present)))
    areas = sorted({*counts, *published_regions})
    return Tables(
        cells=cells,
        totals=tuple(totals),
        # Public knowledge: a teller never exceeds its noemer …
        at_most=tuple(((TELLER, a), (NOEMER, a)) for a in areas),
        # … and a percentage with its noemer gives away the teller, so the three go out or stay in together.
        together=tuple(frozenset({(TELLER, a), (NOEMER, a)}) for a in areas),
    )


def hidden_areas(tables: Tables, *, threshold: int = THRESHOLD) -> set[str]:
    """The municipality and region codes whose value must be withheld."""
    hidden: frozenset[tuple[str, str]] = protect(tables, threshold=threshold)  # type: ignore[assignment]
    return {code for _kind, code in hidden}
