"""Writes of the coalition plan: ambitions, goals, actions, the status workflow and adopting national actions.

Every function checks permission itself (the CLI, API and admin call these directly), validates, writes
and records its audit event in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.areas.models import Indicator
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import (
    Action,
    ActionStatus,
    Ambition,
    Coalition,
    CoalitionPartner,
    Goal,
    PartnerStatus,
)
from kansrijk.coalitions.selectors.plan import plan_rights
from kansrijk.coalitions.services._common import ensure_coordinator
from kansrijk.coalitions.templates_data import national_action
from kansrijk.coalitions.workflow import transition_allowed

OWNER_NOT_IN_COALITION = _("De eigenaar moet een partnerorganisatie van deze coalitie zijn.")
GOAL_NOT_IN_COALITION = _("Kies een doel uit het plan van deze coalitie.")
UNKNOWN_NATIONAL_ACTION = _(
    "Er is geen landelijke actie met nummer {number}; kies een nummer van 1 tot en met 14."
)
NATIONAL_ACTION_ADOPTED = _("Landelijke actie {number} is al overgenomen in het plan van deze coalitie.")
INVALID_TRANSITION = _("Een actie met status ‘{current}’ kan niet naar ‘{to}’.")
UNKNOWN_STATUS = _("Onbekende status ‘{to}’.")
NOT_STATUS_EDITOR = _(
    "Alleen een coördinator of de organisatie die eigenaar is van deze actie mag de status wijzigen."
)


def _check_owner(coalition: Coalition, owner: CoalitionPartner | None) -> None:
    # Only an accepted partner counts (docs/adr/0007): a proposed one has not agreed to take part.
    if owner is not None and (owner.coalition_id != coalition.pk or owner.status != PartnerStatus.ACCEPTED):
        raise ValidationError({"owner": OWNER_NOT_IN_COALITION})


def _check_goal(coalition: Coalition, goal: Goal | None) -> None:
    if goal is not None and goal.ambition.coalition_id != coalition.pk:
        raise ValidationError({"goal": GOAL_NOT_IN_COALITION})


# --- ambitions ----------------------------------------------------------------------------------------


@transaction.atomic
def ambition_create(*, coalition: Coalition, title: str, description: str = "", actor: User) -> Ambition:
    ensure_coordinator(actor, coalition)
    ambition = Ambition(coalition=coalition, title=title.strip(), description=description.strip())
    ambition.full_clean()
    ambition.save()
    record(
        actor=actor,
        action="coalition.ambition_created",
        obj=ambition,
        changes={"coalition": coalition.slug, "title": ambition.title},
    )
    return ambition


@transaction.atomic
def ambition_update(*, ambition: Ambition, title: str, description: str, actor: User) -> Ambition:
    ensure_coordinator(actor, ambition.coalition)
    before = {"title": ambition.title, "description": ambition.description}
    ambition.title, ambition.description = title.strip(), description.strip()
    ambition.full_clean()
    ambition.save()
    after = {"title": ambition.title, "description": ambition.description}
    record(actor=actor, action="coalition.ambition_changed", obj=ambition, changes=audit_diff(before, after))
    return ambition


@transaction.atomic
def ambition_delete(*, ambition: Ambition, actor: User) -> None:
    """Deletes the ambition and its goals; their actions stay in the plan as actions without a goal."""
    ensure_coordinator(actor, ambition.coalition)
    record(
        actor=actor,
        action="coalition.ambition_deleted",
        obj=ambition,
        changes={"coalition": ambition.coalition.slug, "title": ambition.title},
    )
    ambition.delete()


# --- goals --------------------------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *,
    ambition: Ambition,
    title: str,
    description: str = "",
    indicators: Iterable[Indicator] = (),
    actor: User,
) -> Goal:
    ensure_coordinator(actor, ambition.coalition)
    goal = Goal(ambition=ambition, title=title.strip(), description=description.strip())
    goal.full_clean()
    goal.save()
    chosen = list(indicators)
    goal.indicators.set(chosen)
    record(
        actor=actor,
        action="coalition.goal_created",
        obj=goal,
        changes={
            "ambition": str(ambition.public_id),
            "title": goal.title,
            "indicators": sorted(i.key for i in chosen),
        },
    )
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, title: str, description: str, indicators: Iterable[Indicator], actor: User
) -> Goal:
    ensure_coordinator(actor, goal.ambition.coalition)
    chosen = list(indicators)
    before = {
        "title": goal.title,
        "description": goal.description,
        "indicators": sorted(goal.indicators.values_list("key", flat=True)),
    }
    goal.title, goal.description = title.strip(), description.strip()
    goal.full_clean()
    goal.save()
    goal.indicators.set(chosen)
    after = {
        "title": goal.title,
        "description": goal.description,
        "indicators": sorted(i.key for i in chosen),
    }
    record(actor=actor, action="coalition.goal_changed", obj=goal, changes=audit_diff(before, after))
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, actor: User) -> None:
    """Deletes the goal; its actions stay in the plan as actions without a goal."""
    ensure_coordinator(actor, goal.ambition.coalition)
    record(actor=actor, action="coalition.goal_deleted", obj=goal, changes={"title": goal.title})
    goal.delete()


# --- actions ------------------------------------------------------------------------------------------


def _action_state(action: Action) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "goal": str(action.goal.public_id) if action.goal else None,
        "owner": action.owner.organisation.name if action.owner else None,
        "due_date": action.due_date.isoformat() if action.due_date else None,
    }


@transaction.atomic
def action_create(
    *,
    coalition: Coalition,
    title: str,
    actor: User,
    description: str = "",
    goal: Goal | None = None,
    owner: CoalitionPartner | None = None,
    due_date: datetime.date | None = None,
) -> Action:
    ensure_coordinator(actor, coalition)
    _check_owner(coalition, owner)
    _check_goal(coalition, goal)
    action = Action(
        coalition=coalition,
        goal=goal,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        due_date=due_date,
    )
    action.full_clean()
    action.save()
    record(
        actor=actor,
        action="coalition.action_created",
        obj=action,
        changes={"coalition": coalition.slug, **_action_state(action)},
    )
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    title: str,
    description: str,
    goal: Goal | None,
    owner: CoalitionPartner | None,
    due_date: datetime.date | None,
    actor: User,
) -> Action:
    """Edit what the action is; its status only changes through `action_change_status`."""
    coalition = action.coalition
    ensure_coordinator(actor, coalition)
    _check_owner(coalition, owner)
    _check_goal(coalition, goal)
    before = _action_state(action)
    action.title, action.description = title.strip(), description.strip()
    action.goal, action.owner, action.due_date = goal, owner, due_date
    action.full_clean()
    action.save()
    record(
        actor=actor,
        action="coalition.action_changed",
        obj=action,
        changes=audit_diff(before, _action_state(action)),
    )
    return action


@transaction.atomic
def action_delete(*, action: Action, actor: User) -> None:
    ensure_coordinator(actor, action.coalition)
    record(
        actor=actor,
        action="coalition.action_deleted",
        obj=action,
        changes={"coalition": action.coalition.slug, "title": action.title},
    )
    action.delete()


@transaction.atomic
def action_change_status(*, action: Action, to: str, actor: User) -> Action:
    """The one way an action's status changes: checked against `workflow.TRANSITIONS`."""
    # Lock the row: two partners clicking at once must not both move it from the same status.
    # of=self: PostgreSQL cannot lock the nullable side (owner) of the outer join.
    action = (
        Action.objects.select_for_update(of=("self",)).select_related("coalition", "owner").get(pk=action.pk)
    )
    if not plan_rights(actor, action.coalition).may_change_status(action):
        raise PermissionDenied(NOT_STATUS_EDITOR)
    if to not in ActionStatus.values:
        raise ValidationError({"to": str(UNKNOWN_STATUS).format(to=to)})
    if not transition_allowed(action.status, to):
        raise ValidationError(
            {
                "to": str(INVALID_TRANSITION).format(
                    current=ActionStatus(action.status).label, to=ActionStatus(to).label
                )
            }
        )
    before = action.status
    action.status = to
    action.save(update_fields=["status", "updated_at"])
    record(
        actor=actor, action="coalition.action_status_changed", obj=action, changes={"status": [before, to]}
    )
    return action


# --- national actions ---------------------------------------------------------------------------------


@transaction.atomic
def national_action_adopt(
    *,
    coalition: Coalition,
    number: int,
    actor: User,
    title: str = "",
    description: str | None = None,
    goal: Goal | None = None,
    owner: CoalitionPartner | None = None,
    due_date: datetime.date | None = None,
) -> Action:
    """Adopt one of the 14 national actions of the vervolgaanpak as an action of this coalition, as is
    (empty title/description) or adapted. Once per coalition (a database constraint backs this)."""
    ensure_coordinator(actor, coalition)
    template = national_action(number)
    if template is None:
        raise ValidationError({"number": str(UNKNOWN_NATIONAL_ACTION).format(number=number)})
    _check_owner(coalition, owner)
    _check_goal(coalition, goal)
    already = str(NATIONAL_ACTION_ADOPTED).format(number=number)
    if Action.objects.filter(coalition=coalition, national_action=number).exists():
        raise ValidationError({"number": already})
    action = Action(
        coalition=coalition,
        goal=goal,
        title=(title or "").strip() or template["titel"],
        description=(description if description is not None else template["lijn"]).strip(),
        owner=owner,
        due_date=due_date,
        national_action=number,
    )
    action.full_clean(validate_constraints=False)
    try:
        # A savepoint: a concurrent adoption loses on the constraint and gets the same clear message.
        with transaction.atomic():
            action.save()
    except IntegrityError:
        raise ValidationError({"number": already}) from None
    record(
        actor=actor,
        action="coalition.national_action_adopted",
        obj=action,
        changes={"coalition": coalition.slug, "national_action": number, **_action_state(action)},
    )
    return action
