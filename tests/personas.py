"""Personas for the tests.

- `coordinator`: coordinator of the coalition "test" (Utrecht, GM0344), taking part on behalf of
  "Gemeente Test" (an accepted partner, not the kartrekker: the coalition has none).
- `partner_member`: a professional of "JGZ Test", an accepted partner of that coalition, taking part in it.
- `other_coordinator`: coordinator of another coalition ("elders", Amsterdam).
- `professional` / `outsider`: a professional whose organisation is in no coalition.
- `national`: the national programme (reads all coalition-level data, never personal data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition, CoalitionPartner, ParticipationRole
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.coalition import partner_add
from kansrijk.coalitions.services.participation import participation_grant, partner_accept
from tests.mfa import give_totp
from tests.system import TESTS

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
    user = user_create(email=email, password=PASSWORD, actor=TESTS)
    membership_grant(
        user=user,
        organisation=organisation_get_or_create(name=org, kind=kind, actor=TESTS),
        role=role,
        actor=TESTS,
    )
    give_totp(user)  # two-step verification is required for every signed-in user
    return user


def accepted_partner(coalition: Coalition, organisation: Organisation, **fields: str) -> CoalitionPartner:
    """A partner as the system makes one: proposed, then accepted (as its admin would)."""
    partner = partner_add(coalition=coalition, organisation=organisation, actor=TESTS, **fields)
    return partner_accept(partner=partner, actor=TESTS)


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
    # The first coordinator takes part on behalf of their own municipality, which joins as accepted partner.
    coalition = coalition_create(
        name="Coalitie Test",
        slug="test",
        municipalities=Area.objects.filter(code__in=municipality_codes),
        actor=TESTS,
        first_coordinator=coordinator,
    )
    partner_member = _user("jgz@test.nl", Role.PARTNER_MEMBER, "JGZ Test", OrganisationKind.JGZ)
    jgz = partner_member.memberships.get().organisation
    accepted_partner(coalition, jgz, role="Jeugdgezondheidszorg")
    participation_grant(
        coalition=coalition, user=partner_member, organisation=jgz, role=ParticipationRole.MEMBER, actor=TESTS
    )
    coalition_create(
        name="Coalitie Elders",
        slug="elders",
        municipalities=Area.objects.filter(code__in=other_codes),
        actor=TESTS,
        first_coordinator=other,
    )
    return Cast(
        coalition=coalition,
        coordinator=coordinator,
        other_coordinator=other,
        professional=professional,
        national=national,
        partner_member=partner_member,
    )
