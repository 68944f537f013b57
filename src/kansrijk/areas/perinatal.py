"""`kansrijk data perinatal FILE.csv`: import perinatal indicators from a Perined / RIVM export.

All-or-nothing: the file is parsed and checked completely first, then everything is written in one
transaction with its ImportRun and audit event; any error leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict
from pathlib import Path

from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.areas.aggregation import aggregate_regions
from kansrijk.areas.hooks import import_done_on_commit
from kansrijk.areas.models import Area, AreaLevel, ImportRun, Indicator, Observation
from kansrijk.areas.perinatal_catalogue import PERINATAL_INDICATORS, SOURCE
from kansrijk.areas.perinatal_parse import PerinatalRow, parse_perinatal_csv
from kansrijk.areas.perinatal_suppression import HIDDEN_LABEL, hidden_areas, perinatal_tables
from kansrijk.areas.perinatal_years import municipality_years
from kansrijk.audit import services as audit
from kansrijk.audit.actors import IMPORT, SystemActor

REGION_LEVELS = (AreaLevel.NL, AreaLevel.PROVINCE, AreaLevel.GGD, AreaLevel.PEERS)


def perinatal_indicators_sync() -> dict[str, Indicator]:
    """Make the Indicator rows match PERINATAL_INDICATORS (the catalogue is the single source)."""
    out = {}
    for spec in PERINATAL_INDICATORS:
        fields = {k: v for k, v in asdict(spec).items() if k != "key"}
        out[spec.key], _ = Indicator.objects.update_or_create(key=spec.key, defaults=fields)
    return out


def _region_members() -> dict[str, set[str]]:
    """Region code → codes of its member municipalities (current and dissolved), exactly as
    `aggregate_regions` sums them."""
    regions = dict(Area.objects.filter(level__in=REGION_LEVELS).values_list("id", "code"))
    nl_id = Area.objects.filter(level=AreaLevel.NL).values_list("id", flat=True).first()
    nl = regions.get(nl_id) if nl_id is not None else None
    members: dict[str, set[str]] = defaultdict(set)
    for code, province, ggd, peers in Area.objects.filter(level=AreaLevel.MUNICIPALITY).values_list(
        "code", "province_id", "ggd_region_id", "peer_group_id"
    ):
        for region in (nl, regions.get(province), regions.get(ggd), regions.get(peers)):
            if region is not None:
                members[region].add(code)
    return members


def _protect(indicator: Indicator, year: int, members: dict[str, set[str]]) -> int:
    """Set the published value of every municipality and region observation of one indicator and year:
    the value, or nothing with the one neutral label where the disclosure control withholds it.
    Returns the number of withheld observations."""
    observations = list(
        Observation.objects.filter(indicator=indicator, year=year, area__level=AreaLevel.MUNICIPALITY)
        .select_related("area")
        .order_by("area__code")
    )
    counts = {
        o.area.code: (round(o.numerator), round(o.denominator))
        for o in observations
        if o.numerator is not None and o.denominator
    }
    hidden = hidden_areas(perinatal_tables(counts, members))
    for o in observations:
        if o.area.code in hidden or o.area.code not in counts:
            o.value = None
            o.note = HIDDEN_LABEL if o.area.code in hidden else ""
        else:
            o.value = o.numerator / o.denominator * indicator.scale  # type: ignore[operator]
            o.note = ""
    Observation.objects.bulk_update(observations, ["value", "note"])
    regions = list(
        Observation.objects.filter(
            indicator=indicator, year=year, area__level__in=REGION_LEVELS, area__code__in=hidden
        )
    )
    for region in regions:
        region.value = None
        region.note = HIDDEN_LABEL
    Observation.objects.bulk_update(regions, ["value", "note"])
    return len(hidden)


def perinatal_import(*, path: Path, source: str = "", actor: User | SystemActor = IMPORT) -> ImportRun:
    """Import one perinatal CSV; returns the ImportRun. Raises PerinatalFileError and writes nothing
    when the file has any problem."""
    source = source.strip() or SOURCE
    levels = dict(Area.objects.values_list("code", "level"))
    years = municipality_years()
    rows: list[PerinatalRow] = parse_perinatal_csv(path, municipalities=levels, year_problem=years.problem)
    with transaction.atomic():
        indicators = perinatal_indicators_sync()
        areas = {a.code: a for a in Area.objects.filter(code__in={r.code for r in rows})}
        for row in rows:
            Observation.objects.update_or_create(
                area=areas[row.code],
                indicator=indicators[row.indicator],
                year=row.year,
                defaults={
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "value": None,
                    "approximate": False,
                    "note": "",
                    "source": source,
                },
            )
        keys = sorted({r.indicator for r in rows})
        # Region values are sum(teller) / sum(noemer) over all municipalities, hidden ones included;
        # this recomputes every year of these indicators …
        aggregate_regions(indicator_keys=keys)
        # … so every year of them is protected again (earlier imports count for the region sums too).
        members = _region_members()
        pairs = (
            Observation.objects.filter(indicator__key__in=keys, area__level=AreaLevel.MUNICIPALITY)
            .values_list("indicator__key", "year")
            .distinct()
        )
        hidden = sum(_protect(indicators[key], year, members) for key, year in sorted(set(pairs)))
        run = ImportRun.objects.create(
            kind="perinataal",
            source=f"{source} ({path.name})",
            rows=len(rows),
            observations=len(rows),
            summary={
                "indicatoren": keys,
                "jaren": sorted({r.year for r in rows}),
                "gemeenten": len({r.code for r in rows}),
                "onderdrukt": hidden,
            },
        )
        import_done_on_commit(run)  # pre-render after the commit (areas/hooks.py)
        audit.record(
            actor=actor,
            action="data.perinatal_imported",
            obj=run,
            changes={
                "bestand": path.name,
                "bron": source,
                "regels": len(rows),
                "indicatoren": keys,
                "onderdrukt": hidden,
            },
        )
    return run
