"""Reads of the local offer. Visibility is the coalition's: members and the national programme read
(the view fetches the coalition with coalition_get_for_user, 404 for others).

`offers_for` and `offer_export` are the helpers for the balans and the coalition export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from kansrijk.areas.models import Area, Phase
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import AnyUser, coalitions_of_member
from kansrijk.interventions.models import Intervention, InterventionNeed, InterventionPhase, LocalOffer
from kansrijk.interventions.selectors.menukaart import needs_of, phases_of
from kansrijk.interventions.services.menukaart import MENU_PHASES


def _offers(qs: QuerySet[LocalOffer]) -> QuerySet[LocalOffer]:
    return qs.select_related("intervention", "partner__organisation", "coalition").prefetch_related(
        Prefetch("intervention__phase_rows", queryset=InterventionPhase.objects.order_by("id")),
        Prefetch("intervention__need_rows", queryset=InterventionNeed.objects.order_by("id")),
        Prefetch("municipalities", queryset=Area.objects.order_by("name")),
        Prefetch("wijken", queryset=Area.objects.order_by("name")),
    )


def offers_for(coalition: Coalition) -> list[LocalOffer]:
    """Every local offer of the coalition, prefetched for tables and exports (ordered by intervention)."""
    return list(
        _offers(LocalOffer.objects.filter(coalition=coalition)).order_by(
            "intervention__name", "partner__organisation__name"
        )
    )


def _areas(areas: Any) -> list[dict[str, str]]:
    return [{"code": a.code, "naam": a.name} for a in areas]


def offer_export(offer: LocalOffer) -> dict[str, Any]:
    """One local offer as plain data (the shape of the CLI/API and the balans). Uses the prefetch."""
    return {
        "interventie": offer.intervention.name,
        "interventie_slug": offer.intervention.slug,
        "partner": offer.partner.organisation.name,
        "fases": [p for p in MENU_PHASES if p in offer.phases],
        "themas": needs_of(offer.intervention),
        "gemeenten": _areas(offer.municipalities.all()),
        "wijken": _areas(offer.wijken.all()),
        "capaciteit_per_jaar": offer.capacity_per_year,
        "wachttijd_dagen": offer.waiting_days,
        "contact": offer.contact,
        "sinds": offer.since.isoformat() if offer.since else None,
    }


@dataclass
class PhaseGroup:
    phase: str
    label: str
    offers: list[LocalOffer] = field(default_factory=list)


def offers_by_phase(offers: list[LocalOffer]) -> list[PhaseGroup]:
    """The offers grouped by the phases they are used in (an offer in two phases appears twice)."""
    groups = [PhaseGroup(phase=p, label=str(Phase(p).label)) for p in MENU_PHASES]
    by_code = {g.phase: g for g in groups}
    for offer in offers:
        for phase in offer.phases:
            if phase in by_code:
                by_code[phase].offers.append(offer)
    return groups


def offer_phases_not_served(offer: LocalOffer) -> list[str]:
    """Phases of an offer its intervention no longer serves (after a menukaart edit)."""
    served = set(phases_of(offer.intervention))
    return [p for p in offer.phases if p not in served]


def offers_of_my_coalitions(user: AnyUser, intervention: Intervention) -> list[LocalOffer]:
    """Where the user's own coalitions offer this intervention (for the menukaart detail page)."""
    if not user.is_authenticated:
        return []
    qs = LocalOffer.objects.filter(intervention=intervention, coalition__in=coalitions_of_member(user))
    return list(_offers(qs).order_by("coalition__name", "partner__organisation__name"))
