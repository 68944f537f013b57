"""Helpers for the balans and the lead (offers_for, offer_export) and the demo offer."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.interventions.demo import demo_offer
from kansrijk.interventions.models import Intervention, LocalOffer
from kansrijk.interventions.selectors.offer import offer_export, offers_for
from kansrijk.interventions.services.offer import offer_create
from tests.personas import Cast
from tests.system import TESTS

KEYS = {
    "interventie",
    "partner",
    "fases",
    "themas",
    "gemeenten",
    "wijken",
    "capaciteit_per_jaar",
    "wachttijd_dagen",
    "contact",
    "sinds",
}


def test_offer_export_shape_and_prefetch(cast: Cast) -> None:
    import datetime

    wijk = Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0344").order_by("code").first()
    offer_create(
        coalition=cast.coalition,
        actor=cast.coordinator,
        intervention=Intervention.objects.get(slug="home-start"),
        partner=cast.coalition.partners.get(organisation__name="JGZ Test"),
        phases=["na_geboorte", "zwangerschap"],
        municipalities=cast.coalition.municipalities.all(),
        wijken=[wijk],
        capacity_per_year=40,
        waiting_days=30,
        contact="Home-Start",
        since=datetime.date(2021, 9, 1),
    )
    offers = offers_for(cast.coalition)
    with CaptureQueriesContext(connection) as queries:
        rows = [offer_export(o) for o in offers]
    assert len(queries) == 0
    (row,) = rows
    assert set(row) >= KEYS
    assert row["interventie"] == "Home-Start" and row["partner"] == "JGZ Test"
    assert row["fases"] == ["zwangerschap", "na_geboorte"]
    assert row["themas"] == ["sociaal_netwerk", "ouderschap"]
    assert row["gemeenten"] == [{"code": "GM0344", "naam": "Utrecht"}]
    assert row["wijken"] == [{"code": wijk.code, "naam": wijk.name}]  # type: ignore[union-attr]
    assert (row["capaciteit_per_jaar"], row["wachttijd_dagen"], row["sinds"]) == (40, 30, "2021-09-01")


def test_demo_offer_is_idempotent_and_leaves_gaps(cast: Cast) -> None:
    from kansrijk.accounts.models import OrganisationKind
    from kansrijk.accounts.services import organisation_get_or_create
    from tests.personas import accepted_partner

    for name, kind in (
        ("JGZ Stadsregio (demo)", OrganisationKind.JGZ),
        ("Home-Start Buurtouders (demo)", OrganisationKind.INFORMEEL),
    ):
        accepted_partner(cast.coalition, organisation_get_or_create(name=name, kind=kind, actor=TESTS))
    demo_offer(coalition=cast.coalition, coordinator=cast.coordinator)
    count = LocalOffer.objects.filter(coalition=cast.coalition).count()
    assert count == 3  # PHB, VoorZorg (JGZ) and Home-Start; partners that are missing are skipped
    demo_offer(coalition=cast.coalition, coordinator=cast.coordinator)
    assert LocalOffer.objects.filter(coalition=cast.coalition).count() == count
    assert all("(demo)" in o.contact for o in LocalOffer.objects.all())
    themes = {t for row in map(offer_export, offers_for(cast.coalition)) for t in row["themas"]}
    assert "financien" not in themes and "psychisch" not in themes
