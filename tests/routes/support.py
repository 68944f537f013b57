"""Small helpers for the klantroutes tests."""

from __future__ import annotations

from typing import Any

from kansrijk.audit.models import AuditEvent
from kansrijk.routes import services
from kansrijk.routes.models import Klantroute, RouteStep, VulnerabilityLevel
from tests.routes.conftest import World


def new_route(world: World, *, need: str = "financien", title: str = "Geldzorgen") -> Klantroute:
    return services.klantroute_create(
        coalition=world.cast.coalition, need=need, title=title, actor=world.cast.coordinator
    )


def add_step(world: World, route: Klantroute, **overrides: Any) -> RouteStep:
    kwargs: dict[str, Any] = {
        "title": "Aanmelden bij schuldhulp",
        "partner": world.schuldhulp,
        "levels": [VulnerabilityLevel.KWETSBAAR],
        "days_to_first_contact": 3,
        "actor": world.cast.coordinator,
    }
    kwargs.update(overrides)
    return services.route_step_add(route=route, **kwargs)


def published_route(world: World, **kwargs: Any) -> Klantroute:
    route = new_route(world, **kwargs)
    add_step(world, route)
    return services.klantroute_publish(route=route, actor=world.cast.coordinator)


def counts() -> tuple[int, int, int]:
    return Klantroute.objects.count(), RouteStep.objects.count(), AuditEvent.objects.count()
