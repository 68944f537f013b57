"""The public Wegwijzer page: what it shows, from where, and what it never shows."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from django.test import Client

from kansrijk.areas.models import Area, PostcodeArea
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.interventions.services.offer import offer_update
from kansrijk.interventions.services.offer_public import offer_public_confirm
from kansrijk.routes import services as routes
from kansrijk.routes.models import VulnerabilityLevel
from kansrijk.wegwijzer.page import wegwijzer_data
from tests.personas import accepted_partner
from tests.system import TESTS
from tests.wegwijzer.conftest import Wegwijzer, make_intervention, make_offer

STATIC = Path(__file__).resolve().parents[2] / "src" / "kansrijk" / "wegwijzer" / "static" / "wegwijzer"


def page(path: str = "/wegwijzer/GM0344/") -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE="nl").get(path)
    assert response.status_code == 200
    return response.content.decode()


def theme(data: dict[str, object], code: str) -> dict[str, object]:
    return next(t for t in data["themas"] if t["code"] == code)  # type: ignore[attr-defined, index]


def test_shows_the_confirmed_public_offer_and_nothing_else(ww: Wegwijzer) -> None:
    html = page()
    for shown in ("Geldhulp Test", "JGZ Test", "030-1234567", "https://example.org/geld", "Het is gratis."):
        assert shown in html
    assert "U hebt geen verwijzing nodig" in html
    # The professionals' contact, capacity, waiting time and the coordinator stay in the workspace.
    assert "Achterlijn" not in html and "9999999" not in html
    assert "coordinator@test.nl" not in html


def test_a_proposed_but_unconfirmed_offer_never_appears(ww: Wegwijzer) -> None:
    intervention = make_intervention("rookstop-test", "Rookstop Test", ["roken"], ["zwangerschap"])
    make_offer(ww.cast, ww.jgz, intervention)  # show_on_wegwijzer, not confirmed
    data = wegwijzer_data(ww.utrecht)
    assert "Rookstop Test" not in page()
    assert theme(data, "roken")["alleen_landelijk"] is True


def test_a_change_of_the_public_content_takes_the_offer_off_until_confirmed_again(ww: Wegwijzer) -> None:
    offer = ww.offer
    offer_update(
        offer=offer,
        actor=ww.cast.coordinator,
        intervention=offer.intervention,
        partner=offer.partner,
        phases=offer.phases,
        municipalities=list(offer.municipalities.all()),
        public_phone="030-7654321",
    )
    offer.refresh_from_db()
    assert offer.public_confirmed_at is None
    assert "Geldhulp Test" not in page()
    offer_public_confirm(offer=offer, actor=ww.cast.partner_member)
    assert "030-7654321" in page()


def test_an_unconfirmed_coalitions_offer_never_appears(ww: Wegwijzer) -> None:
    # "elders" (Amsterdam) was requested, never confirmed: its partner's own confirmation changes nothing.
    elders = Coalition.objects.get(slug="elders")
    partner = accepted_partner(elders, ww.jgz.organisation)
    offer = make_offer(ww.cast, partner, ww.intervention, actor=TESTS, public_phone="020-5555555")
    offer_public_confirm(offer=offer, actor=ww.cast.partner_member)
    html = page("/wegwijzer/GM0363/")
    assert "020-5555555" not in html and "Geldhulp Test" not in html
    assert "hulp voor heel Nederland" in html
    assert Client().get("/api/v1/wegwijzer/GM0363").json()["versie"] == "landelijk"


def test_theme_without_public_offer_shows_the_national_fallback(ww: Wegwijzer) -> None:
    data = wegwijzer_data(ww.utrecht)
    violence = theme(data, "huiselijk_geweld")
    assert violence["alleen_landelijk"] is True and violence["aanbod"] == []
    assert [h["telefoon"] for h in violence["landelijk"]][0] == "0800-2000"  # Veilig Thuis
    assert "huisarts" in violence["eerste_stap"]
    assert theme(data, "financien")["alleen_landelijk"] is False
    # Every theme has a first step: never an empty section.
    assert all(t["eerste_stap"] for t in data["themas"])


def test_no_confirmed_coalition_gives_the_national_version_with_the_same_structure(ww: Wegwijzer) -> None:
    local = wegwijzer_data(ww.utrecht)
    national = wegwijzer_data(Area.objects.get(code="GM0014"))
    assert national["versie"] == "landelijk" and national["coalities"] == []
    assert [t["code"] for t in national["themas"]] == [t["code"] for t in local["themas"]]
    assert [p["code"] for p in national["fases"]] == [p["code"] for p in local["fases"]]
    assert all(t["alleen_landelijk"] for t in national["themas"])


def test_a_newly_published_klantroute_step_shows_without_a_deploy(ww: Wegwijzer) -> None:
    assert "Intake bij het geldloket" not in page()  # the page is now cached
    coordinator = ww.cast.coordinator
    route = routes.klantroute_create(
        coalition=ww.coalition, need="financien", title="Geld", actor=coordinator
    )
    routes.route_step_add(
        route=route,
        title="Intake bij het geldloket",
        description="U maakt samen een plan.",
        partner=ww.jgz,
        levels=[VulnerabilityLevel.KWETSBAAR],
        contact="Direct nummer 06-11111111",
        actor=coordinator,
    )
    assert "Intake bij het geldloket" not in page()  # a concept is not public
    routes.klantroute_publish(route=route, actor=coordinator)
    html = page()
    assert "Intake bij het geldloket" in html and "U maakt samen een plan." in html
    assert "06-11111111" not in html  # the step's contact is the professionals'


def test_readable_alias_and_search(ww: Wegwijzer) -> None:
    client = Client()
    assert client.get("/wegwijzer/utrecht/").headers["Location"] == "/wegwijzer/GM0344/"
    assert client.get("/wegwijzer/gm0344/").headers["Location"] == "/wegwijzer/GM0344/"
    assert client.get("/wegwijzer/nergenshuizen/").status_code == 404
    assert client.get("/wegwijzer/GM9999/").status_code == 404
    assert client.get("/wegwijzer/", {"q": "Utrecht"}).headers["Location"] == "/wegwijzer/GM0344/"


def test_search_by_postcode(ww: Wegwijzer) -> None:
    if not PostcodeArea.objects.filter(postcode="3511").exists():
        pytest.skip("postcode data (areas.PostcodeArea) not loaded in this test database")
    response = Client().get("/wegwijzer/", {"q": "3511 AB"})
    assert response.headers["Location"] == "/wegwijzer/GM0344/"


def test_content_in_another_language_is_marked_with_lang_and_direction(ww: Wegwijzer) -> None:
    offer = ww.offer
    offer_update(
        offer=offer,
        actor=ww.cast.coordinator,
        intervention=offer.intervention,
        partner=offer.partner,
        phases=offer.phases,
        municipalities=list(offer.municipalities.all()),
        public_translations={"ar": {"description": "نساعدك في المال."}},
    )
    offer_public_confirm(offer=offer, actor=ww.cast.partner_member)
    assert 'hreflang="ar"' in page()
    html = page("/wegwijzer/GM0344/?taal=ar")
    assert '<p lang="ar" dir="rtl">نساعدك في المال.</p>' in html
    assert page("/wegwijzer/GM0344/?taal=xx-nonsense")  # an unknown language is ignored


def test_demo_coalition_shows_the_demo_label(ww: Wegwijzer) -> None:
    Coalition.objects.filter(pk=ww.coalition.pk).update(is_demo=True)
    assert "DEMO. Dit zijn verzonnen voorbeeldgegevens." in page()


def test_no_cookies_no_scripts_and_lean(ww: Wegwijzer) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE="nl").get("/wegwijzer/GM0344/")
    assert not response.cookies
    html = response.content
    assert b"<script" not in html and b"<form" not in html
    css = (STATIC / "wegwijzer.css").read_bytes()
    assert len(gzip.compress(html)) + len(gzip.compress(css)) < 100_000
    start = Client().get("/wegwijzer/", {"q": "Utr"})
    assert not start.cookies


def test_print_version_and_pdf(ww: Wegwijzer) -> None:
    assert "Druk deze pagina af." in page("/wegwijzer/GM0344/afdrukken/")
    response = Client().get("/wegwijzer/GM0344/wegwijzer.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_partner_not_accepted_hides_the_offer(ww: Wegwijzer) -> None:
    CoalitionPartner.objects.filter(pk=ww.jgz.pk).update(status="afgewezen")
    assert "Geldhulp Test" not in page()
