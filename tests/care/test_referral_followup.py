"""Unattended follow-up of referrals (issue 12): expiry after KANSRIJK_REFERRAL_EXPIRY_DAYS through the one
transition function as the system side, and the overdue reminder — one mail per team per day at most,
nothing about any family in it — plus the `kansrijk verwijzingen` command."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from kansrijk.care.models import AccessLogEntry, Referral, ReferralSide, ReferralStatus, TimelineEvent
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.referral_followup import (
    EXPIRY,
    REMINDER_SUBJECT,
    referrals_expire,
    referrals_remind_overdue,
)
from tests.care.personas import CareCast
from tests.care.referral_helpers import move, receiver_of, referral_in, sent_referral

pytestmark = pytest.mark.django_db
S = ReferralStatus
TODAY = timezone.localdate


def _sent_days_ago(referral: Referral, days: int) -> None:
    Referral.objects.filter(pk=referral.pk).update(sent_at=timezone.now() - timedelta(days=days))


def _overdue(referral: Referral, days: int = 2) -> None:
    Referral.objects.filter(pk=referral.pk).update(due_on=TODAY() - timedelta(days=days))


def _reminders() -> list[Any]:
    return [m for m in mail.outbox if m.subject == str(REMINDER_SUBJECT)]


def _status(referral: Referral) -> str:
    referral.refresh_from_db()
    return referral.status


# --- expiry ------------------------------------------------------------------------------------------------------


def test_a_referral_nobody_answered_expires_as_the_system_with_log_and_timeline(care: CareCast) -> None:
    referral = sent_referral(care)
    _sent_days_ago(referral, 15)
    receiver = receiver_of(care, referral)
    assert referrals_visible_to(receiver).filter(pk=referral.pk).exists()
    assert referrals_expire() == 1
    assert _status(referral) == S.EXPIRED and referral.closed_at is not None
    last = referral.transitions.order_by("-created_at").first()
    assert last is not None and (last.side, last.from_status, last.by) == (ReferralSide.SYSTEM, S.SENT, None)
    entry = AccessLogEntry.objects.filter(action="verwijzing.verlopen").get()
    assert entry.user_label == EXPIRY.label == "systeem: verwijzingen-verloop"
    assert entry.episode_id == care.family.public_id and entry.detail["verwijzing"] == str(referral.public_id)
    assert TimelineEvent.objects.filter(episode=care.family, text__contains="verlopen").count() == 1
    # Access follows the state: the receiving team's limited view ends; the sender keeps its referral.
    assert not referrals_visible_to(receiver).filter(pk=referral.pk).exists()
    assert referrals_visible_to(care.ctx(care.midwife)).filter(pk=referral.pk).exists()
    assert referrals_expire() == 0  # nothing left


def test_only_unanswered_referrals_older_than_the_setting_expire(care: CareCast) -> None:
    # Each for its own theme: one open referral per family, organisation and theme.
    young = sent_referral(care)
    _sent_days_ago(young, 13)
    received = referral_in(care, S.RECEIVED, need="huisvesting")
    _sent_days_ago(received, 20)
    accepted = referral_in(care, S.ACCEPTED, need="sociaal_netwerk")
    _sent_days_ago(accepted, 40)
    concept = referral_in(care, S.CONCEPT, need="laaggeletterdheid")
    assert referrals_expire() == 1
    assert [_status(r) for r in (young, received, accepted, concept)] == [
        S.SENT,
        S.EXPIRED,
        S.ACCEPTED,
        S.CONCEPT,
    ]
    with override_settings(KANSRIJK_REFERRAL_EXPIRY_DAYS=10):
        assert referrals_expire() == 1
    assert _status(young) == S.EXPIRED


def test_expiry_counts_from_the_moment_given(care: CareCast) -> None:
    referral = sent_referral(care)
    assert referrals_expire(now=timezone.now() + timedelta(days=13)) == 0
    assert referrals_expire(now=timezone.now() + timedelta(days=15)) == 1
    assert _status(referral) == S.EXPIRED


# --- reminders ----------------------------------------------------------------------------------------------------


def _family_words(care: CareCast, referral: Referral) -> list[str]:
    """What a reminder must never contain: the family, the referral, the theme, who referred to whom."""
    return [
        "Roos", "Reuring", str(care.family.public_id), str(referral.public_id), "financ", "Schuld", "schuld",
        care.midwifery.name, care.social.name, care.midwife_team.name, "Wijk", referral.reason,
    ]  # fmt: skip


def test_overdue_reminders_go_to_both_teams_without_personal_data(
    care: CareCast, django_capture_on_commit_callbacks: Any
) -> None:
    referral = sent_referral(care)
    _overdue(referral)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([care.midwife.email, care.social_worker.email])
    assert all(len(m.to) == 1 for m in mail.outbox)  # members do not see each other's addresses
    for message in mail.outbox:
        assert message.subject == str(REMINDER_SUBJECT)
        text = message.subject + message.body
        assert "verwijzingen voor u klaar die aandacht nodig hebben" in text
        assert "/zorg/werklijsten/eerste-contact-te-laat/?team=" in text
        for word in _family_words(care, referral):
            assert word not in text, word
        # Not even a count: in a small team a number can point to a family (the site's address aside).
        assert settings.KANSRIJK_SITE_URL + "/zorg/" in text
        assert not any(ch.isdigit() for ch in text.replace(settings.KANSRIJK_SITE_URL, "").split("?team=")[0])
    referral.refresh_from_db()
    assert referral.reminded_on == TODAY()


def test_one_reminder_per_team_per_day(care: CareCast, django_capture_on_commit_callbacks: Any) -> None:
    first = sent_referral(care)
    _overdue(first)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue() == 2
        assert referrals_remind_overdue() == 0  # the same day: nothing new
        # Another referral of the same teams (another theme) becomes overdue the same day: no second mail.
        second = sent_referral(care, need="huisvesting")
        _overdue(second)
        assert referrals_remind_overdue() == 0
    assert len(_reminders()) == 2  # (the second referral's own "incoming" mail is not a reminder)
    second.refresh_from_db()
    assert second.reminded_on == TODAY()  # counted as reminded: the teams heard today
    # The next day, still overdue: one more each.
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue(today=TODAY() + timedelta(days=1)) == 2
    assert len(_reminders()) == 4


def test_no_reminder_for_what_is_not_overdue_or_no_longer_seen(
    care: CareCast, django_capture_on_commit_callbacks: Any
) -> None:
    on_time = sent_referral(care)  # due in 7 days
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue() == 0
    done = referral_in(care, S.FIRST_CONTACT, need="huisvesting")  # open too: another theme
    _overdue(done)
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue() == 0
    # The consent withdrawn: the receiving team no longer sees the referral, so only the sender is told.
    _overdue(on_time)
    assert on_time.consent is not None
    consent_withdraw(care.ctx(care.midwife), consent=on_time.consent)
    with django_capture_on_commit_callbacks(execute=True):
        assert referrals_remind_overdue() == 1
    assert [m.to for m in _reminders()] == [[care.midwife.email]]


# --- the command ------------------------------------------------------------------------------------------------


def _run(*args: str) -> str:
    out = StringIO()
    call_command("verwijzingen", *args, stdout=out)
    return out.getvalue()


def test_the_command_expires_and_reminds_in_dutch(
    care: CareCast, django_capture_on_commit_callbacks: Any
) -> None:
    referral = sent_referral(care)
    _sent_days_ago(referral, 20)
    out = _run("verloop", "--proef")
    assert "Termijn: 14 dagen" in out and "Proef: er is niets veranderd" in out and "1 verwijzing" in out
    assert _status(referral) == S.SENT
    assert "Verlopen: 1 verwijzing." in _run("verloop")
    assert _status(referral) == S.EXPIRED
    assert "Er zijn geen verwijzingen die verlopen." in _run("verloop")
    late = sent_referral(care)
    _overdue(late)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        out = _run("herinner")
    assert "Herinnering gestuurd aan 2 teams" in out and len(_reminders()) == 2
    assert "Geen herinneringen nodig" in _run("herinner")
    # A receiver's move still works after a reminder (the reminder changed nothing but the date).
    move(receiver_of(care, late), late, S.RECEIVED)
    assert _status(late) == S.RECEIVED
