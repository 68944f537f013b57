"""Demo zelfscan: two rounds marked as demo, answered by the demo members, idempotent."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.demo.zelfscan import demo_zelfscan
from kansrijk.coalitions.models import ZelfscanAnswer, ZelfscanResponse, ZelfscanRound
from kansrijk.coalitions.selectors.zelfscan import zelfscan_trend
from tests.personas import Cast


def test_demo_zelfscan_is_marked_and_idempotent(cast: Cast) -> None:
    users = [cast.coordinator, cast.partner_member, cast.national]
    demo_zelfscan(coalition=cast.coalition, users=users)
    rounds = list(ZelfscanRound.objects.filter(coalition=cast.coalition).order_by("opened_on"))
    assert [r.name for r in rounds] == ["Nulmeting (demo)", "Voortgangsmeting (demo)"]
    assert all(r.name.endswith("(demo)") for r in rounds)
    today = timezone.localdate()
    assert rounds[0].closed and today - rounds[0].opened_on == dt.timedelta(days=182)
    assert not rounds[1].closed and rounds[1].opened_on == today
    # The national programme does not answer; the two members do, in both rounds.
    for r in rounds:
        assert set(ZelfscanResponse.objects.filter(round=r).values_list("user__email", flat=True)) == {
            "coordinator@test.nl",
            "jgz@test.nl",
        }
    trend = zelfscan_trend(cast.coalition)
    first, second = trend.rows
    assert sum(m for m in second.means if m) > sum(m for m in first.means if m)  # the demo improves
    counts = (ZelfscanRound.objects.count(), ZelfscanResponse.objects.count(), ZelfscanAnswer.objects.count())
    events = AuditEvent.objects.count()
    demo_zelfscan(coalition=cast.coalition, users=users)
    assert (
        ZelfscanRound.objects.count(),
        ZelfscanResponse.objects.count(),
        ZelfscanAnswer.objects.count(),
    ) == counts
    assert AuditEvent.objects.count() == events


def test_demo_without_a_coordinator_does_nothing(cast: Cast) -> None:
    demo_zelfscan(coalition=cast.coalition, users=[cast.partner_member, cast.national])
    assert not ZelfscanRound.objects.exists()
