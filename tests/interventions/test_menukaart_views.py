"""Menukaart pages: everyone reads (also anonymous), with filters; only the platform admin manages
(others 403, anonymous to the login page)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from kansrijk.interventions.models import Intervention
from kansrijk.interventions.services.menukaart import NO_NEED, NO_PHASE, RATING_WITHOUT_DATABANK
from kansrijk.interventions.services.offer import offer_create
from tests.coalitions.conftest import client_for
from tests.personas import Cast

LIST = reverse("interventions:menukaart")


def _names(response: object) -> set[str]:
    return {row["intervention"].name for row in response.context["rows"]}  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_anonymous_reads_the_menukaart_with_labels() -> None:
    response = Client().get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert "VoorZorg" in html and "niet gevonden in de databanken" in html
    assert "openbare bronnen" in html
    assert "Interventie toevoegen" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"phase": "preconceptie"}, "Nu Niet Zwanger", "VoorZorg"),
        ({"need": "roken"}, "Rookvrije Ouders (telefonische coaching)", "VoorZorg"),
        ({"domain": "informeel"}, "Home-Start", "VoorZorg"),
        ({"recognition": "ja"}, "VoorZorg", "Buurtgezinnen"),
        ({"q": "vrijwilliger"}, "Home-Start", "VoorZorg"),
        ({"phase": "onzin"}, "VoorZorg", None),  # an unknown filter value is ignored
    ],
)
def test_filters(query: dict[str, str], present: str, absent: str | None) -> None:
    response = Client().get(LIST, query)
    assert response.status_code == 200
    names = _names(response)
    assert present in names
    if absent:
        assert absent not in names


@pytest.mark.django_db
def test_detail_shows_recognition_licence_and_sources() -> None:
    html = (
        Client()
        .get(reverse("interventions:menukaart_interventie", args=["stevig-ouderschap"]))
        .content.decode()
    )
    assert "Effectief – eerste aanwijzingen" in html and "14 september 2017" in html
    assert "NCJ" in html and "https://www.ncj.nl/stevigouderschap/effectiviteit/" in html
    html = (
        Client().get(reverse("interventions:menukaart_interventie", args=["buurtgezinnen"])).content.decode()
    )
    assert "niet gevonden in de databanken" in html


@pytest.mark.django_db
def test_unknown_intervention_is_404() -> None:
    assert (
        Client().get(reverse("interventions:menukaart_interventie", args=["bestaat-niet"])).status_code == 404
    )


def test_members_see_where_their_coalition_offers_it(cast: Cast) -> None:
    voorzorg = Intervention.objects.get(slug="voorzorg")
    offer_create(
        coalition=cast.coalition,
        actor=cast.coordinator,
        intervention=voorzorg,
        partner=cast.coalition.partners.get(organisation__name="JGZ Test"),
        phases=["zwangerschap"],
        municipalities=cast.coalition.municipalities.all(),
    )
    url = reverse("interventions:menukaart_interventie", args=["voorzorg"])
    for user in (cast.coordinator, cast.partner_member):
        assert "Waar uw coalitie dit aanbiedt" in client_for(user).get(url).content.decode()
    for client in (client_for(cast.other_coordinator), Client()):
        assert "Waar uw coalitie dit aanbiedt" not in client.get(url).content.decode()


MANAGE = [
    ("interventions:menukaart_nieuw", []),
    ("interventions:menukaart_bewerken", ["voorzorg"]),
    ("interventions:menukaart_actief", ["voorzorg"]),
]


@pytest.mark.parametrize(("name", "args"), MANAGE)
def test_management_anonymous_to_login_others_403_admin_200(
    cast: Cast, platform_admin: User, name: str, args: list[str]
) -> None:
    url = reverse(name, args=args)
    response = Client().get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    for user in (cast.coordinator, cast.partner_member, cast.national, cast.outsider):
        assert client_for(user).get(url).status_code == 403, user
        assert client_for(user).post(url, {}).status_code == 403, user
    assert client_for(platform_admin).get(url).status_code == 200


def _post_data(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Voorleesexpress Baby",
        "summary": "Voorlezen aan huis.",
        "target_group": "Ouders met jonge kinderen.",
        "phases": ["na_geboorte"],
        "needs": ["laaggeletterdheid"],
        "domain": "informeel",
        "source_url": "https://example.org/voorlezen",
    }
    data.update(over)
    return data


def test_admin_creates_edits_and_deactivates(platform_admin: User) -> None:
    client = client_for(platform_admin)
    response = client.post(reverse("interventions:menukaart_nieuw"), _post_data())
    assert response.status_code == 302
    i = Intervention.objects.get(name="Voorleesexpress Baby")
    assert response["Location"] == reverse("interventions:menukaart_interventie", args=[i.slug])
    response = client.post(
        reverse("interventions:menukaart_bewerken", args=[i.slug]),
        _post_data(recognition_databank="nji", recognition_rating="Goed beschreven"),
    )
    assert response.status_code == 302
    i.refresh_from_db()
    assert i.recognition_rating == "Goed beschreven"
    client.post(reverse("interventions:menukaart_actief", args=[i.slug]))
    i.refresh_from_db()
    assert not i.is_active
    assert Client().get(LIST).context["rows"] and "Voorleesexpress Baby" not in _names(Client().get(LIST))
    assert "Voorleesexpress Baby" in _names(client.get(LIST))  # the admin still sees it, marked


@pytest.mark.parametrize(
    ("over", "field", "message"),
    [
        ({"phases": []}, "phases", NO_PHASE),
        ({"needs": []}, "needs", NO_NEED),
        ({"recognition_rating": "Goed onderbouwd"}, "recognition_rating", RATING_WITHOUT_DATABANK),
        (
            {"source_url": "geen webadres"},
            "source_url",
            "Vul een geldig webadres in, beginnend met https://.",
        ),
    ],
)
def test_admin_bad_input_shows_the_message_and_saves_nothing(
    platform_admin: User, over: dict[str, object], field: str, message: str
) -> None:
    before = (Intervention.objects.count(), AuditEvent.objects.count())
    response = client_for(platform_admin).post(reverse("interventions:menukaart_nieuw"), _post_data(**over))
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert (Intervention.objects.count(), AuditEvent.objects.count()) == before
