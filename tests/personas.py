"""Personas for the tests.

- `coordinator`: coordinator of the coalition "test" (Utrecht, GM0344).
- `partner_member`: a professional of "JGZ Test", a partner organisation of that coalition.
- `other_coordinator`: coordinator of another coalition ("elders", Amsterdam).
- `professional` / `outsider`: a professional whose organisation is in no coalition.
- `national`: the national programme (reads all coalition-level data, never personal data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.coalition import partner_add

PASSWORD = "test-wachtwoord-123"


@dataclass
class Cast:
    coalition: Coalition
    coordinator: User
    other_coordinator: User
    professional: User
    national: User
    partner_member: User

    @property
    def outsider(self) -> User:
        return self.professional


def _user(email: str, role: Role, org: str, kind: str) -> User:
    user = user_create(email=email, password=PASSWORD, actor=None)
    membership_grant(
        user=user,
        organisation=organisation_get_or_create(name=org, kind=kind, actor=None),
        role=role,
        actor=None,
    )
    return user


@transaction.atomic
def make_cast(
    municipality_codes: tuple[str, ...] = ("GM0344",), other_codes: tuple[str, ...] = ("GM0363",)
) -> Cast:
    coordinator = _user("coordinator@test.nl", Role.COORDINATOR, "Gemeente Test", OrganisationKind.GEMEENTE)
    other = _user("ander@test.nl", Role.COORDINATOR, "Gemeente Elders", OrganisationKind.GEMEENTE)
    professional = _user(
        "pro@test.nl", Role.PARTNER_MEMBER, "Verloskundigen Test", OrganisationKind.VERLOSKUNDIGE
    )
    national = _user("landelijk@test.nl", Role.NATIONAL, "Landelijk Test", OrganisationKind.LANDELIJK)
    coalition = coalition_create(
        name="Coalitie Test",
        slug="test",
        municipalities=Area.objects.filter(code__in=municipality_codes),
        coordinators=[coordinator],
        actor=None,
    )
    partner_member = _user("jgz@test.nl", Role.PARTNER_MEMBER, "JGZ Test", OrganisationKind.JGZ)
    partner_add(
        coalition=coalition,
        organisation=partner_member.memberships.get().organisation,
        role="Jeugdgezondheidszorg",
        actor=None,
        check_permission=False,
    )
    coalition_create(
        name="Coalitie Elders",
        slug="elders",
        municipalities=Area.objects.filter(code__in=other_codes),
        coordinators=[other],
        actor=None,
    )
    return Cast(
        coalition=coalition,
        coordinator=coordinator,
        other_coordinator=other,
        professional=professional,
        national=national,
        partner_member=partner_member,
    )
