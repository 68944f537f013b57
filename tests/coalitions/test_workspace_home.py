"""The coalition home: startfoto highlights per municipality, partners per domain, missing kinds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kansrijk.accounts.models import Organisation, OrganisationKind
from kansrijk.areas.models import Area
from kansrijk.coalitions.domains import OFTEN_ABSENT_NOTE, TYPICAL_KINDS, Domain
from kansrijk.coalitions.selectors.workspace import CREDIT, HIGHLIGHT_KEYS, municipality_highlights
from kansrijk.coalitions.services.coalition import partner_add
from tests.coalitions.conftest import client_for
from tests.personas import Cast, accepted_partner

pytestmark = pytest.mark.django_db

HOME = "/coalities/test/"


@pytest.mark.parametrize("persona", ["coordinator", "partner_member", "national"])
def test_members_and_national_see_the_dashboard(cast: Cast, persona: str) -> None:
    response = client_for(getattr(cast, persona)).get(HOME)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Startfoto van de gemeenten" in body and "Utrecht" in body
    assert 'href="/startfoto/GM0344/"' in body
    assert CREDIT in body


@pytest.mark.parametrize("persona", ["other_coordinator", "outsider"])
def test_others_get_404(cast: Cast, persona: str) -> None:
    assert client_for(getattr(cast, persona)).get(HOME).status_code == 404


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    response = Client().get(HOME)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_highlights_compare_with_nederland_in_the_same_year(cast: Cast) -> None:
    [utrecht] = municipality_highlights(cast.coalition)
    assert utrecht.municipality.code == "GM0344"
    by_key = {h.key: h for h in utrecht.highlights}
    assert set(by_key) == set(HIGHLIGHT_KEYS)
    low_income = by_key["pct_hh_laag_inkomen"]
    assert low_income.year is not None and low_income.value_text.endswith("%")
    assert low_income.nederland_text.endswith("%")
    assert low_income.comparison.endswith("dan Nederland (ongunstiger)") or "gelijk" in low_income.comparison
    assert str(low_income.year) in low_income.source
    births = by_key["geboorten"]
    assert births.derived and births.nederland_text == ""  # a count next to the country's says nothing


def test_partners_per_domain_and_missing_kinds(cast: Cast) -> None:
    # A proposed partner counts nowhere until the organisation accepts (docs/adr/0007).
    partner_add(
        coalition=cast.coalition,
        organisation=Organisation.objects.get(name="Verloskundigen Test"),
        actor=cast.coordinator,
    )
    response = client_for(cast.partner_member).get(HOME)
    counts = {c.domain: c.count for c in response.context["domain_counts"]}
    # JGZ Test, and the coordinator's municipality (bestuurlijk).
    assert counts == {Domain.MEDISCH: 1, Domain.SOCIAAL: 0, Domain.INFORMEEL: 0, Domain.BESTUURLIJK: 1}
    missing = [m.kind for m in response.context["missing"]]
    assert missing == [k for k in TYPICAL_KINDS if k not in (OrganisationKind.JGZ, OrganisationKind.GEMEENTE)]
    assert OrganisationKind.VERLOSKUNDIGE in missing
    body = response.content.decode()
    assert "Huisartsenpraktijk" in body and "vaak afwezig" in body
    assert str(OFTEN_ABSENT_NOTE) in body


def test_the_blocks_of_the_other_parts_are_included(cast: Cast) -> None:
    body = client_for(cast.coordinator).get(HOME).content.decode()
    # zelfscan_home, plan_home and agreements_due link to their pages.
    for url in ("/coalities/test/zelfscan/", "/coalities/test/plan/", "/coalities/test/afspraken/"):
        assert url in body


def test_query_count_does_not_grow_with_municipalities_or_partners(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    client.get(HOME)
    with CaptureQueriesContext(connection) as few:
        client.get(HOME)
    with CaptureQueriesContext(connection) as selector_few:
        municipality_highlights(cast.coalition)
    cast.coalition.municipalities.add(*Area.objects.filter(code__in=["GM0356", "GM0363", "GM0599"]))
    for i, kind in enumerate([OrganisationKind.KRAAMZORG, OrganisationKind.WIJKTEAM, OrganisationKind.GGZ]):
        accepted_partner(cast.coalition, Organisation.objects.create(name=f"Partner {i}", kind=kind))
    with CaptureQueriesContext(connection) as selector_many:
        highlights = municipality_highlights(cast.coalition)
    assert len(highlights) == 4
    assert len(selector_many) == len(selector_few)
    client.get(HOME)
    with CaptureQueriesContext(connection) as many:
        client.get(HOME)
    assert len(many) == len(few)
