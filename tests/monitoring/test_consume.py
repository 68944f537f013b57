"""Consuming care's outbox into the tallies: every event kind counts as Contract 2 says, a burst of
10,000 events is consumed in seconds, and every event is counted exactly once."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from kansrijk.areas.models import Area
from kansrijk.care.aggregation import SyntheticEvent, outbox_add_synthetic, outbox_pending_count
from kansrijk.monitoring.models import Tally
from kansrijk.monitoring.services.consume import monitor_consume, monitor_consume_all
from tests.monitoring.support import add, at, entry, tallies
from tests.personas import Cast

DAY = dt.date(2026, 10, 14)


def test_every_event_kind_becomes_its_tallies(cast: Cast) -> None:
    c = cast.coalition
    when = at(DAY)
    add(
        [
            entry(c, "gezin_aangemeld", when=when, wijk="WK034401", fase="zwanger"),
            entry(c, "gezin_gescreend", when=when),
            entry(c, "niveau_besloten", when=when, niveau="kwetsbaar"),
            entry(c, "niveau_besloten", when=when, niveau="zeer_kwetsbaar"),
            entry(c, "verwijzing_verstuurd", when=when, thema="financien", toestemming=True),
            entry(c, "verwijzing_verstuurd", when=when, thema="psychisch", toestemming=False),
            entry(c, "verwijzing_geaccepteerd", when=when, thema="financien", op_tijd=True),
            entry(c, "verwijzing_geaccepteerd", when=when, thema="financien", op_tijd=False),
            entry(c, "verwijzing_geaccepteerd", when=when, thema="financien", op_tijd=None),
            entry(c, "eerste_contact", when=when, thema="financien", dagen=4, warm=True),
            entry(c, "eerste_contact", when=when, thema="financien", dagen=900, warm=False),
            entry(c, "zwangerschap_afgerond", when=when, jgz=True),
            entry(c, "zwangerschap_afgerond", when=when, jgz=False),
            entry(c, "huisbezoek_aangeboden", when=when),
            entry(c, "huisbezoek_afgerond", when=when, gehouden=True),
            entry(c, "huisbezoek_afgerond", when=when, gehouden=False),
        ]
    )
    assert monitor_consume() == 16
    assert tallies() == {
        ("aangemeld", 0): 1,
        ("gescreend", 0): 1,
        ("niveau:kwetsbaar", 0): 1,
        ("niveau:zeer_kwetsbaar", 0): 1,
        ("verstuurd:financien", 0): 1,
        ("verstuurd:psychisch", 0): 1,
        ("verstuurd_toestemming", 0): 1,
        ("geaccepteerd", 0): 3,
        ("geaccepteerd_op_tijd", 0): 1,
        ("geaccepteerd_te_laat", 0): 1,
        ("eerste_contact", 4): 1,
        ("eerste_contact", 365): 1,  # capped
        ("eerste_contact_warm", 0): 1,
        ("zwangerschap_afgerond", 0): 2,
        ("zwangerschap_zonder_jgz", 0): 1,
        ("huisbezoek_aangeboden", 0): 1,
        ("huisbezoek_afgerond", 0): 2,
        ("huisbezoek_gehouden", 0): 1,
    }
    # Where and when: the wijk when known, "" otherwise; the local day; real events.
    registered = Tally.objects.get(metric="aangemeld")
    assert (registered.coalition_id, registered.municipality, registered.wijk) == (c.pk, "GM0344", "WK034401")
    assert registered.day == DAY and registered.is_synthetic is False
    assert Tally.objects.get(metric="gescreend").wijk == ""
    assert outbox_pending_count() == 0
    assert monitor_consume() == 0


def test_the_day_is_the_local_day(cast: Cast) -> None:
    # 23:30 UTC on 14 October is 01:30 on 15 October in Amsterdam.
    add([entry(cast.coalition, "gezin_aangemeld", when=dt.datetime(2026, 10, 14, 23, 30, tzinfo=dt.UTC))])
    monitor_consume()
    assert Tally.objects.get().day == dt.date(2026, 10, 15)


def test_counts_add_up_over_batches_and_never_twice(cast: Cast) -> None:
    c = cast.coalition
    add(entry(c, "gezin_aangemeld", when=at(DAY)) for _ in range(25))
    assert monitor_consume(limit=10) == 10
    assert tallies() == {("aangemeld", 0): 10}
    assert monitor_consume_all(limit=10) == 15
    assert tallies() == {("aangemeld", 0): 25}
    assert Tally.objects.count() == 1  # one row, incremented in place
    add([entry(c, "gezin_aangemeld", when=at(DAY))])
    monitor_consume_all()
    assert tallies() == {("aangemeld", 0): 26}


def test_a_failed_transaction_counts_nothing_and_leaves_the_events_pending(cast: Cast) -> None:
    add(entry(cast.coalition, "gezin_gescreend", when=at(DAY)) for _ in range(3))

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        assert monitor_consume() == 3
        raise Boom  # anything failing after the tallies, before the commit

    assert Tally.objects.count() == 0
    assert outbox_pending_count() == 3
    assert monitor_consume() == 3
    assert tallies() == {("gescreend", 0): 3}


def _burst(cast: Cast, n: int) -> None:
    utrecht = Area.objects.get(code="GM0344")
    wijken = list(Area.objects.filter(parent=utrecht, level="wijk").values_list("pk", flat=True)) + [None]
    kinds = [
        ("gezin_aangemeld", {"fase": "zwanger"}),
        ("niveau_besloten", {"niveau": "kwetsbaar"}),
        ("verwijzing_verstuurd", {"thema": "financien", "toestemming": True}),
        ("eerste_contact", {"thema": "financien", "dagen": 3, "warm": True}),
    ]
    outbox_add_synthetic(
        SyntheticEvent(
            kind=kinds[i % 4][0],
            occurred_at=at(DAY - dt.timedelta(days=i % 60)),
            coalition_id=cast.coalition.pk,
            municipality_id=utrecht.pk,
            wijk_id=wijken[i % len(wijken)],
            attrs=kinds[i % 4][1],
        )
        for i in range(n)
    )


def test_a_burst_of_ten_thousand_events_is_consumed_in_seconds(cast: Cast) -> None:
    _burst(cast, 10_000)
    started = time.perf_counter()
    assert monitor_consume_all() == 10_000
    seconds = time.perf_counter() - started
    assert seconds < 10, f"{seconds:.1f} s for 10,000 events"
    counts = tallies(is_synthetic=True)
    assert counts[("aangemeld", 0)] == 2500
    assert counts[("eerste_contact", 3)] == 2500
    assert counts[("eerste_contact_warm", 0)] == 2500
    assert sum(counts.values()) == 10_000 + 2 * 2500  # consent and warm add one each
    assert outbox_pending_count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_at_once_count_every_event_exactly_once(cast: Cast) -> None:
    _burst(cast, 2_000)
    if connection.vendor == "postgresql":
        # SKIP LOCKED: two workers take different batches at the same time.
        errors: list[BaseException] = []

        def work() -> None:
            try:
                monitor_consume_all(limit=100)
            except BaseException as exc:  # noqa: BLE001 (reported below)
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=work) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
    else:
        # SQLite has one writer: the second worker simply finds nothing left.
        monitor_consume_all(limit=100)
        assert monitor_consume_all(limit=100) == 0
    counts = tallies(is_synthetic=True)
    assert sum(counts.values()) == 2_000 + 2 * 500
    assert outbox_pending_count() == 0
