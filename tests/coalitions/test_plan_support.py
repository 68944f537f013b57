"""Helpers for the plan, agreement and practice tests (no tests here): extra partners and change counters."""

from __future__ import annotations

from dataclasses import dataclass

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import (
    Action,
    Agreement,
    Ambition,
    Coalition,
    CoalitionPartner,
    Goal,
    GoodPractice,
    ParticipationRole,
)
from kansrijk.coalitions.services.participation import participation_grant
from tests.mfa import give_totp
from tests.personas import PASSWORD, Cast, accepted_partner
from tests.system import TESTS


def partner_of(coalition: Coalition, name: str, kind: str = OrganisationKind.KRAAMZORG) -> CoalitionPartner:
    """The partner `name` of the coalition, added on first use."""
    organisation = organisation_get_or_create(name=name, kind=kind, actor=TESTS)
    existing = CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).first()
    if existing is not None:
        return existing
    return accepted_partner(coalition, organisation, role="Test")


def jgz(cast: Cast) -> CoalitionPartner:
    """The partner of the test coalition that `cast.partner_member` works for."""
    return CoalitionPartner.objects.get(coalition=cast.coalition, organisation__name="JGZ Test")


def kraamzorg(cast: Cast) -> CoalitionPartner:
    """A second partner of the test coalition (nobody of the cast works there)."""
    return partner_of(cast.coalition, "Kraamzorg Test")


def foreign_partner(cast: Cast) -> CoalitionPartner:
    """A partner of the other coalition ("elders")."""
    return partner_of(Coalition.objects.get(slug="elders"), "GGD Elders", OrganisationKind.GGD)


def kraamzorg_member(cast: Cast) -> User:
    partner = CoalitionPartner.objects.filter(
        coalition=cast.coalition, organisation__name="Kraamzorg Test"
    ).first()
    partner = partner or kraamzorg(cast)
    user = user_create(email="kraam@test.nl", password=PASSWORD, actor=TESTS)
    give_totp(user)  # two-step verification is required for every signed-in user
    membership_grant(user=user, organisation=partner.organisation, role=Role.PARTNER_MEMBER, actor=TESTS)
    # A colleague who takes part in the coalition for their organisation (membership alone gives nothing).
    participation_grant(
        coalition=cast.coalition,
        user=user,
        organisation=partner.organisation,
        role=ParticipationRole.MEMBER,
        actor=TESTS,
    )
    return user


@dataclass(frozen=True)
class Counts:
    audit: int
    ambitions: int
    goals: int
    actions: int
    agreements: int
    practices: int


def counts() -> Counts:
    return Counts(
        audit=AuditEvent.objects.count(),
        ambitions=Ambition.objects.count(),
        goals=Goal.objects.count(),
        actions=Action.objects.count(),
        agreements=Agreement.objects.count(),
        practices=GoodPractice.objects.count(),
    )


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()  # type: ignore[return-value]
