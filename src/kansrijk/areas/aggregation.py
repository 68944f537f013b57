"""Region observations (Nederland, provinces, GGD regions, peer groups) from municipality observations.

Per indicator and year: region value = Σ numerator / Σ denominator × scale over the region's
municipalities of that year (each year in its own boundaries) — never a mean of percentages
(design.md §3; open-data README). Counts are summed; classes (stedelijkheid) are not aggregated.
Municipalities without a usable value are left out and the region value says so and is approximate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from kansrijk.areas.bulk import ObservationValues, observations_insert
from kansrijk.areas.catalogue import CLASS, COUNT, DERIVED_COUNT, NATIONAL_BY_DEFINITION, aggregation_method
from kansrijk.areas.models import Area, AreaLevel, Indicator, Observation

REGION_LEVELS = (AreaLevel.NL, AreaLevel.PROVINCE, AreaLevel.GGD, AreaLevel.PEERS)
AGGREGATE_SOURCE = "Berekend uit de gemeentecijfers: som van tellers / som van noemers"


@dataclass
class _Acc:
    members: int = 0  # municipalities of this region with an observation that year
    used: int = 0  # … of which had a usable numerator (and denominator)
    numerator: float = 0.0
    denominator: float = 0.0
    approximate: bool = False
    sources: set[str] = field(default_factory=set)


def _note(acc: _Acc, unmapped: int) -> str:
    parts = []
    if acc.used < acc.members:
        parts.append(f"gebaseerd op {acc.used} van {acc.members} gemeenten")
    if unmapped:
        parts.append(f"{unmapped} opgeheven gemeente(n) zonder bekende regio niet meegeteld")
    return "; ".join(parts)


def aggregate_regions(*, indicator_keys: list[str] | None = None) -> int:
    """(Re)compute the region observations of these indicators (default: all) for every year with
    municipality observations; returns the number of region observations written.

    Public: the perinatal import calls it after writing municipality figures."""
    queryset = Indicator.objects.all()
    if indicator_keys is not None:
        queryset = queryset.filter(key__in=indicator_keys)
    indicators = list(queryset)
    nl_id = Area.objects.filter(level=AreaLevel.NL).values_list("id", flat=True).first()
    links: dict[int, tuple[int | None, ...]] = {
        pk: (nl_id, province, ggd, peer)
        for pk, province, ggd, peer in Area.objects.filter(level=AreaLevel.MUNICIPALITY).values_list(
            "id", "province_id", "ggd_region_id", "peer_group_id"
        )
    }
    slots = _slots()
    written = 0
    with transaction.atomic():
        Observation.objects.filter(indicator__in=indicators, area__level__in=REGION_LEVELS).delete()
        for indicator in indicators:
            written += observations_insert(_aggregate_one(indicator, links, slots))
    return written


def _aggregate_one(
    indicator: Indicator, links: dict[int, tuple[int | None, ...]], slots: dict[int, int]
) -> list[ObservationValues]:
    method = aggregation_method(indicator.key)
    if method == CLASS:
        return []
    summed = method in (COUNT, DERIVED_COUNT)
    accs: dict[tuple[int, int], _Acc] = defaultdict(_Acc)
    # Per year and level slot (0 NL, 1 province, 2 GGD, 3 peers): municipalities without a region.
    unmapped: dict[tuple[int, int], int] = defaultdict(int)
    rows = Observation.objects.filter(indicator=indicator, area__level=AreaLevel.MUNICIPALITY).values_list(
        "area_id", "year", "numerator", "denominator", "approximate", "source"
    )
    for area_id, year, num, den, approximate, source in rows:
        # The numerator counts only if present and, for a rate, backed by a positive denominator.
        usable = num if num is not None and (summed or (den is not None and den > 0)) else None
        for slot, region in enumerate(links.get(area_id, (None, None, None, None))):
            if region is None:
                unmapped[(year, slot)] += 1
                continue
            acc = accs[(region, year)]
            acc.members += 1
            if source:
                acc.sources.add(source)
            if usable is not None:
                acc.used += 1
                acc.numerator += usable
                acc.denominator += den or 0.0
                acc.approximate |= approximate
    out: list[ObservationValues] = []
    for (region, year), acc in accs.items():
        if acc.used == 0:
            value = None
        elif summed:
            value = acc.numerator
        elif acc.denominator > 0:
            value = acc.numerator / acc.denominator * indicator.scale
        else:
            value = None
        missing_region = unmapped.get((year, slots.get(region, 0)), 0)
        note = _note(acc, missing_region)
        defined = NATIONAL_BY_DEFINITION.get(indicator.key)
        if defined is not None and slots.get(region) == 0 and acc.used:
            # Nederland: the definition (40 % / 20 %); the summed counts stay as they are.
            value = defined
            note = f"landelijk per definitie {format(defined, 'g')}%"
        out.append(
            (
                region,
                indicator.pk,
                year,
                value,
                acc.numerator if acc.used else None,
                None if summed or not acc.used else acc.denominator,
                acc.approximate or bool(note),
                note[:300],
                f"{AGGREGATE_SOURCE} ({'; '.join(sorted(acc.sources))})"[:300],
            )
        )
    return out


def _slots() -> dict[int, int]:
    """Region id → its slot in the links tuple (which level it is)."""
    order: dict[str, int] = {AreaLevel.NL: 0, AreaLevel.PROVINCE: 1, AreaLevel.GGD: 2, AreaLevel.PEERS: 3}
    return {
        pk: order[level]
        for pk, level in Area.objects.filter(level__in=REGION_LEVELS).values_list("id", "level")
    }
