"""Who did it, when nobody signed in did: the named system actor.

Work the system does on its own — the demo, imports, reminders, snapshots, data migrations, the test set-up
— runs as a `SystemActor` with a name, and the audit log records it as such ("systeem: demo"). There is no
"no actor" (`None`) and no switch that turns a permission check off: a service either gets a signed-in
user, whose rights it checks, or an explicit system actor, which only code paths that are not reachable
from a request construct. Views always pass `request.user` (see `kansrijk.core.auth.signed_in_user`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

_NAME = re.compile(r"^[a-z][a-z0-9-]{1,39}$")


@dataclass(frozen=True)
class SystemActor:
    name: str

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"a system actor needs a short lower-case name, got {self.name!r}")

    @property
    def label(self) -> str:
        return f"systeem: {self.name}"

    def __str__(self) -> str:
        return self.label


def is_system(actor: object) -> TypeGuard[SystemActor]:
    return isinstance(actor, SystemActor)


# The named actors of the platform itself. Add one per kind of unattended work, never reuse another's.
DEMO = SystemActor("demo")
IMPORT = SystemActor("import")
REMINDERS = SystemActor("herinneringen")
SNAPSHOTS = SystemActor("peiling")
INVITATION = SystemActor("uitnodiging")  # an invitee creating their own account by the link in the mail
SETUP = SystemActor("setup")
