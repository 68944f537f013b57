"""Small-number suppression for published perinatal figures.

Rule (docs/data.md): no published count below 10 (as Regiobeeld does).
1. Primary: a municipality with teller < 10 gets no value ("onderdrukt: minder dan 10"); its teller and
   noemer are kept, because region sums need them.
2. Complementary: a region value (Nederland, provincie, GGD-regio, vergelijkbare gemeenten) minus the
   published municipalities would reveal a single hidden municipality. So when exactly one municipality
   with figures in a region is suppressed, the next-smallest one (lowest teller, then code) is suppressed
   too. This repeats until no region has exactly one hidden member, because a new suppression can create
   that situation in another region.
3. Region: a region value is itself suppressed when its teller is below 10, or when it still has exactly
   one hidden member (no other municipality in the region has figures to hide instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

THRESHOLD = 10
PRIMARY = "onderdrukt: minder dan 10"
COMPLEMENTARY = "onderdrukt: aanvullend, zodat een onderdrukt cijfer niet via het regiototaal te herleiden is"
REGION_RECOVERABLE = "onderdrukt: zou een onderdrukte gemeente herleidbaar maken"


@dataclass(frozen=True)
class Cell:
    area: str  # municipality code
    numerator: float


def suppress(cells: Iterable[Cell], regions: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Municipality code → suppression note, for one indicator and year. `regions` maps each region to
    its member municipality codes; members without a cell are ignored."""
    by_area = {c.area: c for c in cells}
    hidden: dict[str, str] = {a: PRIMARY for a, c in by_area.items() if c.numerator < THRESHOLD}
    members = {r: sorted(a for a in codes if a in by_area) for r, codes in regions.items()}
    changed = True
    while changed:
        changed = False
        for region in sorted(members):
            present = members[region]
            if sum(1 for a in present if a in hidden) != 1:
                continue
            visible = sorted((by_area[a].numerator, a) for a in present if a not in hidden)
            if visible:
                hidden[visible[0][1]] = COMPLEMENTARY
                changed = True
    return hidden


def region_note(numerator: float | None, members: Iterable[str], hidden: Mapping[str, str]) -> str | None:
    """Why a region value must not be published, or None when it may be."""
    if numerator is not None and numerator < THRESHOLD:
        return PRIMARY
    if sum(1 for a in members if a in hidden) == 1:
        return REGION_RECOVERABLE
    return None
