"""Reads for the organisation admin's team pages. Configuration, not families' data: no access-log entry
(the writes go to the audit log in care.services.teams). 404 for anyone who does not administer the
organisation — the same rule as the "Mijn organisatie" pages."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.accounts.organisation_selectors import organisations_administered_by
from kansrijk.care.models import CareTeam


@dataclass(frozen=True)
class TeamRow:
    team: CareTeam
    members: list[User]


@dataclass(frozen=True)
class OrganisationTeams:
    organisation: Organisation
    teams: list[TeamRow]
    professionals: list[User]


def care_professionals_of(organisation: Organisation) -> QuerySet[User]:
    """The people who may be put in a team: active, with the care role in this organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role=Role.CARE_PROFESSIONAL,
        )
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def teams_overview(user: User) -> list[OrganisationTeams]:
    """Per organisation the user administers: its teams with their members, and who may join one."""
    overview = []
    for organisation in organisations_administered_by(user).order_by("name"):
        teams = CareTeam.objects.filter(organisation=organisation).prefetch_related("members__user")
        rows = [
            TeamRow(
                team=team,
                members=sorted((m.user for m in team.members.all()), key=lambda u: (u.last_name, u.email)),
            )
            for team in teams
        ]
        overview.append(
            OrganisationTeams(
                organisation=organisation,
                teams=rows,
                professionals=list(care_professionals_of(organisation)),
            )
        )
    return overview


def organisation_for_teams(user: User, public_id: UUID) -> Organisation:
    organisation = organisations_administered_by(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def team_get_administered(user: User, public_id: UUID) -> CareTeam:
    team = (
        CareTeam.objects.filter(organisation__in=organisations_administered_by(user), public_id=public_id)
        .select_related("organisation")
        .first()
    )
    if team is None:
        raise Http404
    return team


def team_member_get(team: CareTeam, user_public_id: UUID) -> User:
    member = team.members.filter(user__public_id=user_public_id).select_related("user").first()
    if member is None:
        raise Http404
    return member.user
