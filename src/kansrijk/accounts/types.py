"""Types other apps use to speak about who acts."""

from __future__ import annotations

from kansrijk.accounts.models import User
from kansrijk.audit.actors import SystemActor

# Who performs a write: a signed-in user (whose rights the service checks) or a named system actor.
Actor = User | SystemActor


def person(actor: Actor) -> User | None:
    """The signed-in user behind an actor, for "who did it" columns; None for system work (its name is in
    the audit log)."""
    return actor if isinstance(actor, User) else None
