"""The status workflow of a klantroute version: one transition table, enforced by `klantroute_publish`.

concept ──► gepubliceerd ──► vervangen

A coordinator publishes a concept; the version that was published for the theme until then moves to
"vervangen" in the same transaction (the database allows one published version per theme). Published and
replaced versions are read-only: professionals may have printed them, so a change is a new version.
"""

from __future__ import annotations

from types import MappingProxyType

from kansrijk.routes.models import RouteStatus

S = RouteStatus

TRANSITIONS: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        S.CONCEPT: frozenset({S.PUBLISHED}),
        S.PUBLISHED: frozenset({S.REPLACED}),
        S.REPLACED: frozenset(),
    }
)

# Only a concept may be changed (title, introduction, steps).
EDITABLE_STATUSES: frozenset[str] = frozenset({S.CONCEPT})

assert set(TRANSITIONS) == set(RouteStatus.values)


def transition_allowed(current: str, to: str) -> bool:
    return to in TRANSITIONS.get(current, frozenset())


def is_editable(status: str) -> bool:
    return status in EDITABLE_STATUSES
