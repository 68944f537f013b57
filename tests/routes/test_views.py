"""Persona tests for every klantroute page: who sees what, who may change what, and bad input (422)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.routes import services
from kansrijk.routes.forms import PARTNER_NOT_IN_COALITION_FORM
from kansrijk.routes.models import Klantroute, RouteStatus, RouteStep
from tests.routes.conftest import World, client_for
from tests.routes.support import add_step, counts, new_route, published_route

SLUG = "test"


def _url(name: str, *args: object) -> str:
    return reverse(f"routes:{name}", args=[SLUG, *args])


def _pages(world: World) -> dict[str, tuple[str, ...]]:
    """Read pages and edit pages (GET) for a published route and a concept."""
    published = published_route(world)
    draft = new_route(world, need="psychisch", title="Psychisch concept")
    step = add_step(world, draft)
    return {
        "published": (
            _url("klantroutes"),
            _url("sociale_kaart"),
            _url("klantroute", published.public_id),
        ),
        "draft": (_url("klantroute", draft.public_id),),
        "edit": (
            _url("klantroute_nieuw"),
            _url("klantroute_bewerken", draft.public_id),
            _url("klantroute_publiceren", draft.public_id),
            _url("klantroute_verwijderen", draft.public_id),
            _url("stap_nieuw", draft.public_id),
            _url("stap_bewerken", draft.public_id, step.public_id),
            _url("stap_verwijderen", draft.public_id, step.public_id),
        ),
    }


def test_anonymous_is_sent_to_login_everywhere(world: World) -> None:
    for urls in _pages(world).values():
        for url in urls:
            response = Client().get(url)
            assert response.status_code == 302 and "/account/login/" in response["Location"], url


def test_coordinator_sees_and_may_open_everything(world: World) -> None:
    client = client_for(world.cast.coordinator)
    for urls in _pages(world).values():
        for url in urls:
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", ["partner_member", "national"])
def test_members_and_national_read_published_not_drafts_and_may_not_edit(world: World, persona: str) -> None:
    client = client_for(getattr(world.cast, persona))
    pages = _pages(world)
    for url in pages["published"]:
        assert client.get(url).status_code == 200, url
    for url in pages["draft"]:
        assert client.get(url).status_code == 404, url
    for url in pages["edit"]:
        assert client.get(url).status_code == 403, url
    overview = client.get(_url("klantroutes")).content.decode()
    assert "Psychisch concept" not in overview and "Klantroute maken" not in overview


@pytest.mark.parametrize("persona", ["other_coordinator", "outsider"])
def test_other_coalitions_and_outsiders_get_404(world: World, persona: str) -> None:
    client = client_for(getattr(world.cast, persona))
    for urls in _pages(world).values():
        for url in urls:
            assert client.get(url).status_code == 404, url
    before = counts()
    assert client.post(_url("klantroute_nieuw"), {"need": "roken", "title": "x"}).status_code == 404
    assert counts() == before


def test_members_may_not_post_changes(world: World) -> None:
    draft = new_route(world)
    before = counts()
    client = client_for(world.cast.partner_member)
    assert client.post(_url("klantroute_publiceren", draft.public_id)).status_code == 403
    assert client.post(_url("stap_nieuw", draft.public_id), {"title": "x"}).status_code == 403
    assert counts() == before


def _step_data(world: World, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Aanmelden bij schuldhulp",
        "description": "Bellen",
        "partner": str(world.schuldhulp.public_id),
        "contact": "000 000 0002",
        "levels": ["kwetsbaar", "zeer_kwetsbaar"],
        "days_to_first_contact": "3",
        "offer": str(world.offer.public_id),
        "agreement": str(world.agreement.public_id),
    }
    data.update(overrides)
    return data


def test_coordinator_creates_adds_steps_reorders_and_publishes(world: World) -> None:
    client = client_for(world.cast.coordinator)
    response = client.post(
        _url("klantroute_nieuw"), {"need": "financien", "title": "Geldzorgen", "introduction": ""}
    )
    route = Klantroute.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("klantroute", route.public_id)
    response = client.post(_url("stap_nieuw", route.public_id), _step_data(world))
    assert response.status_code == 302
    client.post(
        _url("stap_nieuw", route.public_id),
        _step_data(world, title="Wijkteam", offer="", agreement="", partner=str(world.jgz.public_id)),
    )
    second = RouteStep.objects.get(title="Wijkteam")
    assert (
        client.post(
            _url("stap_verplaatsen", route.public_id, second.public_id), {"richting": "up"}
        ).status_code
        == 302
    )
    assert list(route.steps.values_list("title", flat=True)) == ["Wijkteam", "Aanmelden bij schuldhulp"]
    page = client.get(_url("klantroute", route.public_id)).content.decode()
    assert "Stap toevoegen" in page and "Publiceren" in page
    assert client.post(_url("klantroute_publiceren", route.public_id)).status_code == 302
    route.refresh_from_db()
    assert route.status == RouteStatus.PUBLISHED
    kaart = client_for(world.cast.partner_member).get(_url("sociale_kaart")).content.decode()
    for text in (
        "Geldzorgen",
        "Schuldhulp Test",
        "Kwetsbaar",
        "Zeer kwetsbaar",
        "binnen 3 dagen",
        "Vroeg Eropaf",
        "Warme overdracht schuldhulp",
        "000 000 0002",
        "data-print",
        "Afdrukken",
    ):
        assert text in kaart, text


def test_step_edit(world: World) -> None:
    route = new_route(world)
    step = add_step(world, route)
    client = client_for(world.cast.coordinator)
    response = client.post(
        _url("stap_bewerken", route.public_id, step.public_id), _step_data(world, title="Nieuw")
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title == "Nieuw" and step.levels == ["kwetsbaar", "zeer_kwetsbaar"]


def test_step_delete_and_route_delete(world: World) -> None:
    route = new_route(world)
    step = add_step(world, route)
    client = client_for(world.cast.coordinator)
    assert client.post(_url("stap_verwijderen", route.public_id, step.public_id)).status_code == 302
    assert not RouteStep.objects.exists()
    assert client.post(_url("klantroute_verwijderen", route.public_id)).status_code == 302
    assert not Klantroute.objects.exists()


BAD_FORM = [
    ({"partner": "FOREIGN"}, "partner", PARTNER_NOT_IN_COALITION_FORM),
    ({"offer": "FOREIGN_OFFER"}, "offer", services.OFFER_NOT_OF_COALITION),
    ({"agreement": "FOREIGN_AGREEMENT"}, "agreement", services.AGREEMENT_NOT_OF_COALITION),
    ({"levels": []}, "levels", services.NO_LEVEL),
    ({"days_to_first_contact": "-1"}, "days_to_first_contact", services.DAYS_OUT_OF_RANGE),
    ({"days_to_first_contact": "400"}, "days_to_first_contact", services.DAYS_OUT_OF_RANGE),
]


@pytest.mark.parametrize(("overrides", "field", "message"), BAD_FORM)
def test_bad_step_input_gives_422_with_the_message_and_saves_nothing(
    world: World, overrides: dict[str, object], field: str, message: str
) -> None:
    route = new_route(world)
    ids = {
        "FOREIGN": str(world.foreign.public_id),
        "FOREIGN_OFFER": str(world.foreign_offer.public_id),
        "FOREIGN_AGREEMENT": str(world.foreign_agreement.public_id),
    }
    data = _step_data(world, **{k: ids.get(v, v) if isinstance(v, str) else v for k, v in overrides.items()})
    before = counts()
    response = client_for(world.cast.coordinator).post(_url("stap_nieuw", route.public_id), data)
    assert response.status_code == 422
    assert response.context["form"].errors[field] == [message]
    assert str(message) in response.content.decode()
    assert counts() == before


def test_offer_of_another_partner_is_explained(world: World) -> None:
    route = new_route(world)
    before = counts()
    data = _step_data(world, partner=str(world.jgz.public_id))
    response = client_for(world.cast.coordinator).post(_url("stap_nieuw", route.public_id), data)
    assert response.status_code == 422
    expected = services.OFFER_OTHER_PARTNER.format(offer_partner="Schuldhulp Test", partner="JGZ Test")
    assert response.context["form"].errors["offer"] == [expected]
    assert counts() == before


def test_publishing_an_empty_draft_shows_the_error(world: World) -> None:
    route = new_route(world)
    before = counts()
    response = client_for(world.cast.coordinator).post(_url("klantroute_publiceren", route.public_id))
    assert response.status_code == 422
    assert str(services.PUBLISH_WITHOUT_STEPS) in response.content.decode()
    route.refresh_from_db()
    assert route.status == RouteStatus.CONCEPT and counts() == before


def test_an_empty_draft_does_not_offer_publishing(world: World) -> None:
    """Issue 10: "Publiceren" only where publishing can succeed; the page says what is missing."""
    route = new_route(world)
    page = client_for(world.cast.coordinator).get(_url("klantroute", route.public_id)).content.decode()
    assert _url("klantroute_publiceren", route.public_id) not in page
    assert "Publiceren kan zodra de route minstens één stap heeft." in page


def test_editing_a_published_version_is_refused_and_changes_nothing(world: World) -> None:
    route = published_route(world)
    step = route.steps.get()
    client = client_for(world.cast.coordinator)
    before = counts()
    posts = [
        (_url("klantroute_bewerken", route.public_id), {"title": "Nieuw"}),
        (_url("stap_nieuw", route.public_id), _step_data(world)),
        (_url("stap_bewerken", route.public_id, step.public_id), _step_data(world, title="Nieuw")),
        (_url("stap_verplaatsen", route.public_id, step.public_id), {"richting": "down"}),
        (_url("stap_verwijderen", route.public_id, step.public_id), {}),
        (_url("klantroute_verwijderen", route.public_id), {}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 422, url
        assert str(services.ROUTE_READ_ONLY) in response.content.decode(), url
    response = client.post(_url("klantroute_publiceren", route.public_id))
    assert response.status_code == 422 and str(services.PUBLISH_NOT_ALLOWED) in response.content.decode()
    assert counts() == before
    route.refresh_from_db()
    step.refresh_from_db()
    assert route.title == "Geldzorgen" and step.title == "Aanmelden bij schuldhulp"


def test_second_concept_for_a_theme_gives_422(world: World) -> None:
    new_route(world)
    before = counts()
    response = client_for(world.cast.coordinator).post(
        _url("klantroute_nieuw"), {"need": "financien", "title": "Nog een"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["need"] == [services.DRAFT_EXISTS.format(version=1)]
    assert counts() == before


def test_overview_shows_published_with_date_draft_and_older_versions(world: World) -> None:
    v1 = published_route(world)
    v2 = new_route(world, title="Tweede versie")
    add_step(world, v2)
    services.klantroute_publish(route=v2, actor=world.cast.coordinator)
    new_route(world, title="Derde concept")
    page = client_for(world.cast.coordinator).get(_url("klantroutes")).content.decode()
    assert "Tweede versie" in page and "Derde concept" in page and "versie 1" in page
    replaced = client_for(world.cast.partner_member).get(_url("klantroute", v1.public_id))
    assert replaced.status_code == 200 and "vervangen" in replaced.content.decode()


def test_sociale_kaart_queries_are_bounded(world: World, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for need in ("financien", "psychisch", "roken"):
        route = new_route(world, need=need, title=need)
        for _ in range(3):
            add_step(world, route, offer=world.offer, agreement=world.agreement)
        services.klantroute_publish(route=route, actor=world.cast.coordinator)
    client = client_for(world.cast.partner_member)
    with django_assert_max_num_queries(15):
        assert client.get(_url("sociale_kaart")).status_code == 200


def test_no_audit_on_reads(world: World) -> None:
    published_route(world)
    before = AuditEvent.objects.count()
    client_for(world.cast.partner_member).get(_url("sociale_kaart"))
    assert AuditEvent.objects.count() == before
