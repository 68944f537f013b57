"""The "Mijn organisatie" pages: an organisation's admin manages its members, membership requests and the
periodic access review. The platform admin does the same for organisations that have no admin yet.

Every page fetches the organisation through `organisation_get_administered`: 404 for anyone who does not
administer it. The services check again (the CLI and tests call them directly). These views live in the
coalition layer only because the access review shows coalition participations; accounts may not import it.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kansrijk.accounts.models import Organisation, User
from kansrijk.accounts.organisation_selectors import (
    member_get,
    membership_get,
    membership_request_get,
    membership_requests_for,
    organisation_get_administered,
    organisation_has_admin,
    organisations_administered_by,
    organisations_administered_overview,
    user_administers,
)
from kansrijk.accounts.organisation_services import (
    access_review_record,
    deactivation_refusal,
    member_add,
    member_remove,
    membership_request_grant,
    membership_request_refuse,
    membership_revoke,
    user_deactivate,
)
from kansrijk.coalitions.forms.organisation import AccessReviewForm, MemberAddForm
from kansrijk.coalitions.selectors.organisation import (
    REVIEW_INTERVAL,
    access_rows,
    access_summary,
    active_participation_count,
    participation_get_for_organisation,
    review_state,
    summary_fingerprint,
)
from kansrijk.coalitions.services.lifecycle import participation_end_by_organisation
from kansrijk.coalitions.views.workspace import add_service_error
from kansrijk.core.auth import signed_in_user

_TEMPLATES = "coalitions/organisation/"


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _done(request: HttpRequest, organisation: Organisation, text: str, anchor: str = "") -> HttpResponse:
    """Back to the organisation page, or to the list when the action took away the actor's own access
    (e.g. the platform admin just made someone the organisation's admin)."""
    messages.success(request, text)
    if not user_administers(request.user, organisation):
        if organisations_administered_by(request.user).exists():
            return redirect("organisaties:list")
        return redirect("my-account")
    url = reverse("organisaties:detail", args=[organisation.public_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


@require_GET
@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_administered_overview(request.user))
    if not organisations:
        raise PermissionDenied(_("U beheert geen organisatie."))
    review_due = timezone.now() - REVIEW_INTERVAL
    context = {
        # `has_admin` is annotated by the selector.
        "own": [o for o in organisations if o.has_admin],  # type: ignore[attr-defined]
        "without_admin": [o for o in organisations if not o.has_admin],  # type: ignore[attr-defined]
        "review_due": review_due,
    }
    return render(request, _TEMPLATES + "list.html", context)


def _render_detail(
    request: HttpRequest,
    organisation: Organisation,
    *,
    form: forms.Form | None = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    context: dict[str, Any] = {
        "organisation": organisation,
        "has_admin": organisation_has_admin(organisation),
        "members": [row for row in access_rows(organisation) if row.is_member],
        "requests": membership_requests_for(request.user).filter(organisation=organisation),
        "review": review_state(organisation),
        "form": form or MemberAddForm(),
        "error": error,
    }
    return render(request, _TEMPLATES + "detail.html", context, status=status)


@require_GET
@login_required
def organisation_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _render_detail(request, organisation_get_administered(request.user, public_id))


@require_POST
@login_required
def member_add_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            membership = member_add(
                organisation=organisation,
                actor=signed_in_user(request),
                link_base=request.build_absolute_uri("/").rstrip("/"),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            text = _("%(name)s heeft nu de rol %(role)s. We hebben een e-mail gestuurd.") % {
                "name": _name(membership.user),
                "role": membership.get_role_display(),
            }
            return _done(request, organisation, text, "leden")
    return _render_detail(request, organisation, form=form, status=422)


@require_POST
@login_required
def membership_revoke_view(request: HttpRequest, public_id: UUID, membership_id: UUID) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    membership = membership_get(organisation, membership_id)
    try:
        membership_revoke(membership=membership, actor=signed_in_user(request))
    except ValidationError as exc:
        return _render_detail(request, organisation, status=422, error=exc.messages[0])
    text = _("%(name)s heeft de rol %(role)s niet meer.") % {
        "name": _name(membership.user),
        "role": membership.get_role_display(),
    }
    if request.POST.get("terug") == "toegang" and user_administers(request.user, organisation):
        messages.success(request, text)
        return redirect("organisaties:access", organisation.public_id)
    return _done(request, organisation, text, "leden")


@require_POST
@login_required
def member_remove_view(request: HttpRequest, public_id: UUID, user_id: UUID) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    user = member_get(organisation, user_id)
    try:
        member_remove(user=user, organisation=organisation, actor=signed_in_user(request))
    except ValidationError as exc:
        return _render_detail(request, organisation, status=422, error=exc.messages[0])
    text = _("%(name)s hoort niet meer bij %(organisation)s.") % {
        "name": _name(user),
        "organisation": organisation.name,
    }
    return _done(request, organisation, text, "leden")


@require_http_methods(["GET", "POST"])
@login_required
def member_deactivate_view(request: HttpRequest, public_id: UUID, user_id: UUID) -> HttpResponse:
    """A leaver, with a confirm step that says what will happen (or why only the roles here can end)."""
    organisation = organisation_get_administered(request.user, public_id)
    user = member_get(organisation, user_id)
    status = 200
    error = ""
    if request.method == "POST":
        try:
            user_deactivate(user=user, organisation=organisation, actor=signed_in_user(request))
        except (PermissionDenied, ValidationError) as exc:
            error, status = (exc.messages[0] if isinstance(exc, ValidationError) else str(exc)), 422
        else:
            text = _("Het account van %(name)s is uitgeschakeld. Alle sessies en rollen zijn beëindigd.") % {
                "name": _name(user)
            }
            return _done(request, organisation, text, "leden")
    context = {
        "organisation": organisation,
        "member": user,
        "roles": [m.get_role_display() for m in user.memberships.filter(organisation=organisation)],
        "refusal": deactivation_refusal(user=user, organisation=organisation, actor=signed_in_user(request)),
        "participations": active_participation_count(user, organisation),
        "error": error,
    }
    return render(request, _TEMPLATES + "deactivate.html", context, status=status)


@require_POST
@login_required
def request_decide_view(
    request: HttpRequest, public_id: UUID, request_id: UUID, decision: str
) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    membership_request = membership_request_get(organisation, request_id)
    try:
        if decision == "grant":
            membership_request_grant(request=membership_request, actor=signed_in_user(request))
            template = _("%(name)s hoort nu bij %(organisation)s.")
        else:
            membership_request_refuse(request=membership_request, actor=signed_in_user(request))
            template = _("Het verzoek van %(name)s is geweigerd.")
    except ValidationError as exc:
        return _render_detail(request, organisation, status=422, error=exc.messages[0])
    text = template % {"name": _name(membership_request.user), "organisation": organisation.name}
    return _done(request, organisation, text, "verzoeken")


def _render_access(
    request: HttpRequest, organisation: Organisation, *, status: int = 200, error: str = ""
) -> HttpResponse:
    rows = access_rows(organisation)
    context = {
        "organisation": organisation,
        "rows": rows,
        "review": review_state(organisation),
        "form": AccessReviewForm(initial={"fingerprint": summary_fingerprint(access_summary(rows))}),
        "error": error,
    }
    return render(request, _TEMPLATES + "access.html", context, status=status)


@require_GET
@login_required
def access_review(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _render_access(request, organisation_get_administered(request.user, public_id))


@require_POST
@login_required
def access_review_confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    summary = access_summary(access_rows(organisation))
    form = AccessReviewForm(request.POST)
    if not form.is_valid() or form.cleaned_data["fingerprint"] != summary_fingerprint(summary):
        error = _("De lijst is veranderd sinds u hem opende. Bekijk hem opnieuw en bevestig dan.")
        return _render_access(request, organisation, status=409, error=error)
    access_review_record(organisation=organisation, actor=signed_in_user(request), summary=summary)
    messages.success(
        request,
        _("Bevestigd: u heeft de toegang van %(organisation)s gecontroleerd.")
        % {"organisation": organisation.name},
    )
    return redirect("organisaties:access", organisation.public_id)


@require_POST
@login_required
def participation_revoke_view(request: HttpRequest, public_id: UUID, participation_id: UUID) -> HttpResponse:
    organisation = organisation_get_administered(request.user, public_id)
    participation = participation_get_for_organisation(organisation, participation_id)
    participation_end_by_organisation(participation=participation, actor=signed_in_user(request))
    messages.success(
        request,
        _("%(name)s neemt niet meer deel aan %(coalition)s namens %(organisation)s.")
        % {
            "name": _name(participation.user),
            "coalition": participation.coalition.name,
            "organisation": organisation.name,
        },
    )
    return redirect("organisaties:access", organisation.public_id)
