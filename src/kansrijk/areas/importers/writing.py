"""Write the import plan: indicators, areas (upserted by code) and CBS observations (replaced).

Areas are never deleted: colleagues' data (coalitions, duidingen) point at them. Only rows that
changed are updated, so a repeated load is cheap. Callers run this inside their transaction.
"""

from __future__ import annotations

from dataclasses import asdict

from kansrijk.areas.bulk import observations_insert
from kansrijk.areas.catalogue import CBS_SPECS
from kansrijk.areas.importers.areas import AreaRow, search_key
from kansrijk.areas.importers.observations import ObservationRow
from kansrijk.areas.models import Area, AreaLevel, Indicator, IndicatorSource, Observation
from kansrijk.areas.perinatal_catalogue import PERINATAL_INDICATORS
from kansrijk.areas.specs import IndicatorSpec

BATCH = 2000
# Levels in write order: a row's parent, province, GGD region and peer group exist before it.
LEVEL_ORDER = [
    AreaLevel.NL,
    AreaLevel.PROVINCE,
    AreaLevel.GGD,
    AreaLevel.PEERS,
    AreaLevel.MUNICIPALITY,
    AreaLevel.WIJK,
]
PLAIN = [
    "name",
    "name_short",
    "level",
    "current",
    "first_year",
    "last_year",
    "population",
    "search_name",
    "geometry",
]
LINKS = ["parent", "province", "ggd_region", "peer_group"]


def indicators_sync(specs: list[IndicatorSpec] | None = None) -> dict[str, Indicator]:
    """Make the Indicator table match the CBS and perinatal catalogues (the catalogues are the source)."""
    existing = {i.key: i for i in Indicator.objects.all()}
    out: dict[str, Indicator] = {}
    for spec in specs if specs is not None else [*CBS_SPECS, *PERINATAL_INDICATORS]:
        fields = {k: v for k, v in asdict(spec).items() if k != "key"}
        indicator = existing.get(spec.key)
        if indicator is None:
            indicator = Indicator.objects.create(key=spec.key, **fields)
        elif any(getattr(indicator, k) != v for k, v in fields.items()):
            for k, v in fields.items():
                setattr(indicator, k, v)
            indicator.save()
        out[spec.key] = indicator
    return out


def areas_upsert(rows: list[AreaRow]) -> dict[str, int]:
    """Create or update every area; returns code → id. Municipalities and wijken absent from this
    load are marked not current (their history and references stay)."""
    existing = {a.code: a for a in Area.objects.all()}
    ids = {code: a.pk for code, a in existing.items()}
    for level in LEVEL_ORDER:
        create: list[Area] = []
        update: list[Area] = []
        for row in (r for r in rows if r.level == level):
            values = {f: getattr(row, f) for f in PLAIN if f != "search_name"}
            values["search_name"] = search_key(row.name)
            links = {f"{f}_id": ids.get(getattr(row, f)) if getattr(row, f) else None for f in LINKS}
            area = existing.get(row.code)
            if area is None:
                create.append(Area(code=row.code, **values, **links))
                continue
            changed = {**values, **links}
            if any(getattr(area, k) != v for k, v in changed.items()):
                for k, v in changed.items():
                    setattr(area, k, v)
                update.append(area)
        for area in Area.objects.bulk_create(create, batch_size=BATCH):
            ids[area.code] = area.pk
        if update:
            Area.objects.bulk_update(update, [*PLAIN, *(f"{f}_id" for f in LINKS)], batch_size=500)
    seen = {r.code for r in rows}
    gone = [
        code
        for code, a in existing.items()
        if a.level in (AreaLevel.MUNICIPALITY, AreaLevel.WIJK) and a.current and code not in seen
    ]
    if gone:
        Area.objects.filter(code__in=gone).update(current=False)
    return ids


def observations_replace(
    rows: list[ObservationRow], *, indicators: dict[str, Indicator], area_ids: dict[str, int]
) -> int:
    """Replace every CBS observation by these rows (idempotent: a re-run gives the same table)."""
    Observation.objects.filter(indicator__source_kind=IndicatorSource.CBS).delete()
    return observations_insert(
        (
            area_ids[r.area],
            indicators[r.key].pk,
            r.year,
            r.value,
            r.numerator,
            r.denominator,
            r.approximate,
            r.note,
            r.source,
        )
        for r in rows
        if r.area in area_ids
    )
