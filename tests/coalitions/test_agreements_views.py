"""Ketenafspraken pages per persona, the review flags, and the checklist page."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.coalitions.models import Agreement, Coalition, PartnerStatus
from kansrijk.coalitions.models.agreements import AgreementStatus
from kansrijk.coalitions.services.agreements import (
    NO_CHECKLIST_POINTS,
    PARTNER_NOT_IN_COALITION,
    REVIEW_BEFORE_START,
    TOO_FEW_PARTNERS,
    agreement_create,
)
from tests.coalitions.conftest import client_for
from tests.coalitions.test_plan_support import counts, foreign_partner, jgz, kraamzorg, last_event
from tests.personas import Cast


def _url(name: str, *args: object, slug: str = "test") -> str:
    return reverse(f"coalitions:{name}", args=[slug, *args])


def _agreement(
    cast: Cast, topic: str = "Warme overdracht", review_in: int = 200, level: str = "uitvoering"
) -> Agreement:
    today = timezone.localdate()
    return agreement_create(
        coalition=cast.coalition,
        level=level,
        topic=topic,
        text="Binnen vijf werkdagen.",
        partners=[jgz(cast), kraamzorg(cast)],
        start_date=today - datetime.timedelta(days=400),
        review_date=today + datetime.timedelta(days=review_in),
        actor=cast.coordinator,
    )


def _form(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "level": "organisatie",
        "topic": "Gegevensdeling",
        "text": "Alleen met toestemming.",
        "partners": [str(jgz(cast).public_id), str(kraamzorg(cast).public_id)],
        "start_date": "2026-01-01",
        "review_date": "2027-01-01",
        "status": "vastgesteld",
    }
    data.update(overrides)
    return data


def test_list_groups_by_level_with_partners_dates_and_flags(cast: Cast) -> None:
    _agreement(cast, "Later", 200)
    _agreement(cast, "Binnenkort", 10, level="bestuur")
    _agreement(cast, "Verlopen", -1, level="organisatie")
    html = client_for(cast.partner_member).get(_url("afspraken")).content.decode()
    positions = [html.index(f"Niveau: {label}") for label in ("Uitvoering", "Organisatie", "Bestuur")]
    assert positions == sorted(positions)
    assert "JGZ Test, Kraamzorg Test" in html
    assert html.count(">Evaluatie nodig<") == 1 and html.count(">Evaluatie verlopen<") == 1
    assert "2 afspraken zijn toe aan evaluatie" in html
    assert "Afspraak toevoegen" not in html  # readers do not get the tools


def test_empty_levels_say_so(cast: Cast) -> None:
    html = client_for(cast.coordinator).get(_url("afspraken")).content.decode()
    assert html.count("Nog geen afspraken op dit niveau.") == 3


def test_coordinator_adds_an_agreement(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert "Afspraak toevoegen" in client.get(_url("afspraken")).content.decode()
    assert client.get(_url("afspraak_nieuw")).status_code == 200
    response = client.post(_url("afspraak_nieuw"), _form(cast))
    agreement = Agreement.objects.get(topic="Gegevensdeling")
    assert response.status_code == 302
    assert response["Location"] == _url("afspraken") + f"#afspraak-{agreement.public_id}"
    assert agreement.partners.count() == 2 and agreement.review_date == datetime.date(2027, 1, 1)
    assert last_event().action == "coalition.agreement_created"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"review_date": "2025-12-31"}, REVIEW_BEFORE_START),
        ({"partners": []}, TOO_FEW_PARTNERS),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    cast: Cast, overrides: dict[str, object], message: str
) -> None:
    data = _form(cast, **overrides)
    before = counts()
    response = client_for(cast.coordinator).post(_url("afspraak_nieuw"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert str(message) in html and "Niet opgeslagen." in html
    assert counts() == before


def test_partner_of_another_coalition_is_refused(cast: Cast) -> None:
    data = _form(cast, partners=[str(jgz(cast).public_id), str(foreign_partner(cast).public_id)])
    before = counts()
    response = client_for(cast.coordinator).post(_url("afspraak_nieuw"), data)
    assert response.status_code == 422
    assert str(PARTNER_NOT_IN_COALITION) in response.content.decode()
    assert counts() == before


def test_edit_and_delete(cast: Cast) -> None:
    agreement = _agreement(cast)
    client = client_for(cast.coordinator)
    page = client.get(_url("afspraak_bewerken", agreement.public_id)).content.decode()
    assert 'value="Warme overdracht"' in page and "checked" in page
    response = client.post(_url("afspraak_bewerken", agreement.public_id), _form(cast, topic="Nieuw"))
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.topic == "Nieuw" and agreement.level == "organisatie"
    before = counts()
    response = client.post(
        _url("afspraak_bewerken", agreement.public_id), _form(cast, review_date="2020-01-01")
    )
    assert response.status_code == 422 and str(REVIEW_BEFORE_START) in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.review_date == datetime.date(2027, 1, 1)
    assert counts() == before
    assert (
        "Wilt u de afspraak" in client.get(_url("afspraak_verwijderen", agreement.public_id)).content.decode()
    )
    assert client.post(_url("afspraak_verwijderen", agreement.public_id)).status_code == 302
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [("partner_member", 403), ("national", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_only_coordinators_write(cast: Cast, who: str, status: int) -> None:
    agreement = _agreement(cast)
    client = client_for(getattr(cast, who))
    before = counts()
    requests = [
        client.get(_url("afspraak_nieuw")),
        client.post(_url("afspraak_nieuw"), _form(cast)),
        client.get(_url("afspraak_bewerken", agreement.public_id)),
        client.post(_url("afspraak_bewerken", agreement.public_id), _form(cast, topic="Gekaapt")),
        client.post(_url("afspraak_verwijderen", agreement.public_id)),
        client.post(
            _url("afspraken_checklist"),
            {"points": [1], "start_date": "2026-01-01", "review_date": "2027-01-01"},
        ),
    ]
    assert [r.status_code for r in requests] == [status] * len(requests)
    agreement.refresh_from_db()
    assert agreement.topic == "Warme overdracht"
    assert counts() == before


@pytest.mark.parametrize("who", ["partner_member", "national"])
def test_readers_see_the_list_and_checklist(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(_url("afspraken")).status_code == 200
    page = client.get(_url("afspraken_checklist"))
    assert page.status_code == 200
    assert "Eigen checklist van Kansrijk" in page.content.decode()
    assert "Conceptafspraken maken" not in page.content.decode()


@pytest.mark.parametrize("name", ["afspraken", "afspraak_nieuw", "afspraken_checklist"])
def test_anonymous_goes_to_login_and_outsiders_get_404(cast: Cast, name: str) -> None:
    response = Client().get(_url(name))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert client_for(cast.other_coordinator).get(_url(name)).status_code == 404


def test_another_coalitions_agreement_is_not_reachable(cast: Cast) -> None:
    elders = Coalition.objects.get(slug="elders")
    foreign = foreign_partner(cast)
    other = agreement_create(
        coalition=elders,
        level="bestuur",
        topic="Elders",
        text="x",
        partners=[
            foreign,
            foreign.__class__.objects.create(
                coalition=elders, organisation=jgz(cast).organisation, status=PartnerStatus.ACCEPTED
            ),
        ],
        start_date=datetime.date(2026, 1, 1),
        review_date=datetime.date(2027, 1, 1),
        actor=cast.other_coordinator,
    )
    data = _form(cast)
    before = counts()
    client = client_for(cast.coordinator)
    assert client.post(_url("afspraak_bewerken", other.public_id), data).status_code == 404
    assert client.post(_url("afspraak_verwijderen", other.public_id)).status_code == 404
    assert counts() == before


def test_checklist_makes_concepts(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    page = client.get(_url("afspraken_checklist")).content.decode()
    assert "Conceptafspraken maken" in page and "Eigen checklist van Kansrijk" in page
    data = {"points": ["3", "7"], "start_date": "2026-01-01", "review_date": "2027-01-01"}
    response = client.post(_url("afspraken_checklist"), data)
    assert response.status_code == 302
    concepts = Agreement.objects.filter(coalition=cast.coalition, status=AgreementStatus.CONCEPT)
    assert sorted(concepts.values_list("checklist_point", flat=True)) == [3, 7]
    html = client.get(_url("afspraken")).content.decode()
    assert html.count(">Concept<") == 2
    assert "Al gebruikt" in client.get(_url("afspraken_checklist")).content.decode()


def test_checklist_bad_input(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    before = counts()
    response = client.post(
        _url("afspraken_checklist"), {"start_date": "2026-01-01", "review_date": "2027-01-01"}
    )
    assert response.status_code == 422 and str(NO_CHECKLIST_POINTS) in response.content.decode()
    response = client.post(
        _url("afspraken_checklist"),
        {"points": ["1"], "start_date": "2027-01-01", "review_date": "2026-01-01"},
    )
    assert response.status_code == 422 and str(REVIEW_BEFORE_START) in response.content.decode()
    assert counts() == before
