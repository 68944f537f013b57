"""Helpers for the monitor tests: outbox entries written as care writes them (the model, no mock)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from kansrijk.areas.models import Area
from kansrijk.care.models import OutboxEntry
from kansrijk.coalitions.models import Coalition
from kansrijk.monitoring.models import Tally


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


_areas: dict[str, Area] = {}


def area(code: str) -> Area:
    if code not in _areas or not Area.objects.filter(pk=_areas[code].pk).exists():
        _areas[code] = Area.objects.get(code=code)
    return _areas[code]


def entry(
    coalition: Coalition,
    kind: str,
    *,
    when: dt.datetime,
    municipality: str = "GM0344",
    wijk: str | None = None,
    synthetic: bool = False,
    **attrs: object,
) -> OutboxEntry:
    return OutboxEntry(
        kind=kind,
        occurred_at=when,
        coalition=coalition,
        municipality=area(municipality),
        wijk=area(wijk) if wijk else None,
        attrs=attrs,
        is_synthetic=synthetic,
    )


def add(entries: Iterable[OutboxEntry]) -> int:
    return len(OutboxEntry.objects.bulk_create(list(entries)))


def tallies(**filters: object) -> dict[tuple[str, int], int]:
    """(metric, bucket) → summed value."""
    out: dict[tuple[str, int], int] = {}
    for t in Tally.objects.filter(**filters):
        out[(t.metric, t.bucket)] = out.get((t.metric, t.bucket), 0) + t.value
    return out
