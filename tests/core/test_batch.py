"""Batch commands go on after a bad item: `kansrijk herinneringen` mails every other coalition, reports
the failure as `mislukt: <item>: <reason>` on stderr and exits non-zero; a coalition name with a line
break no longer breaks its mail subject."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.mail import send_mail
from django.core.management import CommandError, call_command

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.models.agreements import AgreementReviewReminder, AgreementStatus
from kansrijk.coalitions.services import agreements as agreements_svc
from kansrijk.coalitions.services.agreements import agreement_review_reminders_send
from kansrijk.core.batch import report_failure, run_each
from kansrijk.core.mail import single_line
from tests.coalitions.test_agreements_reminders import TODAY, _agreement
from tests.coalitions.test_plan_support import partner_of
from tests.personas import Cast

DUE = TODAY - datetime.timedelta(days=3)


def _second_coalition_with_a_due_agreement(cast: Cast) -> Coalition:
    """'elders' (coordinator ander@test.nl) with two partners and one agreement due for review."""
    from kansrijk.coalitions.services.agreements import agreement_create

    elders = Coalition.objects.get(slug="elders")
    agreement_create(
        coalition=elders,
        level="uitvoering",
        topic="Elders verlopen",
        text="x",
        partners=[partner_of(elders, "GGD Elders"), partner_of(elders, "Kraamzorg Elders")],
        start_date=datetime.date(2019, 1, 1),
        review_date=DUE,
        status=AgreementStatus.AGREED,
        actor=cast.other_coordinator,
    )
    return elders


def _two_coalitions(cast: Cast, *, bad_name: str) -> Coalition:
    _agreement(cast, "Verlopen", DUE)
    _second_coalition_with_a_due_agreement(cast)
    # Inserted directly in the database, as before the forms refused line breaks.
    Coalition.objects.filter(pk=cast.coalition.pk).update(name=bad_name)
    return Coalition.objects.get(slug="elders")


def test_single_line() -> None:
    assert single_line("Coalitie\r\nBcc: x@example.com") == "Coalitie Bcc: x@example.com"
    assert single_line("  a\u2028b\tc  ") == "a b c"


def test_a_line_break_in_a_coalition_name_no_longer_breaks_its_reminder(cast: Cast) -> None:
    _two_coalitions(cast, bad_name="Coalitie\nTest")
    out, err = StringIO(), StringIO()
    call_command("coalitie_herinneringen", "--datum", TODAY.isoformat(), stdout=out, stderr=err)
    subjects = sorted(m.subject for m in mail.outbox)
    assert len(subjects) == 2 and "Coalitie Test" in subjects[1] + subjects[0]
    assert all("\n" not in s for s in subjects)
    assert err.getvalue() == ""


def test_one_failing_coalition_does_not_stop_the_others(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    elders = _two_coalitions(cast, bad_name="Coalitie Test")

    def send_or_fail(*, subject: str, **kwargs: Any) -> int:
        if "Coalitie Test" in subject:
            raise ValueError("Header values can't contain newlines")
        return send_mail(subject=subject, **kwargs)

    monkeypatch.setattr(agreements_svc, "send_mail", send_or_fail)
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="1 van 2 coalitie"):
        call_command("coalitie_herinneringen", "--datum", TODAY.isoformat(), stdout=out, stderr=err)
    assert [m.to for m in mail.outbox] == [["ander@test.nl"]]
    assert elders.name in mail.outbox[0].subject
    assert "mislukt: test: Header values can't contain newlines" in err.getvalue()
    assert "elders: 1 afspraak/afspraken, gemaild naar 1 coördinator(en)" in out.getvalue()
    # The failed coalition recorded nothing, so the next run tries it again.
    assert not AgreementReviewReminder.objects.filter(agreement__coalition=cast.coalition).exists()
    assert AgreementReviewReminder.objects.filter(agreement__coalition=elders).count() == 1


def test_the_service_reports_the_failure_and_goes_on(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    _two_coalitions(cast, bad_name="Coalitie Test")
    real = agreements_svc.send_mail
    monkeypatch.setattr(
        agreements_svc,
        "send_mail",
        lambda **kw: (
            (_ for _ in ()).throw(OSError("weg")) if "Coalitie Test" in kw["subject"] else real(**kw)
        ),
    )
    results = {r.coalition: r for r in agreement_review_reminders_send(today=TODAY)}
    assert results["test"].error == "weg" and results["elders"].error == ""
    assert len(mail.outbox) == 1


def test_run_each_and_report_failure() -> None:
    results, failures = run_each([1, 0, 2], lambda n: 10 // n, label=lambda n: f"GM000{n}")
    assert results == [10, 5]
    assert failures == [("GM0000", "integer division or modulo by zero")]
    assert report_failure("Coalitie\nX", "kapot\r\nstuk") == "mislukt: Coalitie X: kapot stuk"
