"""The referral's transition table walked over every (status, side, target): the moves the table names
succeed for their side only (with a transition row, one log entry, one timeline line, the version
bumped); every other combination is refused and writes nothing.

The walk keeps many referrals of the one family open at once, each for a theme of its own (`free_need`):
one open referral per family, organisation and theme."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessLogEntry,
    CareRelation,
    ReferralSide,
    ReferralStatus,
    ReferralTransition,
    TimelineEvent,
)
from kansrijk.care.referral_states import CLOSED, SIDES, side_for
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.care.services.referrals import (
    NOT_YOUR_SIDE,
    OUTCOME_NEEDED,
    REASON_NEEDED,
    referral_receive,
    referral_transition,
)
from tests.care.personas import CareCast
from tests.care.referral_helpers import data_for, free_need, move, referral_in, system

pytestmark = pytest.mark.django_db
S = ReferralStatus
SIDE_NAMES: tuple[str, ...] = (ReferralSide.SENDER, ReferralSide.RECEIVER, ReferralSide.SYSTEM)


def _contexts(care: CareCast) -> dict[str, AccessContext]:
    return {
        ReferralSide.SENDER: care.ctx(care.midwife),
        ReferralSide.RECEIVER: care.ctx(care.social_worker),
        ReferralSide.SYSTEM: system(care),
    }


def _counts() -> tuple[int, int, int, int]:
    return (
        ReferralTransition.objects.count(),
        AccessLogEntry.objects.count(),
        TimelineEvent.objects.count(),
        CareRelation.objects.count(),
    )


def test_every_status_side_and_target_against_the_table(care: CareCast) -> None:
    contexts = _contexts(care)
    refused = succeeded = 0
    for status in S.values:
        # One referral in `status` for all refused combinations (a refusal changes nothing) ...
        referral = referral_in(care, status, need=free_need(care))
        for side in SIDE_NAMES:
            ctx = contexts[side]
            for target in S.values:
                if side_for(status, target) == side:
                    continue
                before, version = _counts(), referral.version
                visible = (
                    referrals_visible_to(ctx).filter(pk=referral.pk).exists() or side == ReferralSide.SYSTEM
                )
                with pytest.raises((Http404, PermissionDenied, ValidationError)) as refusal:
                    referral_transition(
                        ctx, referral_id=referral.public_id, version=version, to=target, **data_for(target)
                    )
                if not visible:
                    assert refusal.type is Http404, (status, side, target)
                elif side_for(status, target) is None:
                    assert isinstance(refusal.value, ValidationError) and "to" in refusal.value.message_dict
                else:
                    assert refusal.type is PermissionDenied and str(refusal.value) == str(NOT_YOUR_SIDE)
                referral.refresh_from_db()
                assert (referral.status, referral.version) == (status, version), (status, side, target)
                assert _counts() == before, (status, side, target)
                refused += 1
        # ... and a fresh one in `status` for each move the table allows.
        for (source, target), mover in SIDES.items():
            if source != status:
                continue
            referral = referral_in(care, status, need=free_need(care))
            before, version = _counts(), referral.version
            had = CareRelation.objects.filter(
                episode=care.family, team=care.social_team, ended_at=None
            ).exists()
            moved = referral_transition(
                contexts[mover],
                referral_id=referral.public_id,
                version=version,
                to=target,
                **data_for(target),
            )
            moved.refresh_from_db()
            assert (moved.status, moved.version) == (target, version + 1)
            last = ReferralTransition.objects.filter(referral=moved).last()
            assert last is not None and (last.from_status, last.to_status, last.side) == (
                status,
                target,
                mover,
            )
            transitions, entries, lines, relations = _counts()
            assert (transitions, entries, lines) == (before[0] + 1, before[1] + 1, before[2] + 1)
            assert relations == before[3] + (1 if target == S.ACCEPTED and not had else 0)
            assert (moved.closed_at is not None) == (target in CLOSED)
            succeeded += 1
    assert succeeded == len(SIDES) == 16
    assert refused == len(S.values) * len(SIDE_NAMES) * len(S.values) - len(SIDES)


def test_acceptance_creates_the_care_relation_and_stores_it(care: CareCast) -> None:
    referral = referral_in(care, S.ACCEPTED)
    assert referral.relation is not None and referral.accepted_at is not None
    relation = referral.relation
    assert (relation.team, relation.basis, relation.consent_id) == (
        care.social_team,
        "toestemming",
        referral.consent_id,
    )
    # A second referral to the same team (for another theme) reuses the open relation.
    second = referral_in(care, S.ACCEPTED, need="huisvesting")
    assert second.relation_id == relation.pk
    assert CareRelation.objects.filter(episode=care.family, team=care.social_team).count() == 1


def test_receive_is_idempotent_and_only_for_the_receiver(care: CareCast) -> None:
    referral = referral_in(care, S.SENT)
    with pytest.raises(PermissionDenied):
        referral_receive(care.ctx(care.midwife), referral_id=referral.public_id)
    receiver = care.ctx(care.social_worker)
    first = referral_receive(receiver, referral_id=referral.public_id)
    before = _counts()
    again = referral_receive(receiver, referral_id=referral.public_id)
    assert first.status == again.status == S.RECEIVED and again.version == first.version
    assert _counts() == before
    # Another team of another organisation does not see it at all.
    with pytest.raises(Http404):
        referral_receive(care.ctx(care.nurse), referral_id=referral.public_id)


def test_moves_need_their_data_and_say_so_by_field(care: CareCast) -> None:
    referral = referral_in(care, S.RECEIVED)
    receiver = care.ctx(care.social_worker)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        move(receiver, referral, S.REJECTED)
    assert error.value.message_dict == {"reason": [str(REASON_NEEDED)]}
    with pytest.raises(ValidationError) as error:
        move(receiver, referral, S.ACCEPTED, outcome="hulp_ontvangen", first_contact_on=timezone.localdate())
    assert set(error.value.message_dict) == {"outcome", "first_contact_on"}
    assert _counts() == before
    accepted = move(receiver, referral, S.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        move(receiver, accepted, S.FIRST_CONTACT)
    assert "first_contact_on" in error.value.message_dict
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        move(receiver, accepted, S.FIRST_CONTACT, first_contact_on=tomorrow)
    assert "first_contact_on" in error.value.message_dict
    contacted = move(receiver, accepted, S.FIRST_CONTACT, first_contact_on=timezone.localdate())
    with pytest.raises(ValidationError) as error:
        move(receiver, contacted, S.COMPLETED)
    assert error.value.message_dict == {"outcome": [str(OUTCOME_NEEDED)]}
    with pytest.raises(ValidationError) as error:
        move(receiver, contacted, S.COMPLETED, outcome="anders")
    assert "reason" in error.value.message_dict
    done = move(receiver, contacted, S.COMPLETED, outcome="gezin_wil_niet")
    assert (done.status, done.outcome) == (S.COMPLETED, "gezin_wil_niet")


def test_a_stale_version_is_refused_with_the_reload_message(care: CareCast) -> None:
    referral = referral_in(care, S.RECEIVED)
    before = _counts()
    with pytest.raises(ValidationError) as error:
        referral_transition(
            care.ctx(care.social_worker),
            referral_id=referral.public_id,
            version=referral.version - 1,
            to=S.ACCEPTED,
        )
    assert "Iemand anders heeft deze verwijzing net gewijzigd" in error.value.messages[0]
    assert _counts() == before
