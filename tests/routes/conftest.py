"""Fixtures of the klantroutes tests: the cast (tests/personas.py) and a small route world around it."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from kansrijk.accounts.models import OrganisationKind
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.coalitions.models import Agreement, Coalition, CoalitionPartner
from kansrijk.interventions.models import Intervention, LocalOffer
from tests.coalitions.conftest import cast, client_for  # noqa: F401  (re-exported fixtures)
from tests.personas import Cast, accepted_partner
from tests.system import TESTS

__all__ = ["World", "cast", "client_for", "world"]


@dataclass
class World:
    cast: Cast
    jgz: CoalitionPartner  # partner of "test"
    schuldhulp: CoalitionPartner  # partner of "test"
    foreign: CoalitionPartner  # partner of "elders"
    offer: LocalOffer  # of "test", given by schuldhulp
    foreign_offer: LocalOffer
    agreement: Agreement  # of "test"
    foreign_agreement: Agreement


def _agreement(coalition: Coalition, topic: str) -> Agreement:
    return Agreement.objects.create(
        coalition=coalition,
        level="uitvoering",
        topic=topic,
        text="Tekst",
        start_date="2025-01-01",
        review_date="2026-01-01",
    )


@pytest.fixture
def world(cast: Cast) -> World:  # noqa: F811
    coalition = cast.coalition
    elders = Coalition.objects.get(slug="elders")
    jgz = CoalitionPartner.objects.get(coalition=coalition, organisation__name="JGZ Test")
    schuldhulp = accepted_partner(
        coalition,
        organisation_get_or_create(name="Schuldhulp Test", kind=OrganisationKind.SCHULDHULP, actor=TESTS),
        role="Schuldhulp",
        contact_name="Sam",
        contact_phone="000 000 0001",
    )
    foreign = accepted_partner(
        elders, organisation_get_or_create(name="GGZ Elders", kind=OrganisationKind.GGZ, actor=TESTS)
    )
    intervention = Intervention.objects.create(
        slug="vroeg-erop-af", name="Vroeg Eropaf", summary="s", target_group="t", domain="sociaal"
    )
    offer = LocalOffer.objects.create(coalition=coalition, partner=schuldhulp, intervention=intervention)
    foreign_offer = LocalOffer.objects.create(coalition=elders, partner=foreign, intervention=intervention)
    return World(
        cast=cast,
        jgz=jgz,
        schuldhulp=schuldhulp,
        foreign=foreign,
        offer=offer,
        foreign_offer=foreign_offer,
        agreement=_agreement(coalition, "Warme overdracht schuldhulp"),
        foreign_agreement=_agreement(elders, "Afspraak elders"),
    )
