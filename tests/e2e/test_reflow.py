"""Reflow (WCAG 1.4.10): every page works at 320 px wide without scrolling sideways.

The real app is opened as an anonymous visitor and as each demo persona (coordinator, partner, national
programme, platform admin). Starting from a few pages per persona, the test follows the links a user can
click and checks one page per URL pattern (plus several municipalities for the startfoto, atlas and
wegwijzer, Amsterdam among them). A page fails when `document.documentElement.scrollWidth` is larger than
`window.innerWidth`; wide tables and maps must scroll inside their own box instead.

200 % zoom is covered by the same check: a 640 px wide window at 200 % zoom has a layout viewport of
320 CSS px, exactly what this test sets (WCAG 1.4.10 names 320 CSS px for that reason).

Every page is also checked at 1,280 px, so that nothing got worse on a desktop screen.

The URL conf is the list of pages: every pattern outside the care layer (its own tests check its pages)
must be visited by some persona or be named in NOT_PAGES with the reason it is not a page.

CI runs the suite twice (SQLite, then PostgreSQL). Reflow does not depend on the database, so the full
check runs in the SQLite pass only; the PostgreSQL pass checks a small fixed sample (never a skip).
"""

from __future__ import annotations

import inspect
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from tests.e2e.conftest import E2E_PASSWORD, fresh_totp

pytestmark = pytest.mark.e2e

NARROW = {"width": 320, "height": 800}
DESKTOP = {"width": 1280, "height": 800}
DEMO = "/coalities/demo-utrecht"
AMSTERDAM, UTRECHT, GRONINGEN, SCHIERMONNIKOOG = "GM0363", "GM0344", "GM0014", "GM0088"

# Where each visitor starts; the test follows the links from there.
ANONYMOUS = [
    "/",
    "/startfoto/",
    "/startfoto/?q=Utrect",  # no match: suggestions and tips
    "/startfoto/?q=Bergen",  # several matches
    *(f"/startfoto/{code}/" for code in (AMSTERDAM, UTRECHT, GRONINGEN, SCHIERMONNIKOOG)),
    "/atlas/",
    "/atlas/methode/",
    *(f"/atlas/{code}/" for code in (AMSTERDAM, SCHIERMONNIKOOG)),
    "/menukaart/",
    "/wegwijzer/",
    *(f"/wegwijzer/{code}/" for code in (AMSTERDAM, UTRECHT)),
    "/toegankelijkheid/",
    "/over-de-data/",
    "/account/login/",
    "/account/password/reset/",
    "/deze-pagina-bestaat-niet/",  # the 404 page
]
PERSONAS = {
    "coordinator@demo.kansrijk.nl": [
        "/",
        "/account/mijn/",
        "/account/email/",
        "/coalities/",
        f"/startfoto/{UTRECHT}/",  # with the duiding forms of the coordinator's own municipality
        *(
            f"{DEMO}/{path}"
            for path in (
                "",
                "partners/",
                "zelfscan/",
                "plan/",
                "plan/landelijke-acties/",
                "afspraken/",
                "praktijken/",
                "aanbod/",
                "balans/",
                "balans/wijken/",
                "balans/zwangerschap/financien/",
                "klantroutes/",
                "klantroutes/sociale-kaart/",
            )
        ),
        "/account/logout/",  # the confirmation page; the test never posts it
    ],
    "professional@demo.kansrijk.nl": ["/", "/account/mijn/", "/coalities/", f"{DEMO}/", f"{DEMO}/balans/"],
    "landelijk@demo.kansrijk.nl": [
        "/",
        "/account/mijn/",
        "/coalities/",
        "/coalities/landelijk/",
        f"{DEMO}/",
        "/monitor/landelijk/",
    ],
    "beheer@demo.kansrijk.nl": [
        "/",
        "/account/mijn/",
        "/coalities/vragenlijsten/",
        "/coalities/aanvragen/",
        "/coalities/partnerschappen/",
        "/organisaties/",
        "/menukaart/nieuw/",
        "/aanbod/wegwijzer/",
    ],
}
# The PostgreSQL pass: a fixed sample of the widest pages of the issue (anonymous, then as coordinator).
SAMPLE_ANONYMOUS = [f"/startfoto/{AMSTERDAM}/", "/atlas/"]
SAMPLE_COORDINATOR = [f"{DEMO}/aanbod/"]

# Pages per URL pattern and visitor, found by following links (the seeds above are always visited).
PER_PATTERN = 2

# Patterns that are no page to check here, with the reason. Everything else in the URL conf must be visited.
NOT_PAGES = {
    "healthz": "JSON voor de monitoring",
    "admin-login": "stuurt door naar de gewone inlogpagina",
    # Downloads.
    "startfoto:wijken": "GeoJSON",
    "startfoto:csv": "CSV",
    "startfoto:json": "JSON",
    "startfoto:pdf": "PDF",
    "atlas:geojson_gemeenten": "GeoJSON",
    "atlas:geojson_wijken": "GeoJSON",
    "atlas:csv": "CSV",
    "interventions:balans_pdf": "PDF",
    "wegwijzer:pdf": "PDF",
    "monitoring:coalition_csv": "CSV",
    "monitoring:coalition_pdf": "PDF",
    "monitoring:national_csv": "CSV",
    "coalitions:vragenlijst_download": "download van de vragenlijst",
    "mfa_download_recovery_codes": "download van de herstelcodes",
    # Partial pages loaded into a page that is checked.
    "startfoto:wijken_tabel": "deel van de startfoto (htmx), gecontroleerd op de startfoto zelf",
    # Pages that need a link from an e-mail, a fresh sign-in or a state the demo does not have.
    "account_confirm_email": "link uit een e-mail",
    "account_reset_password_from_key": "link uit een e-mail",
    "account_reset_password_from_key_done": "na het volgen van een e-maillink",
    "account_reset_password_done": "na het versturen van het formulier",
    "account_email_verification_sent": "na het aanmaken van een account",
    "account_confirm_login_code": "inloggen met een code staat uit",
    "account_signup": "alleen via een uitnodiging (stuurt door)",
    "account_inactive": "alleen voor een gedeactiveerd account",
    "mfa_reauthenticate": "vraagt de code opnieuw: dezelfde opmaak als de tweede inlogstap",
    "account_set_password": "alleen voor een account zonder wachtwoord",
    "mfa_activate_totp": "alleen zolang er nog geen authenticator is",
    "mfa_view_recovery_codes": "alleen als er herstelcodes zijn; de demo-accounts hebben er geen",
    "interventions:aanbod_wegwijzer": "alleen voor de beheerder van een partnerorganisatie met aanbod op de Wegwijzer",
    # Only for a draft klantroute; the demo has published ones only (test_klantroute_flow.py makes one).
    **{
        f"routes:{name}": "alleen bij een concept-klantroute"
        for name in ("klantroute_bewerken", "klantroute_publiceren", "klantroute_verwijderen")
    },
    **{
        f"routes:{name}": "alleen bij een concept-klantroute"
        for name in ("stap_nieuw", "stap_bewerken", "stap_verwijderen")
    },
    "coalitions:invitation_accept": "link uit een uitnodigingsmail (test_coalition_flow.py)",
    "coalitions:aanvraag": "alleen bij een open aanvraag; de demo heeft er geen (test_coalition_flow.py)",
    "landing": "stuurt door naar de plek van de gebruiker",
}

# Parts of the URL conf that are not checked here.
NOT_PARTS = {
    "/beheer/": "Django's eigen beheerscherm (alleen voor platformbeheer, eigen opmaak)",
    "/api/": "API: JSON, geen pagina's",
    "/zorg/": "zorglaag: de zorgtests controleren die pagina's (ook op 320 px)",
    "/i18n/": "alleen POST (taalknop)",
}
_DOWNLOAD = re.compile(r"\.(pdf|csv|json|geojson|xlsx|zip|png|svg)$")


def _post_only(view: Any) -> bool:
    """True for a view behind `require_POST` (an action, not a page): read from its decorator's closure."""
    while view is not None:
        if view.__closure__:
            methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
            if methods is not None:
                return "GET" not in methods
        view = getattr(view, "__wrapped__", None)
    return False


def _route_names(patterns: list[Any], prefix: str = "/", namespace: str = "") -> Iterator[str]:
    """The name of every URL pattern outside NOT_PARTS that answers a GET."""
    for item in patterns:
        if isinstance(item, URLResolver):
            inner = f"{namespace}{item.namespace}:" if item.namespace else namespace
            yield from _route_names(item.url_patterns, f"{prefix}{item.pattern}", inner)
        elif (
            isinstance(item, URLPattern)
            and item.name
            and not f"{prefix}{item.pattern}".startswith(tuple(NOT_PARTS))
            and not _post_only(item.callback)
        ):
            yield f"{namespace}{item.name}"


def _view_name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _route(path: str) -> str | None:
    """The URL pattern's name of a page to check, None for anything else."""
    path = urlsplit(path).path
    if path.startswith(tuple(NOT_PARTS)) or _DOWNLOAD.search(path):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return None if match.view_name in NOT_PAGES or _post_only(match.func) else match.view_name


@dataclass
class Reflow:
    """The pages checked, and those wider than the window, with their width and the widest element."""

    base: str
    checked: dict[str, str] = field(default_factory=dict)  # path -> route name
    wide: dict[str, str] = field(default_factory=dict)
    broken: dict[str, int] = field(default_factory=dict)

    def measure(self, page: Any, label: str) -> None:
        page.wait_for_load_state("networkidle")
        if page.locator("#wijk-map").count():
            page.wait_for_selector("#wijk-map[data-loaded]", timeout=30_000)
        for size in (NARROW, DESKTOP):
            page.set_viewport_size(size)
            found = page.evaluate(
                """() => {
                  const doc = document.documentElement, limit = window.innerWidth;
                  if (doc.scrollWidth <= limit) return null;
                  // The outermost element that sticks out: that is where to look.
                  let culprit = null;
                  for (const el of document.body.querySelectorAll('*')) {
                    if (el.getBoundingClientRect().right > limit + 0.5 && !(culprit && culprit.contains(el))) {
                      culprit = el; break;
                    }
                  }
                  const name = culprit ? culprit.tagName.toLowerCase() +
                    (culprit.className && typeof culprit.className === 'string'
                      ? '.' + culprit.className.trim().split(/\\s+/).join('.') : '') : '?';
                  return `${doc.scrollWidth} px bij ${limit} px (${name})`;
                }"""
            )
            if found:
                url = urlsplit(page.url)
                self.wide[f"{label} {url.path}{'?' + url.query if url.query else ''}"] = found
        page.set_viewport_size(NARROW)

    def visit(self, page: Any, path: str, label: str) -> None:
        response = page.goto(f"{self.base}{path}")
        status = response.status if response is not None else 0
        if status >= 500 or (status >= 400 and not path.startswith("/deze-pagina")):
            self.broken[f"{label} {path}"] = status
        if urlsplit(page.url).path == "/account/reauthenticate/":
            # Changing two-step verification asks for the password again first: check that page, then go on.
            self.checked[f"/account/reauthenticate/?next={path}"] = "account_reauthenticate"
            self.measure(page, label)
            page.get_by_label("Wachtwoord").fill(E2E_PASSWORD)
            page.get_by_role("button", name="Bevestigen").click()
            page.wait_for_url(lambda url: "/account/reauthenticate/" not in url)
        self.checked[path] = _view_name(urlsplit(page.url).path) or path
        self.measure(page, label)

    def crawl(self, page: Any, seeds: list[str], label: str, limit: int = 150) -> None:
        """Visit the seeds, then follow links: up to PER_PATTERN pages per URL pattern for this visitor
        (the first link to a pattern may show another state than the second: a published klantroute and
        a draft one, an organisation without and with members)."""
        queue = list(seeds)
        seen_paths: set[str] = set()
        per_route: Counter[str] = Counter()
        while queue and len(seen_paths) < limit:
            path = queue.pop(0)
            if path in seen_paths:
                continue
            seen_paths.add(path)
            self.visit(page, path, label)
            if path in seeds:
                per_route[self.checked[path]] += 1
            hrefs = page.locator("a[href]").evaluate_all(
                "links => links.filter(a => a.origin === location.origin).map(a => a.pathname + a.search)"
            )
            for href in dict.fromkeys(hrefs):
                route = _route(href)
                if route is None or href in seen_paths or href in queue or per_route[route] >= PER_PATTERN:
                    continue
                per_route[route] += 1
                queue.append(href)


def _login(page: Any, reflow: Reflow, email: str) -> None:
    """Sign in at 320 px, checking both steps of the login on the way."""
    reflow.visit(page, "/account/login/", email)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
    assert "/account/2fa/authenticate/" in page.url, f"geen tweede stap na het wachtwoord: {page.url}"
    reflow.checked["/account/2fa/authenticate/"] = "mfa_authenticate"
    reflow.measure(page, email)
    page.get_by_label("Code").fill(fresh_totp(email))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/2fa/authenticate/" not in url)


def test_every_page_reflows_at_320_px(browser: Any, app_url: str) -> None:
    full = connection.vendor == "sqlite"
    reflow = Reflow(app_url)
    anonymous = browser.new_context(locale="nl-NL", viewport=NARROW)
    try:
        page = anonymous.new_page()
        if full:
            reflow.crawl(page, ANONYMOUS, "anoniem")
        else:
            for path in SAMPLE_ANONYMOUS:
                reflow.visit(page, path, "anoniem")
    finally:
        anonymous.close()
    for email, seeds in PERSONAS.items() if full else [("coordinator@demo.kansrijk.nl", SAMPLE_COORDINATOR)]:
        context = browser.new_context(locale="nl-NL", viewport=NARROW)
        try:
            page = context.new_page()
            _login(page, reflow, email)
            if full:
                reflow.crawl(page, seeds, email)
            else:
                for path in seeds:
                    reflow.visit(page, path, email)
        finally:
            context.close()

    assert not reflow.broken, f"Pagina's die niet laden (HTTP-status): {reflow.broken}"
    assert not reflow.wide, "Pagina's breder dan het venster (WCAG 1.4.10 Reflow):\n" + "\n".join(
        f"  {where}: {width}" for where, width in sorted(reflow.wide.items())
    )
    if full:
        visited = set(reflow.checked.values())
        missing = sorted(
            name
            for name in set(_route_names(get_resolver().url_patterns))
            if name not in NOT_PAGES and name not in visited
        )
        assert not missing, (
            f"Niet bezocht en niet in NOT_PAGES (voeg een startpagina toe of een reden): {missing}"
        )
    else:
        assert (
            len(reflow.checked) == len(SAMPLE_ANONYMOUS) + len(SAMPLE_COORDINATOR) + 2
        )  # + the two login steps
