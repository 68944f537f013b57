"""axe-core (WCAG 2.1 A/AA) on every public page and on the pages of each logged-in demo persona."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = [
    "/",
    "/startfoto/",
    "/startfoto/?q=Utrect",  # no match: the suggestions and tips
    "/startfoto/?q=Bergen",  # several matches
    "/startfoto/GM0344/",  # Utrecht
    "/startfoto/GM0153/",  # Enschede
    "/startfoto/GM0164/",  # Hengelo
    "/menukaart/",
    "/menukaart/voorzorg/",
    "/toegankelijkheid/",
    "/over-de-data/",
    "/account/login/",
    "/account/password/reset/",
    "/deze-pagina-bestaat-niet/",  # the 404 page
]
PERSONA_PAGES = [
    "/",
    "/account/mijn/",
    "/account/2fa/",
    "/account/password/change/",
    "/account/logout/",  # the confirmation page; the test never posts it
]
DEMO = "/coalities/demo-utrecht"
# The coalition workspace per persona: the coordinator sees every form, the others read.
WORKSPACE_PAGES = {
    "coordinator@demo.kansrijk.nl": [
        "/coalities/",
        "/coalities/nieuw/",
        "/coalities/praktijken/",
        *(
            f"{DEMO}/{path}"
            for path in (
                "",
                "partners/",
                "netwerkkaart/",
                "zelfscan/",
                "plan/",
                "plan/ambities/nieuw/",
                "plan/acties/nieuw/",
                "plan/landelijke-acties/",
                "plan/landelijke-acties/14/",
                "afspraken/",
                "afspraken/nieuw/",
                "afspraken/checklist/",
                "praktijken/",
                "praktijken/nieuw/",
                "aanbod/",
                "aanbod/nieuw/",
                "balans/",
                "balans/zwangerschap/financien/",
                "balans/wijken/",
                "klantroutes/",
                "klantroutes/nieuw/",
                "klantroutes/sociale-kaart/",
            )
        ),
    ],
    "professional@demo.kansrijk.nl": [
        "/coalities/",
        f"{DEMO}/",
        f"{DEMO}/zelfscan/",
        f"{DEMO}/plan/",
        f"{DEMO}/klantroutes/sociale-kaart/",
        f"{DEMO}/balans/",
    ],
    "landelijk@demo.kansrijk.nl": [
        "/coalities/",
        f"{DEMO}/",
        f"{DEMO}/netwerkkaart/",
        f"{DEMO}/afspraken/",
        "/coalities/praktijken/",
    ],
    "beheer@demo.kansrijk.nl": [
        "/coalities/vragenlijsten/",
        "/menukaart/nieuw/",
        "/menukaart/voorzorg/bewerken/",
    ],
}
# Pages reached by UUID links from these pages (zelfscan rounds and answers, questionnaire versions).
LINKED = {
    f"{DEMO}/zelfscan/": r"/zelfscan/[0-9a-f-]{36}/(invullen/)?$",
    "/coalities/vragenlijsten/": r"/vragenlijsten/[0-9a-f-]{36}/$",
    f"{DEMO}/klantroutes/": r"/klantroutes/[0-9a-f-]{36}/$",
}
PERSONAS = [
    "coordinator@demo.kansrijk.nl",
    "professional@demo.kansrijk.nl",
    "landelijk@demo.kansrijk.nl",
    "beheer@demo.kansrijk.nl",
]


def _settle(page: Any) -> None:
    # Maps and charts draw after load; check the page as the user finally sees it.
    page.wait_for_load_state("networkidle")
    if page.locator("#wijk-map").count():
        page.wait_for_selector("#wijk-map[data-loaded]", timeout=30_000)


def _check(page: Any, base: str, paths: list[str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for path in paths:
        page.goto(f"{base}{path}")
        _settle(page)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    return found


def test_public_pages(page: Any, app_url: str) -> None:
    found = _check(page, app_url, PUBLIC_PAGES)
    assert not found, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(found)


def test_english_pages(browser: Any, app_url: str) -> None:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{app_url}/")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.get_by_role("link", name="Skip to content").count() == 1
        found = _check(page, app_url, ["/", "/startfoto/GM0344/", "/account/login/"])
    finally:
        context.close()
    assert not found, "axe-core vond WCAG 2.1 AA-problemen (Engels):\n" + format_violations(found)


@pytest.mark.parametrize("email", PERSONAS)
def test_persona_pages(page: Any, app_url: str, email: str) -> None:
    login(page, app_url, email)
    assert page.get_by_role("link", name="Mijn account").is_visible()
    # The demo coordinator's coalition holds Utrecht and Nieuwegein: there the startfoto has duiding forms.
    extra = ["/startfoto/GM0344/", "/startfoto/GM0356/"] if email.startswith("coordinator@") else []
    workspace = WORKSPACE_PAGES[email]
    for start, pattern in LINKED.items():
        if start in workspace:
            page.goto(f"{app_url}{start}")
            hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.pathname)")
            linked = sorted({h for h in hrefs if re.search(pattern, h)})
            assert linked, f"geen links naar {pattern} op {start}"
            workspace = workspace + linked
    found = _check(page, app_url, PERSONA_PAGES + extra + workspace)
    assert not found, f"axe-core vond WCAG 2.1 AA-problemen voor {email}:\n" + format_violations(found)
