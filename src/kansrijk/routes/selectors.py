"""Reads of the klantroutes: the overview per theme, one version for a user, the sociale kaart, and the
care-layer hook `routes_for`.

Visibility: every member of the coalition and the national programme see published and replaced
versions; concepts only the coalition's coordinators. Everyone else gets 404 (through the coalition).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import AnyUser, user_coordinates
from kansrijk.interventions.models import Need
from kansrijk.routes.models import Klantroute, RouteStatus, RouteStep

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def steps_prefetch() -> Prefetch:
    return Prefetch(
        "steps",
        queryset=RouteStep.objects.select_related(
            "partner__organisation", "offer__intervention", "agreement"
        ).order_by("order"),
    )


def routes_visible_to(user: AnyUser, coalition: Coalition) -> QuerySet[Klantroute]:
    """The versions of this (already visible) coalition the user may read."""
    routes = Klantroute.objects.filter(coalition=coalition)
    if user_coordinates(user, coalition):
        return routes
    return routes.exclude(status=RouteStatus.CONCEPT)


def route_get_for_user(user: AnyUser, coalition: Coalition, public_id: UUID) -> Klantroute:
    route = (
        routes_visible_to(user, coalition)
        .prefetch_related(steps_prefetch())
        .filter(public_id=public_id)
        .first()
    )
    if route is None:
        raise Http404
    return route


@dataclass
class ThemeRoutes:
    need: str
    label: StrOrPromise  # the lazy choice label, translated when rendered
    published: Klantroute | None = None
    draft: Klantroute | None = None
    replaced: list[Klantroute] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.published is None and self.draft is None and not self.replaced


def routes_overview(user: AnyUser, coalition: Coalition) -> list[ThemeRoutes]:
    """Every theme, with its published version, its concept (coordinators only) and older versions."""
    themes = {need: ThemeRoutes(need=need, label=label) for need, label in Need.choices}
    visible = routes_visible_to(user, coalition).select_related("published_by").order_by("need", "-version")
    for route in visible.only(
        "public_id",
        "need",
        "version",
        "title",
        "status",
        "published_at",
        "published_by__email",
        "coalition_id",
        "updated_at",
    ):
        theme = themes[route.need]
        if route.status == RouteStatus.PUBLISHED:
            theme.published = route
        elif route.status == RouteStatus.CONCEPT:
            theme.draft = route
        else:
            theme.replaced.append(route)
    return list(themes.values())


def published_routes(*, coalition: Coalition) -> list[Klantroute]:
    """The published version of each theme, with steps, partners, offers and agreements (4 queries)."""
    order = {need: i for i, need in enumerate(Need.values)}
    routes = list(
        Klantroute.objects.filter(coalition=coalition, status=RouteStatus.PUBLISHED)
        .select_related("published_by")
        .prefetch_related(steps_prefetch())
    )
    return sorted(routes, key=lambda r: order.get(r.need, len(order)))


def routes_for(*, coalition: Coalition, need: str, level: str) -> list[RouteStep]:
    """The published steps for a theme that serve a vulnerability level, in route order.

    The care layer calls this to propose referrals. The level filter runs in Python: JSON `contains` is not
    available on SQLite, and one route has a handful of steps.
    """
    steps = (
        RouteStep.objects.filter(
            route__coalition=coalition, route__need=need, route__status=RouteStatus.PUBLISHED
        )
        .select_related("route", "partner__organisation", "offer__intervention", "agreement")
        .order_by("order")
    )
    return [step for step in steps if level in step.levels]
