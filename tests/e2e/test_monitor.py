"""The monitor pages in a real browser: the demo coordinator finds the coalition monitor through the
workspace navigation, and the national programme opens the national monitor. axe-core (WCAG 2.1 AA) and
no sideways scrolling at 320 px on both; the demo's made-up figures are labelled as such; a coordinator
gets 404 on the national monitor."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, format_violations, login
from tests.e2e.test_monitor_mkba import Checks, coordinator_opens_the_monitor

pytestmark = pytest.mark.e2e


def test_coalition_monitor_for_the_coordinator(browser: Any, app_url: str) -> None:
    checks = Checks()
    page = coordinator_opens_the_monitor(browser, app_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitor")
    main = page.get_by_role("main")
    # The demo's six closed months: figures, labelled as made up, in a table that scrolls in its own box.
    expect(main).to_contain_text("Laatste afgesloten periode:")
    expect(main).to_contain_text("Deze cijfers komen uit verzonnen voorbeeldgegevens")
    expect(page.get_by_role("region", name="De keten rond gezinnen").get_by_role("table")).to_contain_text(
        "Gezinnen aangemeld"
    )
    expect(main.locator("svg.kr-trend").first).to_be_visible()
    expect(page.get_by_role("link", name="Cijfers downloaden (CSV)")).to_be_visible()
    expect(page.get_by_role("link", name="Maatschappelijke businesscase")).to_be_visible()
    checks.run(page, "coalitiemonitor")

    # The CSV and the PDF download.
    with page.expect_download() as download:
        page.get_by_role("link", name="Cijfers downloaden (CSV)").click()
    header = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("cijfer;categorie;periode;gebied")
    with page.expect_download() as download:
        page.get_by_role("link", name="Monitor als PDF").click()
    assert Path(download.value.path()).read_bytes()[:5] == b"%PDF-"

    # The national monitor is not for a coordinator.
    response = page.goto(f"{app_url}/monitor/landelijk/")
    assert response is not None and response.status == 404
    page.context.close()

    assert not checks.violations, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(
        checks.violations
    )
    assert not checks.wide, f"Horizontaal scrollen op 320 px breed (scrollWidth): {checks.wide}"


def test_national_monitor_for_the_national_programme(browser: Any, app_url: str) -> None:
    checks = Checks()
    page = browser.new_context(locale="nl-NL").new_page()
    login(page, app_url, "landelijk@demo.kansrijk.nl", E2E_PASSWORD)
    page.goto(f"{app_url}/coalities/landelijk/")
    page.get_by_role("link", name="Landelijke monitor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Landelijke monitor Kansrijke Start")
    main = page.get_by_role("main")
    expect(main.locator("svg.kr-map")).to_be_visible()
    expect(main).to_contain_text("Bron kaart: CBS / PDOK, CC BY 4.0.")
    expect(main).to_contain_text("Gemeenten in een bevestigde coalitie")
    checks.run(page, "landelijke monitor")
    page.context.close()

    assert not checks.violations, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(
        checks.violations
    )
    assert not checks.wide, f"Horizontaal scrollen op 320 px breed (scrollWidth): {checks.wide}"
