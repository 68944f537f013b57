"""The status workflow of a klantroute version: one transition table, enforced by `klantroute_publish`.

concept ──► gepubliceerd ──► vervangen

A coordinator publishes a concept; the version that was published for the theme until then moves to
"vervangen" in the same transaction (the database allows one published version per theme). Published and
replaced versions are read-only: professionals may have printed them, so a change is a new version.
"""

from __future__ import annotations

from collections.abc import Mapping

from kansrijk.core.workflow import Workflow
from kansrijk.routes.models import RouteStatus

S = RouteStatus

ROUTE_WORKFLOW = Workflow(
    statuses=RouteStatus,
    transitions={
        S.CONCEPT: frozenset({S.PUBLISHED}),
        S.PUBLISHED: frozenset({S.REPLACED}),
        S.REPLACED: frozenset(),
    },
    # Only a concept may be changed (title, introduction, steps).
    editable=frozenset({S.CONCEPT}),
)
TRANSITIONS: Mapping[str, frozenset[str]] = ROUTE_WORKFLOW.transitions
EDITABLE_STATUSES: frozenset[str] = ROUTE_WORKFLOW.editable


def transition_allowed(current: str, to: str) -> bool:
    return ROUTE_WORKFLOW.allowed(current, to)


def is_editable(status: str) -> bool:
    return ROUTE_WORKFLOW.is_editable(status)
