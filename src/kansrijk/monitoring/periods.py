"""Publication periods: ISO weeks (Monday to Monday) or calendar months, labelled in Dutch.

`KANSRIJK_MONITOR_PERIOD` (`maand`, default, or `week`) chooses the kind. A period is closed once its
end (exclusive, local midnight in TIME_ZONE) has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

WEEK = "week"
MONTH = "maand"
KINDS = (WEEK, MONTH)
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True, order=True)
class Period:
    """One period: start inclusive, end exclusive (dates in local time)."""

    kind: str
    start: dt.date
    end: dt.date
    label: str

    @property
    def end_at(self) -> dt.datetime:
        """The aware moment the period closes (local midnight at `end`)."""
        return timezone.make_aware(dt.datetime.combine(self.end, dt.time.min))

    @property
    def start_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.start, dt.time.min))


def configured_kind() -> str:
    kind = str(getattr(settings, "KANSRIJK_MONITOR_PERIOD", MONTH)).strip().lower()
    if kind not in KINDS:
        raise ImproperlyConfigured(f"KANSRIJK_MONITOR_PERIOD moet 'maand' of 'week' zijn, niet {kind!r}")
    return kind


def label(kind: str, start: dt.date) -> str:
    if kind == WEEK:
        year, week, _day = start.isocalendar()
        return f"week {week} {year}"
    return f"{MONTHS[start.month - 1]} {start.year}"


def period_containing(day: dt.date, kind: str) -> Period:
    if kind == WEEK:
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=7)
    elif kind == MONTH:
        start = day.replace(day=1)
        end = (start + dt.timedelta(days=32)).replace(day=1)
    else:
        raise ValueError(f"unknown period kind {kind!r}")
    return Period(kind=kind, start=start, end=end, label=label(kind, start))


def period_of(kind: str, start: dt.date, end: dt.date) -> Period:
    return Period(kind=kind, start=start, end=end, label=label(kind, start))


def periods_between(first_day: dt.date, last_day: dt.date, kind: str) -> Iterator[Period]:
    """Every period that holds a day in [first_day, last_day], oldest first."""
    period = period_containing(first_day, kind)
    while period.start <= last_day:
        yield period
        period = period_containing(period.end, kind)


def is_closed(period: Period, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= period.end_at


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
