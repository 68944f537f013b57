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
from kansrijk.areas.models import Area, AreaLevel, ImportRun, Indicator, Observation
from kansrijk.areas.perinatal_catalogue import PERINATAL_INDICATORS, SOURCE
from kansrijk.areas.perinatal_parse import PerinatalRow, parse_perinatal_csv
from kansrijk.areas.perinatal_suppression import Cell, region_note, suppress
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


def _region_members() -> dict[int, set[str]]:
    """Region area id → codes of its member municipalities (current and dissolved)."""
    members: dict[int, set[str]] = defaultdict(set)
    nl = Area.objects.filter(level=AreaLevel.NL).values_list("id", flat=True).first()
    for code, province, ggd, peers in Area.objects.filter(level=AreaLevel.MUNICIPALITY).values_list(
        "code", "province_id", "ggd_region_id", "peer_group_id"
    ):
        for region in (nl, province, ggd, peers):
            if region is not None:
                members[region].add(code)
    return members


def _suppress_municipalities(
    indicators: dict[str, Indicator], pairs: set[tuple[str, int]], members: dict[int, set[str]]
) -> dict[tuple[str, int], dict[str, str]]:
    """Recompute municipality values and suppression for every (indicator, year) touched, over all
    municipality observations in the database (earlier imports count for region sums too)."""
    out = {}
    for key, year in sorted(pairs):
        indicator = indicators[key]
        observations = list(
            Observation.objects.filter(
                indicator=indicator, year=year, area__level=AreaLevel.MUNICIPALITY
            ).select_related("area")
        )
        cells = [Cell(o.area.code, o.numerator) for o in observations if o.numerator is not None]
        hidden = suppress(cells, {str(r): codes for r, codes in members.items()})
        for o in observations:
            note = hidden.get(o.area.code)
            if note or o.numerator is None or not o.denominator:
                o.value = None
            else:
                o.value = o.numerator / o.denominator * indicator.scale
            o.note = note or ""
        Observation.objects.bulk_update(observations, ["value", "note"])
        out[(key, year)] = hidden
    return out


def _suppress_regions(
    indicator: Indicator, year: int, members: dict[int, set[str]], hidden: dict[str, str]
) -> None:
    present = set(
        Observation.objects.filter(
            indicator=indicator, year=year, area__level=AreaLevel.MUNICIPALITY
        ).values_list("area__code", flat=True)
    )
    regions = Observation.objects.filter(indicator=indicator, year=year, area__level__in=REGION_LEVELS)
    for region in regions:
        note = region_note(region.numerator, members.get(region.area_id, set()) & present, hidden)
        if note:
            region.value = None
            region.note = note
            region.save(update_fields=["value", "note"])


def perinatal_import(*, path: Path, source: str = "", actor: User | SystemActor = IMPORT) -> ImportRun:
    """Import one perinatal CSV; returns the ImportRun. Raises PerinatalFileError and writes nothing
    when the file has any problem."""
    source = source.strip() or SOURCE
    levels = dict(Area.objects.values_list("code", "level"))
    rows: list[PerinatalRow] = parse_perinatal_csv(path, municipalities=levels)
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
        pairs = {(r.indicator, r.year) for r in rows}
        keys = sorted({r.indicator for r in rows})
        members = _region_members()
        hidden_by_pair = _suppress_municipalities(indicators, pairs, members)
        # Region values are sum(teller) / sum(noemer) over all municipalities, hidden ones included …
        aggregate_regions(indicator_keys=keys)
        # … and are then withheld where they are small or would reveal a hidden municipality.
        for (key, year), hidden_here in hidden_by_pair.items():
            _suppress_regions(indicators[key], year, members, hidden_here)
        hidden = sum(len(h) for h in hidden_by_pair.values())
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
