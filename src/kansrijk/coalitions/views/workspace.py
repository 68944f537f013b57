"""Workspace pages: the coalitions list, creating a coalition, the coalition home and the netwerkkaart.

Each view: fetch with access check (404 outside the coalition) → validate a form → call a service →
respond (redirect with a message, or 422 with the errors on the form).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.coalitions.domains import OFTEN_ABSENT_NOTE
from kansrijk.coalitions.forms.workspace import CoalitionCreateForm
from kansrijk.coalitions.selectors.access import (
    coalition_get_for_user,
    user_coordinates,
    user_may_create_coalition,
)
from kansrijk.coalitions.selectors.confirmation import coalition_requests, user_may_confirm_coalitions
from kansrijk.coalitions.selectors.network import missing_kinds, network_build
from kansrijk.coalitions.selectors.partnerships import partnerships_to_decide
from kansrijk.coalitions.selectors.workspace import (
    CREDIT,
    coalition_rows_for,
    municipality_highlights,
    partner_domain_counts,
    partners_of,
)
from kansrijk.coalitions.services.coalition import MAY_NOT_CREATE, coalition_create
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import submit

COALITION_CREATED = _("De coalitie “{name}” is aangemaakt. U bent coördinator.")


def add_service_error(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the named field when the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
@login_required
def coalition_list(request: HttpRequest) -> HttpResponse:
    context = {
        "rows": coalition_rows_for(request.user),
        "may_create": user_may_create_coalition(request.user),
        # For an organisation's admin: partnership proposals waiting for their decision.
        "proposals": partnerships_to_decide(request.user).count(),
        # For the national programme and the platform admin: coalitions waiting for confirmation.
        "requests": (len(coalition_requests()) if user_may_confirm_coalitions(request.user) else None),
    }
    return render(request, "coalitions/workspace/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def coalition_new(request: HttpRequest) -> HttpResponse:
    if not user_may_create_coalition(request.user):
        raise PermissionDenied(MAY_NOT_CREATE)
    form = CoalitionCreateForm(request.POST or None)
    if request.method == "POST":
        done = submit(
            request,
            form,
            save=lambda data: coalition_create(
                name=data["name"],
                slug=data["slug"],
                municipalities=data["municipalities"],
                actor=signed_in_user(request),
                lead=data["organisation_value"],
            ),
            success=lambda coalition: str(COALITION_CREATED).format(name=coalition.name),
            next_url=lambda coalition: reverse("coalitions:home", kwargs={"slug": coalition.slug}),
        )
        return done or render(request, "coalitions/workspace/create.html", {"form": form}, status=422)
    return render(request, "coalitions/workspace/create.html", {"form": form})


@require_GET
@login_required
def coalition_home(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    partners = list(partners_of(coalition))
    missing = missing_kinds(partners)
    context = {
        "coalition": coalition,
        "highlights": municipality_highlights(coalition),
        "credit": CREDIT,
        "partner_count": len(partners),
        "domain_counts": partner_domain_counts(partners),
        "missing": missing,
        "any_often": any(m.often_absent for m in missing),
        "often_absent_note": OFTEN_ABSENT_NOTE,
        "is_coordinator": user_coordinates(request.user, coalition),
        "lead_name": next(
            (p.organisation.name for p in partners if p.organisation_id == coalition.lead_id), None
        ),
    }
    return render(request, "coalitions/workspace/home.html", context)


@require_GET
@login_required
def netwerkkaart(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    context = {
        "coalition": coalition,
        "map": network_build(coalition),
        "often_absent_note": OFTEN_ABSENT_NOTE,
    }
    return render(request, "coalitions/workspace/netwerkkaart.html", context)
