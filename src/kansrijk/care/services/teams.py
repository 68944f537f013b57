"""Care teams, managed by the organisation's own admin (or the platform admin for an organisation
without one), like the rest of the organisation's membership (ADR 0007). Configuration, not personal
data of families: these writes go to the audit log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.accounts.organisation_selectors import organisation_has_admin, user_administers
from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.accounts.types import Actor
from kansrijk.audit.actors import SystemActor
from kansrijk.audit.services import record
from kansrijk.care.models import CareTeam, CareTeamMember

NOT_ADMIN = _("Alleen de beheerder van deze organisatie kan teams beheren.")
NAME_TAKEN = _("Deze organisatie heeft al een team met deze naam.")
NOT_CARE_ROLE = _("Geef deze persoon eerst de rol zorgprofessional in uw organisatie.")
ALREADY_MEMBER = _("Deze persoon zit al in dit team.")


def may_manage_teams(actor: Actor, organisation: Organisation) -> bool:
    if isinstance(actor, SystemActor):
        return True
    if user_administers(actor, organisation):
        return True
    return user_is_platform_admin(actor) and not organisation_has_admin(organisation)


@transaction.atomic
def team_create(*, organisation: Organisation, name: str, actor: Actor) -> CareTeam:
    if not may_manage_teams(actor, organisation):
        raise PermissionDenied(NOT_ADMIN)
    name = name.strip()
    if CareTeam.objects.filter(organisation=organisation, name__iexact=name).exists():
        raise ValidationError({"name": NAME_TAKEN})
    team = CareTeam.objects.create(organisation=organisation, name=name)
    record(actor=actor, action="care_team.created", obj=team, changes={"name": name})
    return team


@transaction.atomic
def team_member_add(*, team: CareTeam, user: User, actor: Actor) -> CareTeamMember:
    if not may_manage_teams(actor, team.organisation):
        raise PermissionDenied(NOT_ADMIN)
    if not user.memberships.filter(organisation=team.organisation, role=Role.CARE_PROFESSIONAL).exists():
        raise ValidationError({"user": NOT_CARE_ROLE})
    if CareTeamMember.objects.filter(team=team, user=user).exists():
        raise ValidationError({"user": ALREADY_MEMBER})
    member = CareTeamMember.objects.create(team=team, user=user)
    record(actor=actor, action="care_team.member_added", obj=team, changes={"user": user.email})
    return member


@transaction.atomic
def team_member_remove(*, team: CareTeam, user: User, actor: Actor) -> None:
    if not may_manage_teams(actor, team.organisation):
        raise PermissionDenied(NOT_ADMIN)
    deleted, _rows = CareTeamMember.objects.filter(team=team, user=user).delete()
    if deleted:
        record(actor=actor, action="care_team.member_removed", obj=team, changes={"user": user.email})
