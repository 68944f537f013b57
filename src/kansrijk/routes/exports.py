"""The klantroutes of a coalition as plain data, for the CLI (`kansrijk klantroutes`) and the API."""

from __future__ import annotations

from typing import Any

from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.models import Need
from kansrijk.routes.models import Klantroute, RouteStep
from kansrijk.routes.selectors import published_routes, steps_prefetch


def _step(step: RouteStep) -> dict[str, Any]:
    organisation = step.partner.organisation
    return {
        "volgorde": step.order,
        "stap": step.title,
        "wat": step.description,
        "partner": organisation.name,
        "partner_soort": str(organisation.get_kind_display()),
        "contact": step.contact,
        "niveaus": list(step.levels),
        "dagen_tot_eerste_contact": step.days_to_first_contact,
        "aanbod": step.offer.intervention.name if step.offer else None,
        "afspraak": step.agreement.topic if step.agreement else None,
    }


def _route(route: Klantroute) -> dict[str, Any]:
    return {
        "thema": route.need,
        "thema_label": str(dict(Need.choices).get(route.need, route.need)),
        "titel": route.title,
        "versie": route.version,
        "status": route.status,
        "gepubliceerd_op": route.published_at.isoformat() if route.published_at else None,
        "toelichting": route.introduction,
        "stappen": [_step(s) for s in route.steps.all()],
    }


def klantroutes_export(coalition: Coalition, *, published_only: bool = True) -> list[dict[str, Any]]:
    """The published route per theme; with published_only=False every version (concepts included)."""
    if published_only:
        routes = published_routes(coalition=coalition)
    else:
        routes = list(
            Klantroute.objects.filter(coalition=coalition)
            .prefetch_related(steps_prefetch())
            .order_by("need", "version")
        )
    return [_route(r) for r in routes]
