"""Access follows the state (the Nuts eOverdracht rule), tested at each state for every persona.

The referral goes from the midwife (team Praktijk Oost) to JGZ team Noord (`nurse`); `colleague` is JGZ
team Zuid (another team of the receiving organisation), `social_worker` a third partner. The sender sees
its referral in every state; the receiving team sees it while sent or received and the basis holds, and
after acceptance through the care relation; nobody else ever sees it (404).
"""

from __future__ import annotations

import pytest
from django.http import Http404

from kansrijk.care.context import AccessContext, parent_context, professional_context
from kansrijk.care.models import AccessLogEntry, Consent, ReferralSide, ReferralStatus
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.referrals import (
    episode_referrals,
    referral_get,
    referral_page,
    referrals_visible_to,
)
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.referrals import referral_receive
from tests.care.personas import CareCast
from tests.care.referral_helpers import move, referral_in

pytestmark = pytest.mark.django_db
S = ReferralStatus

# What the receiving team (JGZ Noord) sees in each state: limited view before acceptance, through the care
# relation after it, nothing once it ended before acceptance.
RECEIVER_SEES: dict[str, bool] = {
    S.CONCEPT: False,
    S.SENT: True,
    S.RECEIVED: True,
    S.ACCEPTED: True,
    S.FIRST_CONTACT: True,
    S.COMPLETED: True,
    S.STOPPED: True,
    S.NOT_REACHED: True,
    S.REJECTED: False,
    S.WITHDRAWN: False,
    S.EXPIRED: False,
    S.REFERRED_ELSEWHERE: False,  # before acceptance (PATHS): nothing
}


@pytest.mark.parametrize("status", list(RECEIVER_SEES))
def test_each_persona_at_each_state(care: CareCast, status: str) -> None:
    referral = referral_in(care, status, team=care.nurse_team, need="ouderschap")
    family, rid = care.family.public_id, referral.public_id

    def visible(ctx: AccessContext) -> bool:
        try:
            referral_get(ctx, family, rid)
        except Http404:
            return False
        return True

    assert visible(care.ctx(care.midwife)), "the sender sees its referral in every state"
    assert visible(care.ctx(care.nurse)) is RECEIVER_SEES[status]
    assert not visible(care.ctx(care.colleague)), "another team of the receiving organisation"
    assert not visible(care.ctx(care.social_worker)), "a third partner"
    assert not visible(parent_context(care.parent))
    for outsider in (care.coordinator, care.national, care.org_admin, care.log_manager, care.platform_admin):
        # They hold no care context at all: no team to act for ...
        for team in (care.midwife_team, care.nurse_team, care.colleague_team, care.social_team):
            with pytest.raises(Http404):
                professional_context(outsider, team=team)
        # ... and a context without a team sees no referral.
        ctx = AccessContext(user=outsider, acting_as="professional", purpose="zorg", organisation=care.jgz)
        assert not referrals_visible_to(ctx).exists()
    # The page follows the same rule and logs one read where it shows something.
    with pytest.raises(Http404):
        referral_page(care.ctx(care.colleague), family, rid)


def test_the_limited_view_shows_the_referral_not_the_family(care: CareCast) -> None:
    referral = referral_in(care, S.SENT, team=care.nurse_team, need="ouderschap")
    nurse = care.ctx(care.nurse)
    with pytest.raises(Http404):
        episode_access(nurse, care.family.public_id)  # no access to the family's record
    referral_receive(nurse, referral_id=referral.public_id)
    page = referral_page(nurse, care.family.public_id, referral.public_id)
    assert page.side == ReferralSide.RECEIVER and page.is_limited_view
    assert page.next_moves == [S.ACCEPTED, S.REJECTED, S.REFERRED_ELSEWHERE]
    entry = AccessLogEntry.objects.filter(action="verwijzing.bekijken").last()
    assert entry is not None and entry.basis == f"verwijzing:{referral.public_id}"
    assert entry.detail["verwijzing"] == str(referral.public_id) and entry.team_label == "Noord"
    # After acceptance the nurse reaches the family through the care relation it created.
    move(nurse, referral, S.ACCEPTED)
    access = episode_access(nurse, care.family.public_id)
    assert access.relation is not None and access.relation.team == care.nurse_team
    assert [r.public_id for r in episode_referrals(nurse, access)] == [referral.public_id]
    page = referral_page(nurse, care.family.public_id, referral.public_id)
    assert not page.is_limited_view and page.next_moves == [
        S.FIRST_CONTACT, S.STOPPED, S.NOT_REACHED, S.REFERRED_ELSEWHERE,
    ]  # fmt: skip


def test_consent_withdrawal_ends_the_limited_view_and_the_relation(care: CareCast) -> None:
    sent = referral_in(care, S.RECEIVED, team=care.nurse_team, need="ouderschap")
    nurse = care.ctx(care.nurse)
    assert referral_get(nurse, care.family.public_id, sent.public_id)
    consent = Consent.objects.get(referrals=sent)
    consent_withdraw(care.ctx(care.midwife), consent=consent)
    with pytest.raises(Http404):
        referral_get(nurse, care.family.public_id, sent.public_id)
    with pytest.raises(Http404):
        referral_receive(nurse, referral_id=sent.public_id)
    # The sender still sees its referral (and can withdraw it).
    assert referral_get(care.ctx(care.midwife), care.family.public_id, sent.public_id)
    move(care.ctx(care.midwife), sent, S.WITHDRAWN)


def test_withdrawal_after_acceptance_ends_the_receivers_access(care: CareCast) -> None:
    accepted = referral_in(care, S.ACCEPTED, team=care.nurse_team, need="ouderschap")
    nurse = care.ctx(care.nurse)
    assert referral_get(nurse, care.family.public_id, accepted.public_id)
    consent_withdraw(care.ctx(care.midwife), consent=Consent.objects.get(referrals=accepted))
    with pytest.raises(Http404):
        referral_get(nurse, care.family.public_id, accepted.public_id)
    with pytest.raises(Http404):
        episode_access(nurse, care.family.public_id)


def test_the_sender_gets_status_dates_and_outcome_not_the_receivers_reasons(care: CareCast) -> None:
    rejected = referral_in(care, S.RECEIVED, team=care.nurse_team, need="ouderschap")
    move(
        care.ctx(care.nurse),
        rejected,
        S.REJECTED,
        reason="Roos staat al bij ons ingeschreven",
        outcome="geen_plek",
    )
    page = referral_page(care.ctx(care.midwife), care.family.public_id, rejected.public_id)
    assert page.side == ReferralSide.SENDER and page.referral.status == S.REJECTED
    assert page.referral.outcome == "geen_plek" and page.referral.closed_at is not None
    assert page.referral.status_reason == ""
    assert all(t.reason == "" for t in page.transitions if t.side == ReferralSide.RECEIVER)
    assert page.next_moves == []
    # The receiver no longer sees it at all.
    with pytest.raises(Http404):
        referral_page(care.ctx(care.nurse), care.family.public_id, rejected.public_id)


def test_referred_elsewhere_after_acceptance_keeps_the_relation(care: CareCast) -> None:
    referral = referral_in(care, S.ACCEPTED, team=care.nurse_team, need="ouderschap")
    move(care.ctx(care.nurse), referral, S.REFERRED_ELSEWHERE, reason="Past beter bij de GGZ.")
    assert referral_get(care.ctx(care.nurse), care.family.public_id, referral.public_id)


def test_a_referral_of_another_family_id_is_404(care: CareCast) -> None:
    referral = referral_in(care, S.SENT, team=care.nurse_team, need="ouderschap")
    with pytest.raises(Http404):
        referral_get(care.ctx(care.midwife), care.other_family.public_id, referral.public_id)
