"""The action status workflow: every (from, to) pair of the table, and who may move an action."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansrijk.accounts.models import User
from kansrijk.coalitions.models import Action, ActionStatus
from kansrijk.coalitions.models.plan import FINAL_STATUSES
from kansrijk.coalitions.services.plan import (
    INVALID_TRANSITION,
    NOT_STATUS_EDITOR,
    UNKNOWN_STATUS,
    action_change_status,
    action_create,
)
from kansrijk.coalitions.workflow import TRANSITIONS, next_statuses, transition_allowed, transition_label
from tests.coalitions.test_plan_support import counts, jgz, kraamzorg, kraamzorg_member, last_event
from tests.personas import Cast

S = ActionStatus
ALLOWED = {
    (S.PLANNED, S.IN_PROGRESS),
    (S.PLANNED, S.CANCELLED),
    (S.IN_PROGRESS, S.ON_HOLD),
    (S.IN_PROGRESS, S.DONE),
    (S.IN_PROGRESS, S.CANCELLED),
    (S.ON_HOLD, S.IN_PROGRESS),
    (S.ON_HOLD, S.CANCELLED),
}
ALL_PAIRS = list(itertools.product(ActionStatus.values, ActionStatus.values))


def test_the_table_is_exactly_the_documented_one() -> None:
    table = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert table == ALLOWED
    assert set(TRANSITIONS) == set(ActionStatus.values)
    # Final statuses are exactly those without a way out.
    assert {s for s in ActionStatus.values if not next_statuses(s)} == set(FINAL_STATUSES)
    assert transition_label(S.ON_HOLD, S.IN_PROGRESS) == "Hervatten"
    assert transition_label(S.PLANNED, S.IN_PROGRESS) == "Starten"


def _action(cast: Cast, status: str, owner: object = None) -> Action:
    action = action_create(coalition=cast.coalition, title="Actie", owner=owner, actor=cast.coordinator)
    # Put it in the starting state directly: the table under test is not used to get there.
    Action.objects.filter(pk=action.pk).update(status=status)
    action.refresh_from_db()
    return action


@pytest.mark.parametrize(("current", "to"), ALL_PAIRS)
def test_every_pair_through_the_service(cast: Cast, current: str, to: str) -> None:
    action = _action(cast, current)
    before = counts()
    if (current, to) in ALLOWED:
        assert transition_allowed(current, to)
        action_change_status(action=action, to=to, actor=cast.coordinator)
        action.refresh_from_db()
        assert action.status == to
        event = last_event()
        assert event.action == "coalition.action_status_changed"
        assert event.changes == {"status": [current, to]}
        assert counts().audit == before.audit + 1
    else:
        assert not transition_allowed(current, to)
        with pytest.raises(ValidationError) as info:
            action_change_status(action=action, to=to, actor=cast.coordinator)
        expected = INVALID_TRANSITION.format(current=S(current).label, to=S(to).label)
        assert info.value.message_dict == {"to": [expected]}
        action.refresh_from_db()
        assert action.status == current
        assert counts() == before


def test_unknown_status_is_refused(cast: Cast) -> None:
    action = _action(cast, S.PLANNED)
    before = counts()
    with pytest.raises(ValidationError) as info:
        action_change_status(action=action, to="klaar", actor=cast.coordinator)
    assert info.value.message_dict == {"to": [UNKNOWN_STATUS.format(to="klaar")]}
    assert counts() == before


def test_member_of_the_owning_organisation_may_move_it(cast: Cast) -> None:
    action = _action(cast, S.PLANNED, owner=jgz(cast))
    action_change_status(action=action, to=S.IN_PROGRESS, actor=cast.partner_member)
    action.refresh_from_db()
    assert action.status == S.IN_PROGRESS
    assert last_event().actor == cast.partner_member


def _refused(cast: Cast, user: User, action: Action) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as info:
        action_change_status(action=action, to=S.IN_PROGRESS, actor=user)
    assert str(info.value) == NOT_STATUS_EDITOR
    action.refresh_from_db()
    assert action.status == S.PLANNED
    assert counts() == before


def test_partner_member_may_not_move_actions_of_another_organisation(cast: Cast) -> None:
    _refused(cast, cast.partner_member, _action(cast, S.PLANNED, owner=kraamzorg(cast)))


def test_partner_member_may_not_move_actions_without_owner(cast: Cast) -> None:
    _refused(cast, cast.partner_member, _action(cast, S.PLANNED))


def test_other_partner_member_may_not_move_jgz_action(cast: Cast) -> None:
    action = _action(cast, S.PLANNED, owner=jgz(cast))
    _refused(cast, kraamzorg_member(cast), action)


@pytest.mark.parametrize("who", ["national", "other_coordinator", "outsider"])
def test_national_and_outsiders_change_nothing(cast: Cast, who: str) -> None:
    _refused(cast, getattr(cast, who), _action(cast, S.PLANNED, owner=jgz(cast)))
