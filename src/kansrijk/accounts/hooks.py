"""Explicit hooks from the shared accounts layer to the domain layers above it.

accounts may not import a domain app (design.md §2), yet when someone stops belonging to an
organisation, what they reach through it (coalition participations, later care teams) must end in the
same transaction. A domain app registers a callback here from its AppConfig.ready(); the accounts
services call every callback inside their own transaction, so a failing callback rolls the change back.

Deliberately not Django signals: the list of callbacks is explicit, ordered, and easy to find and test.
"""

from __future__ import annotations

from typing import Protocol

from kansrijk.accounts.models import Organisation, User
from kansrijk.accounts.types import Actor


class MembershipEndedCallback(Protocol):
    def __call__(
        self, *, user: User, organisation: Organisation | None, reason: str, actor: Actor
    ) -> object: ...


_membership_ended: list[MembershipEndedCallback] = []


def register_membership_ended(callback: MembershipEndedCallback) -> None:
    """Call `callback` whenever a user no longer belongs to an organisation (None: to any organisation).

    Registering the same callback twice is harmless (ready() can run more than once in tests)."""
    if callback not in _membership_ended:
        _membership_ended.append(callback)


def membership_ended(*, user: User, organisation: Organisation | None, reason: str, actor: Actor) -> None:
    """Run the registered callbacks. Call only inside the service's transaction."""
    for callback in _membership_ended:
        callback(user=user, organisation=organisation, reason=reason, actor=actor)
