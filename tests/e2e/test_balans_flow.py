"""The balans in a real browser: a gap (need and no local offer) closes when the coordinator adds an
intervention from the menukaart to the local offer. axe-core on the menukaart, aanbod and balans pages."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

DEMO = "/coalities/demo-utrecht"
CELL = "#cel-zwangerschap-financien"  # Utrecht: more households around the social minimum than NL


def _axe(page: Any, found: dict[str, list[dict[str, Any]]]) -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def test_adding_an_offer_closes_the_gap(browser: Any, app_url: str) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    page = browser.new_context(locale="nl-NL").new_page()
    page.goto(f"{app_url}/menukaart/")
    _axe(page, found)
    page.get_by_role("link", name="Moeders van Rotterdam").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Moeders van Rotterdam")
    _axe(page, found)

    login(page, app_url, "coordinator@demo.kansrijk.nl", E2E_PASSWORD)
    page.goto(f"{app_url}{DEMO}/balans/")
    _axe(page, found)
    cell = page.locator(CELL)
    expect(cell).to_have_attribute("data-gat", "ja")
    expect(cell).to_contain_text("Gat")
    gaps_before = int(page.locator("#balans-samenvatting [data-gaten]").get_attribute("data-gaten") or "0")

    page.goto(f"{app_url}{DEMO}/aanbod/")
    _axe(page, found)
    page.get_by_role("link", name="Aanbod toevoegen").click()
    _axe(page, found)
    page.get_by_label("Interventie").select_option(label="Moeders van Rotterdam")
    page.get_by_label("Partner").select_option(label="Sociaal Wijkteam Oost (demo)")
    page.get_by_role("group", name="Fases").get_by_label("Zwangerschap", exact=True).check()
    municipalities = page.get_by_role("group", name="Gemeenten")
    municipalities.get_by_label("Utrecht", exact=True).check()
    # A negative capacity is refused with a clear message and nothing is saved.
    page.get_by_label("Capaciteit per jaar").fill("-1")
    page.get_by_role("button", name="Aanbod opslaan").click()
    expect(page.get_by_text("De capaciteit per jaar kan niet kleiner zijn dan 0.").first).to_be_visible()
    _axe(page, found)
    page.get_by_label("Capaciteit per jaar").fill("40")
    page.get_by_label("Wachttijd in dagen").fill("10")
    page.get_by_role("button", name="Aanbod opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("staat in het lokale aanbod")

    page.goto(f"{app_url}{DEMO}/balans/")
    cell = page.locator(CELL)
    expect(cell).to_have_attribute("data-gat", "nee")
    expect(cell).to_contain_text("Gedekt")
    expect(cell).to_contain_text("Moeders van Rotterdam")
    gaps_after = int(page.locator("#balans-samenvatting [data-gaten]").get_attribute("data-gaten") or "0")
    assert gaps_after < gaps_before
    _axe(page, found)
    page.goto(f"{app_url}{DEMO}/balans/wijken/")
    _axe(page, found)
    response = page.request.get(f"{app_url}{DEMO}/balans.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")
    page.context.close()
    assert not found, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(found)
