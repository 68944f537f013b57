"""The access context: who acts, for which organisation and team, why, and (per family) on what basis.

Every care service and selector takes one. No care read or write exists without it (issue 11), and the
access log records it. Contexts are built only here, from a signed-in user, after checking that the user
really holds the role they act in — so a context in hand means "this person may act like this", and
what they may see of one family is then decided by `kansrijk.care.selectors.access`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.accounts.selectors import user_has_role
from kansrijk.audit.actors import SystemActor
from kansrijk.care.categories import Purpose
from kansrijk.care.models import CareTeam, CareTeamMember


class ActingAs:
    PROFESSIONAL = "professional"
    PARENT = "ouder"
    LOG_MANAGER = "logbeheerder"
    SYSTEM = "systeem"


@dataclass(frozen=True)
class AccessContext:
    # None only for unattended work (retention), which names itself in `system_label`.
    user: User | None
    acting_as: str
    purpose: str
    organisation: Organisation | None = None
    team: CareTeam | None = None
    # Whose responsibility the action is, when someone acts on another's behalf (NEN 7513 "verantwoordelijke").
    responsible: User | None = None
    system_label: str = ""

    @property
    def is_professional(self) -> bool:
        return self.acting_as == ActingAs.PROFESSIONAL and self.team is not None

    @property
    def is_parent(self) -> bool:
        return self.acting_as == ActingAs.PARENT


def user_is_care_professional(user: User, organisation: Organisation) -> bool:
    return (
        user.is_active
        and user.memberships.filter(organisation=organisation, role=Role.CARE_PROFESSIONAL).exists()
    )


def teams_of(user: User) -> list[CareTeam]:
    """The teams a professional may act for: member of the team and holding the care role in its
    organisation now (a revoked role or a deactivated account ends it at once)."""
    if not user.is_active:
        return []
    return list(
        CareTeam.objects.filter(
            members__user=user,
            organisation__memberships__user=user,
            organisation__memberships__role=Role.CARE_PROFESSIONAL,
        )
        .select_related("organisation")
        .distinct()
    )


def professional_context(user: User, *, team: CareTeam, purpose: str = Purpose.CARE) -> AccessContext:
    """The context of a professional acting for one of their teams; 404 when they are not in it."""
    member = CareTeamMember.objects.filter(team=team, user=user).exists()
    if not (member and user_is_care_professional(user, team.organisation)):
        raise Http404
    return AccessContext(
        user=user,
        acting_as=ActingAs.PROFESSIONAL,
        purpose=purpose,
        organisation=team.organisation,
        team=team,
        responsible=user,
    )


def professional_context_among(
    user: User, *, team: CareTeam, teams: list[CareTeam], purpose: str = Purpose.CARE
) -> AccessContext:
    """The same context as `professional_context`, for a team taken from `teams_of(user)` in this request:
    that query already checked membership and the care role, so no second check (two queries less on
    every care page). A team not in `teams` is a 404, as always."""
    if team not in teams or not user.is_active:
        raise Http404
    return AccessContext(
        user=user,
        acting_as=ActingAs.PROFESSIONAL,
        purpose=purpose,
        organisation=team.organisation,
        team=team,
        responsible=user,
    )


def parent_context(user: User) -> AccessContext:
    """A parent looking at their own family's data (the family's view)."""
    if not user.is_active:
        raise Http404
    return AccessContext(user=user, acting_as=ActingAs.PARENT, purpose=Purpose.FAMILY, responsible=user)


def log_manager_context(user: User, *, organisation: Organisation) -> AccessContext:
    """A log manager (logbeheerder) reviewing the access log of their organisation."""
    holds = user.memberships.filter(organisation=organisation, role=Role.LOG_MANAGER).exists()
    if not (user_has_role(user, Role.LOG_MANAGER) and holds):
        raise Http404
    return AccessContext(
        user=user,
        acting_as=ActingAs.LOG_MANAGER,
        purpose=Purpose.LOG_REVIEW,
        organisation=organisation,
        responsible=user,
    )


def system_context(actor: SystemActor, *, purpose: str) -> AccessContext:
    """Unattended work on personal data (e.g. removal after the retention period), logged under its name."""
    return AccessContext(user=None, acting_as=ActingAs.SYSTEM, purpose=purpose, system_label=actor.label)
