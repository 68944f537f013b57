"""The organisation admin's care teams: list the teams and their members, create a team, add a
professional (only people with the care role in the organisation), remove one. The platform admin does
the same for organisations without an admin (care.services.teams.may_manage_teams). Configuration only:
the admin never sees a family here."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.teams import TeamCreateForm, TeamMemberForm
from kansrijk.care.selectors.teams import (
    care_professionals_of,
    organisation_for_teams,
    team_get_administered,
    team_member_get,
    teams_overview,
)
from kansrijk.care.services.teams import team_create, team_member_add, team_member_remove
from kansrijk.core.auth import signed_in_user

NO_ORGANISATION = gettext_lazy("U beheert geen organisatie.")


def _render(
    request: HttpRequest,
    *,
    bound: forms.Form | None = None,
    bound_for: tuple[str, int] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The teams page; `bound` is a form that was not accepted, shown again with its errors for the
    organisation or team `bound_for`."""
    overview = teams_overview(signed_in_user(request))
    if not overview:
        raise PermissionDenied(NO_ORGANISATION)
    blocks = []
    for item in overview:
        create_form = bound if bound_for == ("organisatie", item.organisation.pk) else None
        rows = []
        for row in item.teams:
            professionals = care_professionals_of(item.organisation).exclude(
                pk__in=[u.pk for u in row.members]
            )
            member_form = bound if bound_for == ("team", row.team.pk) else None
            rows.append(
                {
                    "row": row,
                    "form": member_form
                    or TeamMemberForm(professionals=professionals, auto_id=f"id_{row.team.public_id}_%s"),
                    "has_candidates": professionals.exists(),
                }
            )
        blocks.append(
            {
                "item": item,
                "teams": rows,
                "create_form": create_form or TeamCreateForm(auto_id=f"id_{item.organisation.public_id}_%s"),
            }
        )
    return render(request, "care/teams/list.html", {"blocks": blocks}, status=status)


@require_GET
@login_required
def teams_view(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@login_required
def team_create_view(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    organisation = organisation_for_teams(user, organisation_id)
    form = TeamCreateForm(request.POST, auto_id=f"id_{organisation.public_id}_%s")
    if form.is_valid():
        try:
            team = team_create(organisation=organisation, name=form.cleaned_data["name"], actor=user)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Team %(name)s is gemaakt.") % {"name": team.name})
            return redirect("care:teams")
    return _render(request, bound=form, bound_for=("organisatie", organisation.pk), status=422)


@require_POST
@login_required
def team_member_add_view(request: HttpRequest, team_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    team = team_get_administered(user, team_id)
    professionals = care_professionals_of(team.organisation)
    form = TeamMemberForm(request.POST, professionals=professionals, auto_id=f"id_{team.public_id}_%s")
    if form.is_valid():
        member = form.cleaned_data["user"]
        try:
            team_member_add(team=team, user=member, actor=user)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s zit nu in team %(team)s.")
                % {"name": member.get_full_name() or member.email, "team": team.name},
            )
            return redirect("care:teams")
    return _render(request, bound=form, bound_for=("team", team.pk), status=422)


@require_POST
@login_required
def team_member_remove_view(request: HttpRequest, team_id: UUID, user_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    team = team_get_administered(user, team_id)
    member = team_member_get(team, user_id)
    team_member_remove(team=team, user=member, actor=user)
    messages.success(
        request,
        _("%(name)s zit niet meer in team %(team)s.")
        % {"name": member.get_full_name() or member.email, "team": team.name},
    )
    return redirect("care:teams")
