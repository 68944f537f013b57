"""Data minimisation: a referral carries what its theme needs AND its basis covers, nothing more; without
a basis for the receiving organisation it is not sent, and the refusal says why and how to ask. The
notification mail and the access log carry no content."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from kansrijk.care.models import (
    AccessLogEntry,
    HandoverSet,
    LegalBasisKind,
    Referral,
    ReferralStatus,
    ReferralTransition,
    TimelineEvent,
)
from kansrijk.care.selectors.referrals import referral_page, referral_proposals
from kansrijk.care.services.consent import consent_withdraw, legal_basis_invoke
from kansrijk.care.services.referrals import NO_BASIS, handover_update, referral_send
from kansrijk.care.services.screening import level_decide
from tests.care.personas import CareCast
from tests.care.referral_helpers import concept_referral, consent_for, publish_route, sent_referral
from tests.care.test_screening import finished

pytestmark = pytest.mark.django_db
S = ReferralStatus
ALL = ["identificatie", "screening", "niveau", "medisch", "sociaal", "overdracht"]
MEDICAL_FIELDS = {"health", "obstetric"}
HANDOVER = {
    "contacts": "Verloskundige Oost, 030-1234567",
    "psychosocial": "Betalingsachterstand huur",
    "agreements": "Bellen na 16 uur",
}


def _counts() -> tuple[int, int, int]:
    return ReferralTransition.objects.count(), AccessLogEntry.objects.count(), TimelineEvent.objects.count()


def test_a_debt_help_referral_never_carries_medical_fields(care: CareCast) -> None:
    step = publish_route(care, need="financien")
    consent_for(care, care.social, ALL)  # the parent even consented to medical data
    with pytest.raises(ValidationError) as error:
        concept_referral(care, step=step, handover={**HANDOVER, "health": "Hoge bloeddruk"})
    assert set(error.value.message_dict) == {"health"}
    assert not Referral.objects.exists()
    referral = concept_referral(care, step=step, handover=HANDOVER)
    sent = referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    assert "medisch" not in sent.categories and "screening" not in sent.categories
    assert sent.categories == ["identificatie", "niveau", "sociaal", "overdracht"]
    handover = HandoverSet.objects.get(referral=sent)
    assert handover.health == handover.obstetric == ""
    with pytest.raises(ValidationError) as error:
        handover_update(
            care.ctx(care.midwife),
            referral_id=sent.public_id,
            version=sent.version,
            fields={"obstetric": "Sectio"},
        )
    assert set(error.value.message_dict) == {"obstetric"}
    page = referral_page(care.ctx(care.social_worker), care.family.public_id, sent.public_id)
    shown = {name for name, _label, _value in page.handover_fields}
    assert shown.isdisjoint(MEDICAL_FIELDS) and {"psychosocial", "contacts"} <= shown


def test_a_narrow_consent_sends_less_and_empties_the_rest(care: CareCast) -> None:
    sent = sent_referral(care, categories=["identificatie", "overdracht"], handover=HANDOVER)
    assert sent.categories == ["identificatie", "overdracht"]
    handover = HandoverSet.objects.get(referral=sent)
    assert handover.psychosocial == "" and handover.contacts == HANDOVER["contacts"]
    page = referral_page(care.ctx(care.social_worker), care.family.public_id, sent.public_id)
    assert [name for name, _l, _v in page.handover_fields] == [
        "contacts",
        "interventions_used",
        "partner",
        "agreements",
    ]


@pytest.mark.parametrize("situation", ["none", "withdrawn", "other_organisation"])
def test_no_basis_refuses_with_the_reason_and_writes_nothing(
    care: CareCast, situation: str, django_capture_on_commit_callbacks: Any
) -> None:
    if situation == "withdrawn":
        consent_withdraw(care.ctx(care.midwife), consent=consent_for(care, care.social))
    elif situation == "other_organisation":
        consent_for(care, care.jgz)
    referral = concept_referral(care, handover=HANDOVER)
    before = _counts()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError) as error,
    ):
        referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    assert error.value.messages == [str(NO_BASIS)]
    assert "toestemming" in str(NO_BASIS) and "Delen" in str(NO_BASIS)
    referral.refresh_from_db()
    assert (referral.status, referral.version, referral.categories, referral.consent_id) == (
        S.CONCEPT, 1, [], None,
    )  # fmt: skip
    assert _counts() == before and not callbacks and not mail.outbox


def test_a_legal_basis_is_a_basis_too(care: CareCast) -> None:
    legal_basis_invoke(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        kind=LegalBasisKind.MELDCODE,
        receiving_team=care.nurse_team,
        categories=["identificatie", "sociaal", "medisch"],
        reason="Zorgen over veiligheid",
    )
    referral = concept_referral(care, team=care.nurse_team, need="huiselijk_geweld")
    sent = referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    assert sent.legal_basis is not None and sent.consent is None
    assert sent.categories == ["identificatie", "sociaal"]  # geweld needs no medical data


def test_the_mail_and_the_log_carry_no_content(
    care: CareCast, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        sent = sent_referral(care, handover=HANDOVER)
    assert [m.to for m in mail.outbox] == [[care.social_worker.email]]
    message = mail.outbox[0]
    assert "verwijzing voor u klaar" in message.subject
    text = f"{message.subject} {message.body}"
    for secret in ("Roos", "Reuring", "schulden", "Verloskunde", "financ", *HANDOVER.values()):
        assert secret.lower() not in text.lower()
    assert "/zorg/" in message.body
    entries = AccessLogEntry.objects.filter(
        episode_id=care.family.public_id, action__startswith="verwijzing."
    )
    assert {e.action for e in entries} >= {"verwijzing.aanmaken", "verwijzing.versturen"}
    for entry in entries:
        assert entry.detail["verwijzing"] == str(sent.public_id)
        dumped = str(entry.detail)
        for secret in (sent.reason, sent.message, *HANDOVER.values()):
            assert secret not in dumped
    lines = TimelineEvent.objects.filter(episode=care.family, kind="verwijzing")
    assert [line.text for line in lines.order_by("created_at")] == [
        "Verwijzing naar Sociaal Team Zorgtest voorbereid",
        "Verwijzing naar Sociaal Team Zorgtest verstuurd",
    ]


def test_proposals_follow_the_route_the_level_and_the_basis(care: CareCast) -> None:
    step = publish_route(care, need="financien", levels=["kwetsbaar"])
    screening = finished(care, **{"w-schulden": "ja"})
    level_decide(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        level="kwetsbaar",
        decided_with_client=True,
        reason="Samen besloten",
        screening_id=screening.public_id,
    )
    page = referral_proposals(care.ctx(care.midwife), care.family.public_id)
    assert page.level == "kwetsbaar" and [n.need for n in page.needs] == ["financien"]
    (proposal,) = page.needs[0].proposals
    assert proposal.step == step and proposal.organisation == care.social
    assert proposal.teams == [care.social_team] and proposal.expected_days == 7
    assert not proposal.has_basis and proposal.categories == [] and "Delen" in proposal.basis_problem
    consent_for(care, care.social, ALL)
    (proposal,) = referral_proposals(care.ctx(care.midwife), care.family.public_id).needs[0].proposals
    assert proposal.has_basis and proposal.categories == ["identificatie", "niveau", "sociaal", "overdracht"]
    assert AccessLogEntry.objects.filter(action="verwijzing.voorstellen").count() == 2
    # A referral made from it counts from the screening's date and is due `expected_days` after sending.
    referral = concept_referral(care, step=step)
    assert referral.signalled_on == screening.completed_at.date()  # type: ignore[union-attr]
    sent = referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    assert sent.due_on is not None and (sent.due_on - sent.sent_at.date()).days == 7  # type: ignore[union-attr]
    assert sent.level == "kwetsbaar" and sent.step_title == step.title
