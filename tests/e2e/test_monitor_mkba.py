"""The business case (MKBA) calculator in a real browser: the demo coordinator finds it through the
coalition's monitor, gets an error summary for incomplete input, then the ranges, the table and the
picture. axe-core (WCAG 2.1 AA) and 320 px reflow on every state; a partner's professional gets 404."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 800}


class Checks:
    """axe-core violations and sideways scrolling at 320 px, per state of the page."""

    def __init__(self) -> None:
        self.violations: dict[str, list[dict[str, Any]]] = {}
        self.wide: dict[str, str] = {}

    def run(self, page: Any, label: str) -> None:
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            self.violations[label] = violations
        desktop = page.viewport_size
        page.set_viewport_size(NARROW)
        wide = page.evaluate(
            """() => {
              const doc = document.documentElement, limit = window.innerWidth;
              if (doc.scrollWidth <= limit) return null;
              const culprit = [...document.body.querySelectorAll('*')]
                .find(el => el.getBoundingClientRect().right > limit + 0.5);
              return `${doc.scrollWidth} px (${culprit ? culprit.tagName + '.' + culprit.className : '?'})`;
            }"""
        )
        if wide:
            self.wide[label] = wide
        violations = axe_violations(page)  # the narrow layout too (contrast, overlap of the reflowed page)
        if violations:
            self.violations[f"{label} (320 px)"] = violations
        page.set_viewport_size(desktop)


def coordinator_opens_the_monitor(browser: Any, app_url: str) -> Any:
    """The demo coordinator signs in and follows the workspace's "Monitor" link; returns the page."""
    page = browser.new_context(locale="nl-NL").new_page()
    login(page, app_url, "coordinator@demo.kansrijk.nl", E2E_PASSWORD)
    page.goto(f"{app_url}/coalities/demo-utrecht/")
    page.get_by_role("navigation", name="Werkruimte van de coalitie").get_by_role(
        "link", name="Monitor"
    ).click()
    return page


def test_business_case_for_the_wethouder(browser: Any, app_url: str) -> None:
    checks = Checks()
    page = coordinator_opens_the_monitor(browser, app_url)
    page.get_by_role("link", name="Maatschappelijke businesscase").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maatschappelijke businesscase (schatting)")
    main = page.get_by_role("main")
    expect(main).to_contain_text("De cijfers uit dat rapport staan niet in onze bronnen")
    # The only sourced defaults: 7 % and 10 %; reach, costs and horizon are empty.
    expect(page.get_by_label("Rendement per jaar, laag")).to_have_value("7")
    expect(page.get_by_label("Rendement per jaar, hoog")).to_have_value("10")
    expect(page.get_by_label("Aantal gezinnen: Kwetsbaar", exact=True)).to_have_value("")
    expect(page.get_by_label("Periode in jaren")).to_have_value("")
    checks.run(page, "leeg formulier")
    mkba_url = page.url

    # Families without costs: refused with the error summary (focused), and no result at all.
    page.get_by_label("Aantal gezinnen: Kwetsbaar", exact=True).fill("100")
    page.get_by_label("Periode in jaren").fill("10")
    with page.expect_response(lambda r: "/mkba/" in r.url) as sent:
        page.get_by_role("button", name="Bereken").click()
    assert sent.value.status == 422
    summary = page.locator(".kr-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Vul ook de kosten per gezin in")
    expect(summary).to_be_focused()
    expect(page.get_by_role("heading", name="Uitkomst (schatting)")).to_have_count(0)
    checks.run(page, "fout")

    # The link in the summary leads to the field; fill in the costs and calculate.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Kosten per gezin: Kwetsbaar", exact=True)).to_be_focused()
    page.get_by_label("Kosten per gezin: Kwetsbaar", exact=True).fill("2500")
    page.get_by_label("Aantal gezinnen: Zeer kwetsbaar").fill("20")
    page.get_by_label("Kosten per gezin: Zeer kwetsbaar").fill("12000")
    with page.expect_response(lambda r: "/mkba/" in r.url) as sent:
        page.get_by_role("button", name="Bereken").click()
    assert sent.value.status == 200
    expect(page.get_by_role("heading", name="Uitkomst (schatting)")).to_be_visible()
    expect(main).to_contain_text("€ 490.000 voor 120 gezinnen")
    expect(main).to_contain_text("€ 343.000 tot € 490.000")
    expect(main).to_contain_text("ongeveer 10 tot 15 jaar")
    expect(page.get_by_role("table")).to_contain_text("€ 175.000 tot € 250.000")
    expect(page.get_by_role("figure").locator("svg")).to_have_count(2)
    expect(page.get_by_role("figure")).to_contain_text(
        "Vermeden kosten in 10 jaar (schatting): € 343.000 tot € 490.000"
    )
    checks.run(page, "uitkomst")
    page.context.close()

    # A partner's professional (not a coordinator) does not get the page.
    other = browser.new_context(locale="nl-NL").new_page()
    login(other, app_url, "professional@demo.kansrijk.nl", E2E_PASSWORD)
    response = other.goto(mkba_url)
    assert response is not None and response.status == 404
    other.context.close()

    assert not checks.violations, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(
        checks.violations
    )
    assert not checks.wide, f"Horizontaal scrollen op 320 px breed (scrollWidth): {checks.wide}"
