"""`kansrijk retentie [--proef]`: personal data removed after the retention period, resumable, one log
entry per family without content, and the access log still verifies afterwards."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kansrijk.audit.models import AuditEvent
from kansrijk.care.categories import Purpose
from kansrijk.care.context import system_context
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    Consent,
    Episode,
    OutboxEntry,
    Person,
    TimelineEvent,
)
from kansrijk.care.services.episodes import episode_close
from kansrijk.care.services.retention import RETENTION, episode_anonymise, retention_run
from tests.care.accesslog_tamper import run
from tests.care.personas import CareCast

DAYS = 30


def _retentie(*args: str) -> str:
    out = io.StringIO()
    call_command("retentie", *args, "--zonder-voortgang", stdout=out)
    return out.getvalue()


def _end_long_ago(care: CareCast, episode: Episode, days_ago: int = DAYS + 1) -> None:
    episode_close(care.ctx(care.midwife), episode_id=episode.public_id, reason="Kind is 2 jaar")
    Episode.objects.filter(pk=episode.pk).update(ended_on=timezone.localdate() - timedelta(days=days_ago))


@pytest.fixture
def ended(care: CareCast) -> CareCast:
    """The Reuring family shared with the nurse and ended long ago; the other family ended recently."""
    care.share_with_nurse()
    _end_long_ago(care, care.family)
    _end_long_ago(care, care.other_family, days_ago=DAYS - 1)
    return care


@override_settings(KANSRIJK_CARE_RETENTION_DAYS=DAYS)
def test_proef_reports_counts_and_changes_nothing(ended: CareCast) -> None:
    before = AccessLogEntry.objects.count()
    out = _retentie("--proef")
    assert "Proef: er is niets verwijderd" in out
    assert "- gezinnen: 1" in out and "- personen: 2" in out and "- toestemmingen: 1" in out
    assert Person.objects.filter(episode=ended.family).count() == 2
    assert AccessLogEntry.objects.count() == before


@override_settings(KANSRIJK_CARE_RETENTION_DAYS=DAYS)
def test_removes_personal_data_keeps_a_shell_and_logs_without_content(ended: CareCast) -> None:
    family, other = ended.family, ended.other_family
    out = _retentie()
    assert "Verwijderd:" in out and "- gezinnen: 1" in out
    shell = Episode.objects.get(pk=family.pk)
    assert shell.anonymised_at is not None and shell.due_date is None
    assert shell.municipality_id == family.municipality_id and shell.stage == family.stage
    for model in (Person, Consent, TimelineEvent, CareRelation):
        assert not model.objects.filter(episode=family).exists(), model
    # The family that ended recently is untouched (denied case: not yet past the period).
    assert Person.objects.filter(episode=other).exists()
    assert Episode.objects.get(pk=other.pk).anonymised_at is None
    entry = AccessLogEntry.objects.filter(episode_id=family.public_id).order_by("-seq").first()
    assert entry is not None and entry.event == AccessEvent.DELETE
    assert (
        entry.user_id is None and entry.user_label == "systeem: retentie" and entry.purpose == "bewaartermijn"
    )
    assert entry.detail["reden"] == "verwijderd na bewaartermijn"
    assert "Roos" not in str(entry.detail) and "Reuring" not in str(entry.detail)
    assert AuditEvent.objects.filter(action="care.retention_run").count() == 1
    # The chain stays verifiable after the removal.
    code, text = run("verify")
    assert code == 0, text


@override_settings(KANSRIJK_CARE_RETENTION_DAYS=DAYS)
def test_a_second_run_continues_and_does_nothing_twice(ended: CareCast) -> None:
    Episode.objects.filter(pk=ended.other_family.pk).update(
        ended_on=timezone.localdate() - timedelta(days=DAYS + 5)
    )
    first = retention_run(limit=1)
    assert first.episodes == 1
    second = retention_run()
    assert second.episodes == 1
    assert retention_run().episodes == 0
    removals = AccessLogEntry.objects.filter(action="bewaartermijn.verwijderd")
    assert removals.count() == 2
    assert "geen gezinnen" in _retentie()


@override_settings(KANSRIJK_CARE_RETENTION_DAYS=DAYS)
def test_only_the_retention_actor_may_anonymise(ended: CareCast) -> None:
    other = system_context(RETENTION, purpose=Purpose.ADMINISTRATION)
    with pytest.raises(PermissionError):
        episode_anonymise(other, episode_pk=ended.family.pk)
    assert Person.objects.filter(episode=ended.family).exists()


@override_settings(KANSRIJK_CARE_RETENTION_DAYS=DAYS)
def test_the_family_disappears_from_every_view(ended: CareCast) -> None:
    from kansrijk.care.context import parent_context
    from kansrijk.care.selectors.access import episodes_visible_to

    retention_run()
    assert not episodes_visible_to(parent_context(ended.parent)).exists()
    assert not episodes_visible_to(ended.ctx(ended.midwife)).filter(pk=ended.family.pk).exists()


# --- the monitor's outbox: consumed entries go after KANSRIJK_OUTBOX_RETENTION_DAYS, pending ones never ---


@override_settings(KANSRIJK_OUTBOX_RETENTION_DAYS=90)
def test_consumed_outbox_entries_past_their_period_go_pending_ones_stay(care: CareCast) -> None:
    # The family's registration wrote outbox entries (care.services._outbox); mark them as the monitor would.
    entries = list(OutboxEntry.objects.order_by("pk"))
    assert len(entries) >= 2
    old, recent, *pending = entries
    now = timezone.now()
    OutboxEntry.objects.filter(pk=old.pk).update(consumed_at=now - timedelta(days=91))
    OutboxEntry.objects.filter(pk=recent.pk).update(consumed_at=now - timedelta(days=89))
    # A pending entry older than the period still stays: its counts are not in the tallies yet.
    OutboxEntry.objects.filter(pk__in=[p.pk for p in pending]).update(occurred_at=now - timedelta(days=400))
    out = _retentie("--proef")
    assert "- verwerkte monitorgebeurtenissen ouder dan 90 dagen: 1" in out
    assert OutboxEntry.objects.count() == len(entries)
    out = _retentie()
    assert "Verwerkte monitorgebeurtenissen ouder dan 90 dagen verwijderd: 1" in out
    assert not OutboxEntry.objects.filter(pk=old.pk).exists()
    assert OutboxEntry.objects.count() == len(entries) - 1
    event = AuditEvent.objects.get(action="care.outbox_pruned")
    assert event.changes["verwijderd"] == 1
    assert "verwijderd: 0" in _retentie()  # nothing twice, and no second audit event
    assert AuditEvent.objects.filter(action="care.outbox_pruned").count() == 1
