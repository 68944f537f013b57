"""A small world for the organisation-management tests (tests/accounts/test_org_admin.py and
tests/coalitions/test_organisation_pages.py).

- JGZ Noord (has an admin): `jgz_admin`, `anna` (partner_member, takes part in coalition "zuid").
- Gemeente Zuid (has an admin): `gem_admin`, `coordinator` (coordinates coalition "zuid").
- Welzijn Oost: no admin; `wim` is a member. The platform admin manages it until it has an admin.
- `platform` (platform admin), `national` (national programme), each in an organisation of their own.

Coalitions and participations are made with the models directly, on purpose: these tests are about the
organisation side and must not depend on the coalition services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    CoalitionStatus,
    Participation,
    ParticipationRole,
    PartnerStatus,
)
from tests.mfa import give_totp
from tests.system import TESTS

PASSWORD = "test-wachtwoord-123"


@dataclass
class World:
    jgz: Organisation
    gemeente: Organisation
    welzijn: Organisation
    jgz_admin: User
    anna: User
    gem_admin: User
    coordinator: User
    wim: User
    platform: User
    national: User
    coalition: Coalition
    anna_participation: Participation
    coordinator_participation: Participation


def org(name: str, kind: str) -> Organisation:
    return organisation_get_or_create(name=name, kind=kind, actor=TESTS)


def person(email: str, organisation: Organisation, role: Role, first: str = "", last: str = "") -> User:
    user = User.objects.filter(email=email).first() or user_create(
        email=email, password=PASSWORD, first_name=first, last_name=last, actor=TESTS
    )
    membership_grant(user=user, organisation=organisation, role=role, actor=TESTS)
    give_totp(user)  # two-step verification is required for every signed-in user
    return user


def participate(coalition: Coalition, user: User, organisation: Organisation, role: str) -> Participation:
    CoalitionPartner.objects.get_or_create(
        coalition=coalition,
        organisation=organisation,
        defaults={"status": PartnerStatus.ACCEPTED, "decided_at": timezone.now()},
    )
    return Participation.objects.create(coalition=coalition, user=user, organisation=organisation, role=role)


@transaction.atomic
def make_world() -> World:
    jgz = org("JGZ Noord", OrganisationKind.JGZ)
    gemeente = org("Gemeente Zuid", OrganisationKind.GEMEENTE)
    welzijn = org("Welzijn Oost", OrganisationKind.WELZIJN)
    coalition = Coalition.objects.create(
        name="Coalitie Zuid", slug="zuid", status=CoalitionStatus.CONFIRMED, lead=gemeente
    )
    anna = person("anna@jgz.nl", jgz, Role.PARTNER_MEMBER, "Anna", "de Vries")
    coordinator = person("coord@zuid.nl", gemeente, Role.COORDINATOR, "Cor", "Dinator")
    return World(
        jgz=jgz,
        gemeente=gemeente,
        welzijn=welzijn,
        jgz_admin=person("beheer@jgz.nl", jgz, Role.ORG_ADMIN, "Bea", "Heer"),
        anna=anna,
        gem_admin=person("beheer@zuid.nl", gemeente, Role.ORG_ADMIN),
        coordinator=coordinator,
        wim=person("wim@welzijn.nl", welzijn, Role.PARTNER_MEMBER),
        platform=person(
            "platform@kansrijk.nl", org("Kansrijk Platform", OrganisationKind.OVERIG), Role.PLATFORM_ADMIN
        ),
        national=person(
            "landelijk@rijk.nl", org("Landelijk Programma", OrganisationKind.LANDELIJK), Role.NATIONAL
        ),
        coalition=coalition,
        anna_participation=participate(coalition, anna, jgz, ParticipationRole.MEMBER),
        coordinator_participation=participate(
            coalition, coordinator, gemeente, ParticipationRole.COORDINATOR
        ),
    )
