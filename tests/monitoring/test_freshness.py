"""Freshness and the publication rule: an event is in the tallies after one consume; it is published only
after its period closed and the outbox holds nothing older; an open period is never published; a
published period never changes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum
from django.utils import timezone

from kansrijk.care.models import OutboxEntry
from kansrijk.monitoring.models import Publication, PublishedFigure, Tally
from kansrijk.monitoring.periods import period_containing
from kansrijk.monitoring.selectors import closed_periods, coalition_figures, monitor_rows
from kansrijk.monitoring.services.consume import monitor_consume, monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from tests.care.personas import CareCast
from tests.monitoring.support import add, at, entry
from tests.personas import Cast

OCTOBER = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)


def _october(cast: Cast, n: int = 30, kind: str = "gezin_aangemeld") -> None:
    add(
        entry(cast.coalition, kind, when=at(OCTOBER + dt.timedelta(days=i % 28)), wijk="WK034401")
        for i in range(n)
    )


def _figures() -> list[tuple[object, ...]]:
    return list(
        PublishedFigure.objects.order_by("pk").values_list(
            "publication_id", "indicator", "category", "area_kind", "area_code", "teller", "noemer", "waarde",
            "suppressed",
        )
    )  # fmt: skip


def test_a_care_event_is_in_the_tallies_after_one_consume(care: CareCast) -> None:
    # The care cast registered families through care's own services (which write the outbox).
    registered = OutboxEntry.objects.filter(kind="gezin_aangemeld").count()
    assert registered > 0
    monitor_consume()
    today = timezone.localdate()
    assert Tally.objects.filter(metric="aangemeld", day=today).aggregate(n=Sum("value"))["n"] == registered
    # … but not published: its period is still open.
    assert monitor_publish() == []
    assert Publication.objects.count() == 0


def test_published_only_after_the_period_closes(cast: Cast, monthly: None) -> None:
    _october(cast)
    monitor_consume_all()
    assert monitor_publish(now=at(dt.date(2026, 10, 31), 23)) == []  # October still open
    published = monitor_publish(now=at(NOVEMBER, 0) + dt.timedelta(minutes=1))
    assert [(p.period_start, p.period_end) for p in published] == [(OCTOBER, NOVEMBER)]
    row = PublishedFigure.objects.get(indicator="gezinnen_aangemeld", area_kind="coalitie")
    assert (row.teller, row.waarde, row.suppressed) == (30, 30.0, False)
    assert row.area_code == str(cast.coalition.public_id) and row.coalition_id == cast.coalition.pk
    assert [p.label for p in closed_periods()] == ["oktober 2026"]


def test_not_published_while_older_events_wait_in_the_outbox(cast: Cast, monthly: None) -> None:
    _october(cast)
    # Nothing consumed yet: the outbox holds October events, so October waits.
    assert monitor_publish(now=at(dt.date(2026, 11, 5))) == []
    monitor_consume(limit=10)
    assert monitor_publish(now=at(dt.date(2026, 11, 5))) == []
    monitor_consume_all()
    assert len(monitor_publish(now=at(dt.date(2026, 11, 5)))) == 1


def test_an_open_period_is_never_published(cast: Cast, monthly: None) -> None:
    _october(cast)
    add(entry(cast.coalition, "gezin_aangemeld", when=at(NOVEMBER + dt.timedelta(days=2))) for _ in range(40))
    monitor_consume_all()
    now = at(dt.date(2026, 11, 20))
    published = monitor_publish(now=now)
    assert [p.period_start for p in published] == [OCTOBER]
    assert not Publication.objects.filter(period_start=NOVEMBER).exists()
    assert monitor_publish(now=now) == []  # nothing new, and November stays open
    assert all(r["periode"] == "oktober 2026" for r in monitor_rows(coalition=cast.coalition))


def test_a_published_period_never_changes(cast: Cast, monthly: None) -> None:
    _october(cast)
    monitor_consume_all()
    monitor_publish(now=at(dt.date(2026, 11, 2)))
    before = _figures()
    # A late event for October (e.g. a delayed transaction) is counted, but October stays as published.
    _october(cast, n=15)
    monitor_consume_all()
    assert monitor_publish(now=at(dt.date(2026, 11, 3))) == []
    assert _figures() == before
    assert Publication.objects.count() == 1


def test_a_period_without_events_publishes_nothing(cast: Cast, monthly: None) -> None:
    add([entry(cast.coalition, "gezin_aangemeld", when=at(dt.date(2026, 8, 10)))])
    _october(cast)
    monitor_consume_all()
    published = monitor_publish(now=at(dt.date(2026, 11, 2)))
    assert [p.period_start for p in published] == [dt.date(2026, 8, 1), OCTOBER]  # September had none
    assert [p.label for p in closed_periods()] == ["oktober 2026", "augustus 2026"]


def test_weekly_periods(cast: Cast, settings: object) -> None:
    settings.KANSRIJK_MONITOR_PERIOD = "week"  # type: ignore[attr-defined]
    day = dt.date(2026, 11, 18)  # a Wednesday in ISO week 47
    add(entry(cast.coalition, "gezin_aangemeld", when=at(day)) for _ in range(12))
    monitor_consume_all()
    week = period_containing(day, "week")
    assert (week.start, week.end, week.label) == (
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 23),
        "week 47 2026",
    )
    assert monitor_publish(now=at(dt.date(2026, 11, 22), 23)) == []
    [published] = monitor_publish(now=at(dt.date(2026, 11, 23)))
    assert (published.period_kind, published.period_start) == ("week", week.start)
    figures = coalition_figures(cast.coalition)
    assert {f.period.label for f in figures} == {"week 47 2026"}
