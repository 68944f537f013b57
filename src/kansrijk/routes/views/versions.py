"""Klantroute versions: the overview per theme, a version's page, create, edit, publish, delete a concept.

Thin views: the coalition through the access selector (404 for outsiders) → for changes 403 for members
who do not coordinate → a form → a service (which checks again and audits) → redirect, or 422.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.coalitions.pages import confirm_page, editable_coalition, form_page
from kansrijk.coalitions.selectors.access import coalition_get_for_user, user_coordinates
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit
from kansrijk.routes import services
from kansrijk.routes.forms import RouteCreateForm, RouteEditForm
from kansrijk.routes.selectors import route_get_for_user, routes_overview
from kansrijk.routes.views._common import (
    DETAIL_TEMPLATE,
    detail_context,
    detail_url,
    overview_url,
    read_only_page,
    route_of,
)


@require_GET
@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    context = {
        "coalition": coalition,
        "themes": routes_overview(request.user, coalition),
        "may_edit": user_coordinates(request.user, coalition),
    }
    return render(request, "routes/overview.html", context)


@require_GET
@login_required
def detail(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    route = route_get_for_user(request.user, coalition, public_id)
    return render(request, DETAIL_TEMPLATE, detail_context(request, coalition, route))


@require_http_methods(GET_POST)
@login_required
def route_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    initial = {"need": request.GET.get("thema", "")}
    form = RouteCreateForm(posted(request), initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.klantroute_create(
            coalition=coalition, actor=signed_in_user(request), **data
        ),
        success=lambda route: (
            _("Concept “%(t)s” (versie %(v)d) is gemaakt. Voeg de stappen toe en publiceer het.")
            % {"t": route.title, "v": route.version}
        ),
        next_url=detail_url,
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Klantroute maken"),
        submit=_("Concept maken"),
        cancel_url=overview_url(coalition),
        intro=_("Een nieuwe klantroute begint als concept. Alleen coördinatoren zien concepten."),
    )


@require_http_methods(GET_POST)
@login_required
def route_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    form = RouteEditForm(posted(request), initial={"title": route.title, "introduction": route.introduction})
    done = submit(
        request,
        form,
        save=lambda data: services.klantroute_update(route=route, actor=signed_in_user(request), **data),
        success=_("De klantroute is bijgewerkt."),
        next_url=detail_url(route),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Klantroute bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=detail_url(route),
    )


@require_http_methods(GET_POST)
@login_required
def route_publish(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    if request.method == "POST":
        try:
            route = services.klantroute_publish(route=route, actor=signed_in_user(request))
        except ValidationError as exc:
            full = route_get_for_user(request.user, coalition, route.public_id)
            context = {**detail_context(request, coalition, full), "error": " ".join(exc.messages)}
            return render(request, DETAIL_TEMPLATE, context, status=422)
        messages.success(
            request,
            _("Versie %(v)d van “%(t)s” is gepubliceerd en staat nu op de sociale kaart.")
            % {"v": route.version, "t": route.title},
        )
        return redirect(detail_url(route))
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    return confirm_page(
        request,
        coalition=coalition,
        title=_("Klantroute publiceren"),
        question=_(
            "Wilt u versie %(v)d van “%(t)s” publiceren? Alle professionals van de coalitie zien haar dan "
            "op de sociale kaart; een eerder gepubliceerde versie van dit thema wordt vervangen. "
            "Daarna kan deze versie niet meer worden gewijzigd."
        )
        % {"v": route.version, "t": route.title},
        submit=_("Publiceren"),
        cancel_url=detail_url(route),
    )


@require_http_methods(GET_POST)
@login_required
def route_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    route = route_of(coalition, public_id)
    refused = read_only_page(request, coalition, route)
    if refused:
        return refused
    done = confirm(
        request,
        do=lambda: services.klantroute_delete(route=route, actor=signed_in_user(request)),
        success=_("Het concept “%(t)s” is verwijderd.") % {"t": route.title},
        next_url=overview_url(coalition, f"thema-{route.need}"),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Concept verwijderen"),
        question=_("Wilt u het concept “%(t)s” (versie %(v)d) met al zijn stappen verwijderen?")
        % {"t": route.title, "v": route.version},
        submit=_("Concept verwijderen"),
        cancel_url=detail_url(route),
    )
