"""The public Wegwijzer on a small phone (320 px): a parent finds it by postcode, reads it, prints it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, format_violations

pytestmark = pytest.mark.e2e

WIDTH = 320


@pytest.fixture
def phone(browser: Any, browser_context_args: dict[str, Any]) -> Iterator[Any]:
    context = browser.new_context(**{**browser_context_args, "viewport": {"width": WIDTH, "height": 640}})
    try:
        yield context.new_page()
    finally:
        context.close()


def _fits(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url}: the document is {width}px wide on a {WIDTH}px screen"


def test_parent_finds_reads_and_prints_the_wegwijzer(phone: Any, app_url: str) -> None:
    page = phone
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(f"{app_url}/wegwijzer/")
    _fits(page)
    found["start"] = axe_violations(page)
    page.get_by_label("Postcode of gemeente").fill("3511 AB")  # Utrecht, the demo coalition's city
    page.get_by_role("button", name="Zoeken").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/GM0344/$"))

    # Reads it: the demo label, the local offer its partner confirmed, the national fallback.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Utrecht")
    expect(page.get_by_text("DEMO. Dit zijn verzonnen voorbeeldgegevens.")).to_be_visible()
    expect(page.get_by_role("heading", name="Prenataal huisbezoek", exact=False).first).to_be_visible()
    violence = page.locator("#thema-huiselijk_geweld")
    expect(violence.get_by_text("Veilig Thuis")).to_be_visible()
    expect(violence.get_by_role("link", name="0800-2000")).to_be_visible()
    assert page.context.cookies() == []  # no cookies, no tracking
    _fits(page)
    found["gemeente"] = axe_violations(page)

    # Content in Arabic where the coalition provided it: right to left.
    page.locator('a[hreflang="ar"]').click()
    expect(page.locator('p[lang="ar"][dir="rtl"]').first).to_be_visible()
    _fits(page)
    found["arabisch"] = axe_violations(page)

    # Prints it: the print version, rendered for paper, and the one-page PDF.
    page.goto(f"{app_url}/wegwijzer/GM0344/")
    page.get_by_role("link", name="Versie om af te drukken").click()
    expect(page).to_have_url(re.compile(r"/wegwijzer/GM0344/afdrukken/$"))
    _fits(page)
    found["afdrukken"] = axe_violations(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.pdf(format="A4")[:5] == b"%PDF-"
    page.emulate_media(media="screen")
    response = page.request.get(f"{app_url}/wegwijzer/GM0344/wegwijzer.pdf")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"

    found = {where: v for where, v in found.items() if v}
    assert not found, format_violations(found)


def test_national_version_at_320px(phone: Any, app_url: str) -> None:
    phone.goto(f"{app_url}/wegwijzer/GM0014/")  # Groningen: no confirmed coalition in the demo
    expect(phone.get_by_text("Hieronder staat hulp voor heel Nederland")).to_be_visible()
    _fits(phone)
    violations = axe_violations(phone)
    assert not violations, format_violations({"landelijk": violations})
