"""Helpers shared by the klantroute views."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from kansrijk.coalitions.models import Coalition
from kansrijk.routes.models import Klantroute, RouteStep
from kansrijk.routes.selectors import route_get_for_user
from kansrijk.routes.services import ROUTE_READ_ONLY
from kansrijk.routes.workflow import is_editable

DETAIL_TEMPLATE = "routes/detail.html"


def overview_url(coalition: Coalition, anchor: str = "") -> str:
    return reverse("routes:klantroutes", args=[coalition.slug]) + (f"#{anchor}" if anchor else "")


def detail_url(route: Klantroute, anchor: str = "") -> str:
    url = reverse("routes:klantroute", args=[route.coalition.slug, route.public_id])
    return url + (f"#{anchor}" if anchor else "")


def route_of(coalition: Coalition, public_id: UUID) -> Klantroute:
    """A version of this coalition for its coordinator (callers checked that first); else 404."""
    return get_object_or_404(
        Klantroute.objects.select_related("coalition"), coalition=coalition, public_id=public_id
    )


def step_of(route: Klantroute, public_id: UUID) -> RouteStep:
    return get_object_or_404(
        RouteStep.objects.select_related("route__coalition"), route=route, public_id=public_id
    )


def detail_context(request: HttpRequest, coalition: Coalition, route: Klantroute) -> dict[str, object]:
    from kansrijk.coalitions.selectors.access import user_coordinates

    may_edit = user_coordinates(request.user, coalition) and is_editable(route.status)
    return {
        "coalition": coalition,
        "route": route,
        "may_edit": may_edit,
        # "Publiceren" is offered only when publishing can succeed (issue 10): a route needs a step.
        "may_publish": may_edit and route.steps.exists(),
    }


def read_only_page(request: HttpRequest, coalition: Coalition, route: Klantroute) -> HttpResponse | None:
    """For a version that is no longer a concept: its page with the refusal (422); None for a concept."""
    if is_editable(route.status):
        return None
    full = route_get_for_user(request.user, coalition, route.public_id)
    context = {**detail_context(request, coalition, full), "error": ROUTE_READ_ONLY}
    return render(request, DETAIL_TEMPLATE, context, status=422)
