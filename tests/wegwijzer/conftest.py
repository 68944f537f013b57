"""Fixtures of the Wegwijzer tests: the cast's coalition "test" (Utrecht) confirmed, with one public offer
(financien) of its JGZ partner, proposed by the coordinator and confirmed by the JGZ's own member."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import caches

from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.coalitions.services.confirmation import coalition_confirm
from kansrijk.interventions.models import Intervention, InterventionNeed, InterventionPhase, LocalOffer
from kansrijk.interventions.services.offer import offer_create
from kansrijk.interventions.services.offer_public import offer_public_confirm
from tests.coalitions.conftest import cast, client_for  # noqa: F401  (re-exported fixtures)
from tests.personas import Cast
from tests.system import TESTS

__all__ = ["Wegwijzer", "cast", "client_for", "make_offer", "ww"]


@dataclass
class Wegwijzer:
    cast: Cast
    coalition: Coalition
    utrecht: Area
    jgz: CoalitionPartner
    intervention: Intervention
    offer: LocalOffer


def make_intervention(slug: str, name: str, needs: list[str], phases: list[str]) -> Intervention:
    intervention = Intervention.objects.create(
        slug=slug, name=name, summary="Hulp voor ouders.", target_group="ouders", domain="sociaal"
    )
    for need in needs:
        InterventionNeed.objects.create(intervention=intervention, need=need)
    for phase in phases:
        InterventionPhase.objects.create(intervention=intervention, phase=phase)
    return intervention


def make_offer(
    ww_cast: Cast,
    partner: CoalitionPartner,
    intervention: Intervention,
    *,
    actor: object = None,
    **public: object,
) -> LocalOffer:
    fields: dict[str, object] = {
        "public_phone": "030-1234567",
        "public_website": "https://example.org/geld",
        "public_description": "Wij helpen met geld. Bel ons gerust.",
        "cost": "gratis",
        "referral_needed": "nee",
        "show_on_wegwijzer": True,
    }
    fields.update(public)
    return offer_create(
        coalition=partner.coalition,
        actor=actor or ww_cast.coordinator,  # type: ignore[arg-type]
        intervention=intervention,
        partner=partner,
        phases=["zwangerschap"],
        municipalities=list(partner.coalition.municipalities.all()),
        contact="Achterlijn 030-9999999 (alleen voor professionals)",
        **fields,
    )


@pytest.fixture(autouse=True)
def _empty_cache(db: None) -> None:
    caches["default"].clear()


@pytest.fixture
def ww(cast: Cast) -> Wegwijzer:  # noqa: F811
    coalition = coalition_confirm(coalition=cast.coalition, actor=TESTS)
    jgz = CoalitionPartner.objects.get(coalition=coalition, organisation__name="JGZ Test")
    intervention = make_intervention("geldhulp-test", "Geldhulp Test", ["financien"], ["zwangerschap"])
    offer = make_offer(cast, jgz, intervention)
    offer = offer_public_confirm(offer=offer, actor=cast.partner_member)
    return Wegwijzer(
        cast=cast,
        coalition=coalition,
        utrecht=Area.objects.get(code="GM0344"),
        jgz=jgz,
        intervention=intervention,
        offer=offer,
    )
