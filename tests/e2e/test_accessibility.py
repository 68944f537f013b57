"""axe-core (WCAG 2.1 A/AA) on every public page and on the pages of each logged-in demo persona."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import axe_violations, format_violations, login

pytestmark = pytest.mark.e2e

NOT_FOUND = "/deze-pagina-bestaat-niet/"
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
    NOT_FOUND,  # the 404 page
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
        "/coalities/aanvragen/",
    ],
    "beheer@demo.kansrijk.nl": [
        "/coalities/vragenlijsten/",
        "/menukaart/nieuw/",
        "/menukaart/voorzorg/bewerken/",
        "/coalities/aanvragen/",
        "/coalities/partnerschappen/",
        "/organisaties/",
    ],
}
# The pages of explicit participation (docs/adr/0007): also checked at 320 px for sideways scrolling.
# Their states with open proposals, requests and decisions are checked in test_coalition_flow.py.
NARROW_PAGES = {
    f"{DEMO}/partners/",
    "/coalities/aanvragen/",
    "/coalities/partnerschappen/",
    "/organisaties/",
}
# The platform admin manages organisations without an admin of their own, such as the demo municipality:
# its page and its access review (members with their coalitions) are reached from /organisaties/.
ORGANISATION = "Gemeente Utrecht (demo)"
NARROW = {"width": 320, "height": 800}
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
        response = page.goto(f"{base}{path}")
        # A page the persona may not see would be checked as the (axe-clean) error page: say so instead.
        if path != NOT_FOUND:
            assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        _settle(page)
        violations = axe_violations(page)
        if violations:
            found[path] = violations
    return found


def _sideways(page: Any, base: str, paths: list[str]) -> dict[str, int]:
    """The pages that scroll horizontally at 320 px (WCAG 1.4.10 Reflow), with their scroll width."""
    desktop = page.viewport_size
    page.set_viewport_size(NARROW)
    wide = {}
    try:
        for path in paths:
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            if width > NARROW["width"]:
                wide[path] = width
    finally:
        page.set_viewport_size(desktop)
    return wide


def _organisation_pages(page: Any, base: str) -> list[str]:
    page.goto(f"{base}/organisaties/")
    href = page.get_by_role("main").get_by_role("link", name=ORGANISATION, exact=True).get_attribute("href")
    assert href and re.search(r"^/organisaties/[0-9a-f-]{36}/$", href), href
    return [href, f"{href}toegang/"]


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
    narrow = [path for path in workspace if path in NARROW_PAGES]
    if "/organisaties/" in workspace:
        organisation = _organisation_pages(page, app_url)
        workspace = workspace + organisation
        narrow = narrow + organisation
    found = _check(page, app_url, PERSONA_PAGES + extra + workspace)
    assert not found, f"axe-core vond WCAG 2.1 AA-problemen voor {email}:\n" + format_violations(found)
    wide = _sideways(page, app_url, narrow)
    assert not wide, f"Horizontaal scrollen op 320 px breed voor {email} (scrollWidth): {wide}"
