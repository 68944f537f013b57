"""The status workflow of a plan action: one transition table, enforced by `action_change_status`.

gepland ──► lopend ──► afgerond
   │          │ ▲
   │          ▼ │
   │       gepauzeerd
   └──────────┴─────► gestopt   (from every open status)

Afgerond and gestopt are final. Reopening a finished action would rewrite what the coalition reported
as done; a new action (with its own history) says what really happened. Skipping "lopend" (gepland →
afgerond) is refused for the same reason: the plan's progress shows when work actually ran.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from kansrijk.coalitions.models.plan import FINAL_STATUSES, ActionStatus
from kansrijk.core.workflow import Workflow

S = ActionStatus

ACTION_WORKFLOW = Workflow(
    statuses=ActionStatus,
    transitions={
        S.PLANNED: frozenset({S.IN_PROGRESS, S.CANCELLED}),
        S.IN_PROGRESS: frozenset({S.ON_HOLD, S.DONE, S.CANCELLED}),
        S.ON_HOLD: frozenset({S.IN_PROGRESS, S.CANCELLED}),
        S.DONE: frozenset(),
        S.CANCELLED: frozenset(),
    },
)
TRANSITIONS: Mapping[str, frozenset[str]] = ACTION_WORKFLOW.transitions

# The button text per target status (what the user does, not the status name).
TRANSITION_LABELS: MappingProxyType[str, str] = MappingProxyType(
    {
        S.IN_PROGRESS: "Starten",
        S.ON_HOLD: "Pauzeren",
        S.DONE: "Afronden",
        S.CANCELLED: "Stoppen",
    }
)

assert ACTION_WORKFLOW.final_statuses() == set(FINAL_STATUSES)


def transition_allowed(current: str, to: str) -> bool:
    return ACTION_WORKFLOW.allowed(current, to)


def transition_label(current: str, to: str) -> str:
    if current == S.ON_HOLD and to == S.IN_PROGRESS:
        return "Hervatten"
    return TRANSITION_LABELS[to]


def next_statuses(current: str) -> list[str]:
    """The statuses an action may move to, in the enum's order (for the buttons)."""
    return ACTION_WORKFLOW.next_statuses(current)
