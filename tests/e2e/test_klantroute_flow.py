"""Klantroutes in a real browser: the demo coordinator creates a route, adds a step, publishes it and
opens the printable sociale kaart; the demo professional (a partner) reads it. axe-core on every page."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

BASE = "/coalities/demo-utrecht/klantroutes/"
TITLE = "Hulp bij huisvesting rond de geboorte (e2e)"


def _axe(page: Any, found: dict[str, list[dict[str, Any]]]) -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def test_publish_a_klantroute_and_print_the_sociale_kaart(browser: Any, app_url: str) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    page = browser.new_context(locale="nl-NL").new_page()
    login(page, app_url, "coordinator@demo.kansrijk.nl", E2E_PASSWORD)
    page.goto(f"{app_url}{BASE}")
    _axe(page, found)
    page.get_by_role("link", name="Klantroute maken").click()
    _axe(page, found)
    page.get_by_label("Thema").select_option(label="Huisvesting")
    page.get_by_label("Titel").fill(TITLE)
    page.get_by_role("button", name="Concept maken").click()
    expect(page.get_by_role("main")).to_contain_text(TITLE)

    # A step without a level is refused and nothing is saved; with a level it is stored.
    page.get_by_role("link", name="Stap toevoegen").click()
    page.get_by_label("Stap", exact=True).fill("Woonconsulent belt binnen een week")
    page.get_by_label("Wat er gebeurt").fill("Samen zoeken naar een veilige plek voor moeder en kind.")
    page.get_by_label("Partner").select_option(label="Sociaal Wijkteam Oost (demo)")
    page.get_by_label("Dagen tot eerste contact").fill("7")
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.locator(".utrecht-form-field--invalid, [role=alert]").first).to_be_visible()
    _axe(page, found)
    levels = page.get_by_role("group", name="Voor niveaus")
    levels.get_by_label("Kwetsbaar", exact=True).check()
    levels.get_by_label("Zeer kwetsbaar").check()
    page.get_by_role("button", name="Stap opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("Woonconsulent belt binnen een week")
    _axe(page, found)

    page.get_by_role("link", name="Publiceren").click()
    _axe(page, found)
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_role("main")).to_contain_text("Gepubliceerd")

    # The printable sociale kaart, as a partner professional sees it.
    reader = browser.new_context(locale="nl-NL").new_page()
    login(reader, app_url, "professional@demo.kansrijk.nl", E2E_PASSWORD)
    reader.goto(f"{app_url}{BASE}")
    reader.get_by_role("link", name="Sociale kaart bekijken en afdrukken").click()
    expect(reader.get_by_role("heading", level=1)).to_contain_text("Sociale kaart")
    section = reader.get_by_role("main")
    expect(section).to_contain_text(TITLE)
    expect(section).to_contain_text("Woonconsulent belt binnen een week")
    expect(section).to_contain_text("binnen 7 dagen")
    expect(reader.get_by_role("button", name="Afdrukken")).to_be_visible()
    _axe(reader, found)
    # Print: the A4 print stylesheet hides the navigation; the PDF of the print view holds the route.
    reader.emulate_media(media="print")
    assert not reader.get_by_role("navigation", name="Hoofdmenu").is_visible()
    pdf = reader.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    reader.context.close()
    page.context.close()
    assert not found, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(found)
