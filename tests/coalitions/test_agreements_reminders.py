"""Review reminders: the coordinators get one mail per coalition, once per agreement per review date;
what was sent is recorded and audited; running again sends nothing."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import Agreement, Participation, ParticipationRole
from kansrijk.coalitions.models.agreements import AgreementReviewReminder, AgreementStatus
from kansrijk.coalitions.services.agreements import (
    agreement_create,
    agreement_review_reminders_send,
    agreement_update,
)
from kansrijk.coalitions.templatetags.plan_tags import agreements_due
from tests.coalitions.test_plan_support import jgz, kraamzorg
from tests.personas import Cast

TODAY = datetime.date(2026, 6, 1)


def _agreement(
    cast: Cast, topic: str, review: datetime.date, status: str = AgreementStatus.AGREED
) -> Agreement:
    return agreement_create(
        coalition=cast.coalition,
        level="uitvoering",
        topic=topic,
        text="x",
        partners=[jgz(cast), kraamzorg(cast)],
        start_date=datetime.date(2019, 1, 1),
        review_date=review,
        status=status,
        actor=cast.coordinator,
    )


def _reminder_events() -> int:
    return AuditEvent.objects.filter(action="coalition.agreement_review_reminder_sent").count()


def test_mail_once_per_agreement_per_review_date(cast: Cast) -> None:
    due = _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    soon = _agreement(cast, "Binnenkort", TODAY + datetime.timedelta(days=30))
    _agreement(cast, "Later", TODAY + datetime.timedelta(days=31))
    _agreement(cast, "Concept", TODAY, status=AgreementStatus.CONCEPT)
    sent = agreement_review_reminders_send(today=TODAY, base_url="https://kansrijk.example")
    assert len(sent) == 1 and sent[0].recipients == ["coordinator@test.nl"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordinator@test.nl"]
    assert "Coalitie Test" in message.subject
    assert "Verlopen (Uitvoering): verlopen sinds 29-05-2026" in message.body
    assert "Binnenkort (Uitvoering): evaluatie op 01-07-2026" in message.body
    assert "Later" not in message.body and "Concept" not in message.body
    assert "https://kansrijk.example" + reverse("coalitions:afspraken", args=["test"]) in message.body
    assert set(AgreementReviewReminder.objects.values_list("agreement", flat=True)) == {due.pk, soon.pk}
    assert _reminder_events() == 2
    # Idempotent: a second run sends nothing and records nothing.
    assert agreement_review_reminders_send(today=TODAY) == []
    assert len(mail.outbox) == 1 and _reminder_events() == 2
    # The next day only the agreement that has just come within 30 days is new.
    (next_day,) = agreement_review_reminders_send(today=TODAY + datetime.timedelta(days=1))
    assert next_day.agreements == ["Later"]
    assert len(mail.outbox) == 2 and _reminder_events() == 3


def test_a_new_review_date_gets_its_own_reminder(cast: Cast) -> None:
    agreement = _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    agreement_review_reminders_send(today=TODAY)
    agreement_update(
        agreement=agreement,
        level=agreement.level,
        topic=agreement.topic,
        text=agreement.text,
        partners=list(agreement.partners.all()),
        start_date=agreement.start_date,
        review_date=TODAY + datetime.timedelta(days=10),
        status=agreement.status,
        actor=cast.coordinator,
    )
    agreement_review_reminders_send(today=TODAY)
    assert len(mail.outbox) == 2
    assert AgreementReviewReminder.objects.filter(agreement=agreement).count() == 2


def test_dry_run_sends_and_records_nothing(cast: Cast) -> None:
    _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    assert len(agreement_review_reminders_send(today=TODAY, dry_run=True)) == 1
    assert mail.outbox == [] and not AgreementReviewReminder.objects.exists() and _reminder_events() == 0


def test_coalition_without_coordinators_is_tried_again_later(cast: Cast) -> None:
    _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    coordinating = Participation.objects.filter(coalition=cast.coalition, role=ParticipationRole.COORDINATOR)
    coordinating.update(role=ParticipationRole.MEMBER)
    assert agreement_review_reminders_send(today=TODAY) == []
    assert not AgreementReviewReminder.objects.exists()
    Participation.objects.filter(user=cast.coordinator).update(role=ParticipationRole.COORDINATOR)
    assert len(agreement_review_reminders_send(today=TODAY)) == 1


def test_a_failing_mail_server_records_nothing(cast: Cast, settings: object) -> None:
    _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    settings.EMAIL_BACKEND = "tests.coalitions.test_agreements_reminders.BrokenBackend"  # type: ignore[attr-defined]
    (failed,) = agreement_review_reminders_send(today=TODAY)  # reported, not raised: the batch goes on
    assert failed.error == "mailserver onbereikbaar" and failed.coalition == "test"
    assert not AgreementReviewReminder.objects.exists() and _reminder_events() == 0


class BrokenBackend:
    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise OSError("mailserver onbereikbaar")


def test_the_command(cast: Cast) -> None:
    _agreement(cast, "Verlopen", TODAY - datetime.timedelta(days=3))
    out = StringIO()
    call_command("coalitie_herinneringen", "--datum", TODAY.isoformat(), "--proef", stdout=out)
    assert "test: 1 afspraak/afspraken, zou mailen naar 1 coördinator(en)" in out.getvalue()
    assert mail.outbox == []
    call_command("coalitie_herinneringen", "--datum", TODAY.isoformat(), stdout=out)
    assert len(mail.outbox) == 1
    out = StringIO()
    call_command("coalitie_herinneringen", "--datum", TODAY.isoformat(), stdout=out)
    assert "Geen herinneringen te versturen." in out.getvalue()
    with pytest.raises(CommandError, match="Ongeldige datum"):
        call_command("coalitie_herinneringen", "--datum", "1 juni")


def test_home_block_lists_due_agreements_or_an_empty_state(cast: Cast, rf: object) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/")  # type: ignore[attr-defined]
    request.user = cast.coordinator
    html = render_to_string(
        "coalitions/plan/_agreements_due.html", agreements_due({"request": request}, cast.coalition)
    )
    assert "Geen afspraken die de komende 30 dagen geëvalueerd moeten worden." in html
    _agreement(cast, "Verlopen", datetime.date(2020, 1, 1))
    html = render_to_string(
        "coalitions/plan/_agreements_due.html", agreements_due({"request": request}, cast.coalition)
    )
    assert "Verlopen" in html and "Evaluatie verlopen" in html


def test_home_page_shows_the_blocks(cast: Cast) -> None:
    _agreement(cast, "Verlopen", datetime.date(2020, 1, 1))
    client = Client()
    client.force_login(cast.national)
    html = client.get(reverse("coalitions:home", args=["test"])).content.decode()
    assert "Ketenafspraken: evaluatie" in html and "Verlopen" in html
