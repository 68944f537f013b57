"""The prenatal home visit: offering it to a family, and one visit's page with its next step.

Thin views: the context from `care_context` (404 without a care team), the family and the visit through
kansrijk.care.selectors.visits (404 when not visible; each page logged there), writes through
kansrijk.care.services.visits (logged there). A refused or invalid step re-shows the form with 422.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.visits import VisitOfferForm, VisitUpdateForm
from kansrijk.care.models import HomeVisit
from kansrijk.care.selectors.visits import visit_get, visit_offer_page, visit_page
from kansrijk.care.services.visits import VISIT_STATUSES, visit_offer, visit_update
from kansrijk.care.views._common import care_context

_T = "care/visits/"


@require_http_methods(["GET", "POST"])
@login_required
def visit_offer_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    form = VisitOfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_offer(ctx, episode_id=public_id, planned_on=form.cleaned_data["planned_on"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het huisbezoek is aangeboden."))
            return redirect("care:visit", public_id, visit.public_id)
    access = visit_offer_page(ctx, public_id)
    context = {"ctx": ctx, "episode": access.episode, "form": form}
    return render(request, _T + "offer.html", context, status=422 if form.errors else 200)


def _update_form(visit: HomeVisit, data: Any = None) -> VisitUpdateForm:
    keep = VISIT_STATUSES.is_editable(visit.status)
    initial = {
        "status": visit.status if keep else None,
        "planned_on": visit.planned_on,
        "outcome": visit.outcome,
        "next_steps": visit.next_steps,
    }
    return VisitUpdateForm(
        data,
        initial=initial,
        current=visit.status,
        statuses=VISIT_STATUSES.next_statuses(visit.status),
        keep=keep,
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_view(request: HttpRequest, public_id: UUID, visit_id: UUID) -> HttpResponse:
    """One visit; for the team that offered it, the next step (while there is one)."""
    ctx = care_context(request)
    form: VisitUpdateForm | None = None
    if request.method == "POST":
        # Found first (404 for whoever may not see it); the service logs the write, the page below a re-show.
        form = _update_form(visit_get(ctx, public_id, visit_id), request.POST)
        if form.is_valid():
            try:
                visit_update(ctx, episode_id=public_id, visit_id=visit_id, **form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Het huisbezoek is bijgewerkt."))
                return redirect("care:visit", public_id, visit_id)
    page = visit_page(ctx, public_id, visit_id)
    status = page.visit.status
    has_step = bool(VISIT_STATUSES.next_statuses(status)) or VISIT_STATUSES.is_editable(status)
    show_form = page.may_change and has_step
    if form is None and show_form:
        form = _update_form(page.visit)
    context = {
        "ctx": ctx,
        "episode": page.access.episode,
        "page": page,
        "visit": page.visit,
        # A refused POST keeps its errors (shown above the page) even when no step is left to offer.
        "form": form,
        "show_form": show_form,
    }
    return render(
        request, _T + "detail.html", context, status=422 if form is not None and form.errors else 200
    )
