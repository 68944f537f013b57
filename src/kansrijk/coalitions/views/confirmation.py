"""Coalition confirmation: the national programme's (and platform admin's) list of requested coalitions,
the decision step for one of them, and a coordinator's re-request after a refusal.

Anyone who does not decide gets 404 on the decision screens (their existence is not announced);
anonymous visitors are sent to the login page first.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansrijk.coalitions.forms.confirmation import ConfirmForm, RefuseForm, RerequestForm
from kansrijk.coalitions.models import CoalitionStatus
from kansrijk.coalitions.selectors.access import coalition_get_for_user
from kansrijk.coalitions.selectors.confirmation import (
    NOT_FOUND,
    coalition_request_get,
    coalition_requests,
    user_may_confirm_coalitions,
)
from kansrijk.coalitions.services.confirmation import (
    coalition_confirm,
    coalition_refuse,
    coalition_rerequest,
)
from kansrijk.coalitions.views.workspace import add_service_error
from kansrijk.core.auth import signed_in_user


@require_GET
@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    if not user_may_confirm_coalitions(request.user):
        raise Http404(NOT_FOUND)
    context = {
        "requested": coalition_requests(CoalitionStatus.REQUESTED),
        "refused": coalition_requests(CoalitionStatus.REFUSED),
    }
    return render(request, "coalitions/confirmation/list.html", context)


def _decision_page(request: HttpRequest, public_id: UUID, status: int = 200, **forms: Any) -> HttpResponse:
    item = coalition_request_get(request.user, public_id)
    context = {
        "item": item,
        "coalition": item.coalition,
        "is_open": item.coalition.status == CoalitionStatus.REQUESTED,
        "confirm_form": forms.get("confirm_form") or ConfirmForm(),
        "refuse_form": forms.get("refuse_form") or RefuseForm(),
    }
    return render(request, "coalitions/confirmation/decide.html", context, status=status)


@require_GET
@login_required
def request_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _decision_page(request, public_id)


@require_POST
@login_required
def request_confirm(request: HttpRequest, public_id: UUID) -> HttpResponse:
    coalition = coalition_request_get(request.user, public_id).coalition
    form = ConfirmForm(request.POST)
    if form.is_valid():
        try:
            coalition_confirm(
                coalition=coalition, actor=signed_in_user(request), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is bevestigd.") % {"name": coalition.name})
            return redirect("coalitions:aanvragen")
    return _decision_page(request, public_id, status=422, confirm_form=form)


@require_POST
@login_required
def request_refuse(request: HttpRequest, public_id: UUID) -> HttpResponse:
    coalition = coalition_request_get(request.user, public_id).coalition
    form = RefuseForm(request.POST)
    if form.is_valid():
        try:
            coalition_refuse(
                coalition=coalition, actor=signed_in_user(request), note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is niet bevestigd.") % {"name": coalition.name})
            return redirect("coalitions:aanvragen")
    return _decision_page(request, public_id, status=422, refuse_form=form)


@require_POST
@login_required
def rerequest(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    form = RerequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("coalitions:home", coalition.slug)
    try:
        coalition_rerequest(
            coalition=coalition, actor=signed_in_user(request), note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("De coalitie is opnieuw aangevraagd. Het landelijk programma beslist erover.")
        )
    return redirect("coalitions:home", coalition.slug)
