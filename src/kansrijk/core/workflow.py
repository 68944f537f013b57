"""One mechanism for status workflows: an enum plus one transition table (design.md §4).

Each workflow (plan actions, klantroute versions, and later referrals and coalitions) declares its table
once as a `Workflow`; services ask it whether a move is allowed, views ask it which moves to offer. The
table is checked when it is built: every status of the enum has a row, and no row names an unknown
status, so a new enum value without a decision about its moves fails at import time, not in production.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from django.db import models


@dataclass(frozen=True)
class Workflow:
    statuses: type[models.TextChoices]
    transitions: Mapping[str, frozenset[str]]
    # The statuses in which the object itself may still be edited (empty: never after creation).
    editable: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        values = set(self.statuses.values)
        if set(self.transitions) != values:
            raise ValueError(f"transition table must have one row per status: {sorted(values)}")
        unknown = {to for targets in self.transitions.values() for to in targets} - values
        if unknown or not self.editable <= values:
            raise ValueError(f"unknown statuses in the workflow: {sorted(unknown)}")
        object.__setattr__(self, "transitions", MappingProxyType(dict(self.transitions)))

    def allowed(self, current: str, to: str) -> bool:
        return to in self.transitions.get(current, frozenset())

    def next_statuses(self, current: str) -> list[str]:
        """The statuses reachable from `current`, in the enum's order (for buttons)."""
        targets = self.transitions.get(current, frozenset())
        return [status for status in self.statuses.values if status in targets]

    def final_statuses(self) -> frozenset[str]:
        return frozenset(status for status, targets in self.transitions.items() if not targets)

    def is_editable(self, status: str) -> bool:
        return status in self.editable

    def pairs(self) -> Iterable[tuple[str, str]]:
        """Every (from, to) pair of statuses, allowed or not: what the exhaustive tests walk."""
        return ((a, b) for a in self.statuses.values for b in self.statuses.values)
