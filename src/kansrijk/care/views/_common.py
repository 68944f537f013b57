"""What every care view starts with: the access context of the signed-in professional or parent.

A professional acts for one team at a time. With one team that is it; with more, the team chosen on the
worklist (`?team=<uuid>`, remembered in the session), else the first of `teams_of` (a fixed order:
organisation, team). The session is written only when a team is chosen, not on the first page of every
session (that write cost three queries; issue 12 allows 10 per worklist page). Anyone without a care
role gets a 404 on every professional page — coordinators, national users and admins never learn which
families exist.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext, parent_context, professional_context_among, teams_of
from kansrijk.care.models import CareTeam
from kansrijk.core.auth import signed_in_user

SESSION_TEAM = "care_team"


def acting_team(request: HttpRequest, teams: list[CareTeam] | None = None) -> CareTeam:
    """The team the professional acts for in this request; 404 when they are in no team."""
    user = signed_in_user(request)
    teams = teams_of(user) if teams is None else teams
    if not teams:
        raise Http404
    asked = request.GET.get("team")
    wanted = asked or request.session.get(SESSION_TEAM)
    chosen = next((t for t in teams if str(t.public_id) == wanted), teams[0])
    # Remember a choice (a team of the professional's own, asked for now); the default needs no memory.
    if asked == str(chosen.public_id) and request.session.get(SESSION_TEAM) != asked:
        request.session[SESSION_TEAM] = asked
    return chosen


def care_context(request: HttpRequest, purpose: str = Purpose.CARE) -> AccessContext:
    """The professional's access context for this request (404 for anyone without a care team)."""
    user = signed_in_user(request)
    teams = teams_of(user)
    return professional_context_among(user, team=acting_team(request, teams), teams=teams, purpose=purpose)


def family_context(request: HttpRequest) -> AccessContext:
    """A parent's context for the family's own view."""
    return parent_context(signed_in_user(request))
