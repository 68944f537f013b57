"""Plan services: ambitions, goals (with indicators) and actions, with permissions, rules and audit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansrijk.areas.models import Indicator
from kansrijk.coalitions.models import Action, Ambition, Coalition, Goal
from kansrijk.coalitions.services._common import NOT_COORDINATOR
from kansrijk.coalitions.services.plan import (
    GOAL_NOT_IN_COALITION,
    OWNER_NOT_IN_COALITION,
    action_create,
    action_delete,
    action_update,
    ambition_create,
    ambition_delete,
    ambition_update,
    goal_create,
    goal_delete,
    goal_update,
)
from tests.coalitions.test_plan_support import counts, foreign_partner, jgz, last_event
from tests.personas import Cast

KEYS = ["pct_hh_laag_inkomen", "inwoners"]


def _goal(cast: Cast, coalition: Coalition | None = None) -> Goal:
    coalition = coalition or cast.coalition
    coordinator = cast.coordinator if coalition == cast.coalition else cast.other_coordinator
    ambition = ambition_create(coalition=coalition, title="Ambitie", actor=coordinator)
    return goal_create(ambition=ambition, title="Doel", actor=coordinator)


def test_coordinator_builds_the_tree_with_audit(cast: Cast) -> None:
    ambition = ambition_create(coalition=cast.coalition, title=" Gezonde start ", actor=cast.coordinator)
    assert ambition.title == "Gezonde start"
    assert last_event().action == "coalition.ambition_created"
    goal = goal_create(
        ambition=ambition,
        title="Minder armoede",
        indicators=Indicator.objects.filter(key__in=KEYS),
        actor=cast.coordinator,
    )
    assert sorted(goal.indicators.values_list("key", flat=True)) == sorted(KEYS)
    assert last_event().changes["indicators"] == sorted(KEYS)
    action = action_create(
        coalition=cast.coalition,
        title="Budgetcoach",
        goal=goal,
        owner=jgz(cast),
        due_date=datetime.date(2030, 1, 1),
        actor=cast.coordinator,
    )
    assert action.status == "gepland"
    event = last_event()
    assert event.action == "coalition.action_created"
    assert event.changes["owner"] == "JGZ Test" and event.changes["due_date"] == "2030-01-01"


def test_updates_record_before_and_after(cast: Cast) -> None:
    goal = _goal(cast)
    ambition_update(ambition=goal.ambition, title="Nieuw", description="Uitleg", actor=cast.coordinator)
    assert last_event().changes == {"title": ["Ambitie", "Nieuw"], "description": ["", "Uitleg"]}
    goal_update(
        goal=goal,
        title="Doel",
        description="",
        indicators=Indicator.objects.filter(key="inwoners"),
        actor=cast.coordinator,
    )
    assert last_event().changes == {"indicators": [[], ["inwoners"]]}
    action = action_create(coalition=cast.coalition, title="A", actor=cast.coordinator)
    action_update(
        action=action, title="B", description="", goal=goal, owner=None, due_date=None, actor=cast.coordinator
    )
    assert last_event().changes == {"title": ["A", "B"], "goal": [None, str(goal.public_id)]}


def test_deleting_a_goal_or_ambition_keeps_its_actions_as_loose(cast: Cast) -> None:
    goal = _goal(cast)
    action = action_create(coalition=cast.coalition, title="A", goal=goal, actor=cast.coordinator)
    goal_delete(goal=goal, actor=cast.coordinator)
    action.refresh_from_db()
    assert action.goal is None
    assert last_event().action == "coalition.goal_deleted"
    ambition_delete(ambition=goal.ambition, actor=cast.coordinator)
    assert not Ambition.objects.filter(coalition=cast.coalition).exists()
    action_delete(action=action, actor=cast.coordinator)
    assert not Action.objects.filter(pk=action.pk).exists()
    assert last_event().action == "coalition.action_deleted"


def test_owner_from_another_coalition_is_refused(cast: Cast) -> None:
    foreign = foreign_partner(cast)
    before = counts()
    with pytest.raises(ValidationError) as info:
        action_create(coalition=cast.coalition, title="A", owner=foreign, actor=cast.coordinator)
    assert info.value.message_dict == {"owner": [OWNER_NOT_IN_COALITION]}
    assert counts() == before


def test_owner_from_another_coalition_is_refused_on_update(cast: Cast) -> None:
    action = action_create(coalition=cast.coalition, title="A", owner=jgz(cast), actor=cast.coordinator)
    foreign = foreign_partner(cast)
    before = counts()
    with pytest.raises(ValidationError) as info:
        action_update(
            action=action,
            title="A",
            description="",
            goal=None,
            owner=foreign,
            due_date=None,
            actor=cast.coordinator,
        )
    assert info.value.message_dict == {"owner": [OWNER_NOT_IN_COALITION]}
    action.refresh_from_db()
    assert action.owner == jgz(cast)
    assert counts() == before


def test_goal_from_another_coalition_is_refused(cast: Cast) -> None:
    foreign_goal = _goal(cast, Coalition.objects.get(slug="elders"))
    before = counts()
    with pytest.raises(ValidationError) as info:
        action_create(coalition=cast.coalition, title="A", goal=foreign_goal, actor=cast.coordinator)
    assert info.value.message_dict == {"goal": [GOAL_NOT_IN_COALITION]}
    assert counts() == before


@pytest.mark.parametrize("who", ["partner_member", "national", "other_coordinator", "outsider"])
def test_only_coordinators_write_the_plan(cast: Cast, who: str) -> None:
    user = getattr(cast, who)
    goal = _goal(cast)
    action = action_create(coalition=cast.coalition, title="A", actor=cast.coordinator)
    before = counts()
    attempts = [
        lambda: ambition_create(coalition=cast.coalition, title="X", actor=user),
        lambda: ambition_update(ambition=goal.ambition, title="X", description="", actor=user),
        lambda: ambition_delete(ambition=goal.ambition, actor=user),
        lambda: goal_create(ambition=goal.ambition, title="X", actor=user),
        lambda: goal_update(goal=goal, title="X", description="", indicators=[], actor=user),
        lambda: goal_delete(goal=goal, actor=user),
        lambda: action_create(coalition=cast.coalition, title="X", actor=user),
        lambda: action_update(
            action=action, title="X", description="", goal=None, owner=None, due_date=None, actor=user
        ),
        lambda: action_delete(action=action, actor=user),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as info:
            attempt()
        assert str(info.value) == NOT_COORDINATOR
    assert counts() == before
    goal.refresh_from_db()
    assert goal.title == "Doel"


def test_empty_title_is_refused(cast: Cast) -> None:
    before = counts()
    with pytest.raises(ValidationError) as info:
        ambition_create(coalition=cast.coalition, title="  ", actor=cast.coordinator)
    assert "title" in info.value.message_dict
    assert counts() == before
