"""Steps of a concept klantroute: add, edit, move up/down, remove. Only coordinators; only concepts."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kansrijk.coalitions.pages import confirm_page, editable_coalition, form_page
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit
from kansrijk.routes import services
from kansrijk.routes.forms import StepForm
from kansrijk.routes.views._common import detail_url, read_only_page, route_of, step_of


@require_http_methods(GET_POST)
@login_required
def step_new(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    form = StepForm(posted(request), coalition=coalition)
    done = submit(
        request,
        form,
        save=lambda data: services.route_step_add(route=route, actor=signed_in_user(request), **data),
        success=lambda step: _("Stap %(n)d “%(t)s” is toegevoegd.") % {"n": step.order, "t": step.title},
        next_url=lambda step: detail_url(route, f"stap-{step.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Stap toevoegen"),
        submit=_("Stap opslaan"),
        cancel_url=detail_url(route),
        intro=_("Klantroute “%(t)s”, versie %(v)d.") % {"t": route.title, "v": route.version},
    )


@require_http_methods(GET_POST)
@login_required
def step_edit(request: HttpRequest, slug: str, public_id: UUID, step_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    step = step_of(route, step_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    initial = {
        "title": step.title,
        "description": step.description,
        "partner": step.partner,
        "contact": step.contact,
        "levels": list(step.levels),
        "days_to_first_contact": step.days_to_first_contact,
        "offer": step.offer,
        "agreement": step.agreement,
    }
    form = StepForm(posted(request), coalition=coalition, initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.route_step_update(step=step, actor=signed_in_user(request), **data),
        # After the write: the message names the step as saved.
        success=lambda _saved: _("Stap “%(t)s” is bijgewerkt.") % {"t": step.title},
        next_url=detail_url(route, f"stap-{step.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Stap bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=detail_url(route, f"stap-{step.public_id}"),
    )


@require_POST
@login_required
def step_move(request: HttpRequest, slug: str, public_id: UUID, step_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    step = step_of(route, step_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    try:
        services.route_step_move(
            step=step, direction=request.POST.get("richting", ""), actor=signed_in_user(request)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(detail_url(route, f"stap-{step.public_id}"))


@require_http_methods(GET_POST)
@login_required
def step_delete(request: HttpRequest, slug: str, public_id: UUID, step_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    step = step_of(route, step_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    done = confirm(
        request,
        do=lambda: services.route_step_remove(step=step, actor=signed_in_user(request)),
        success=_("Stap “%(t)s” is verwijderd.") % {"t": step.title},
        next_url=detail_url(route),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Stap verwijderen"),
        question=_("Wilt u stap %(n)d “%(t)s” uit deze klantroute verwijderen?")
        % {"n": step.order, "t": step.title},
        submit=_("Stap verwijderen"),
        cancel_url=detail_url(route, f"stap-{step.public_id}"),
    )
