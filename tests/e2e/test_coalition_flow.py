"""Building a coalition in a real browser, with every party that has a say (docs/adr/0007-participation.md).

The coordinator requests a coalition and proposes a new partner organisation; the platform admin accepts
the partnership (the organisation has no admin of its own) and confirms the coalition; the coordinator
invites someone on behalf of that partner; the invitee makes an account, sets up two-step verification
and waits for the organisation's admin; once let in, they reach the coalition. Then the coordinator fills
a zelfscan, adopts a national action, adds an agreement and sees it on the netwerkkaart.
One browser, one context per person; axe-core checks every page visited.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_violations, format_violations, fresh_totp, login, server_log

pytestmark = pytest.mark.e2e

SLUG = "e2e-amersfoort"
NAME = "Kansrijke Start Amersfoort (e2e)"
PARTNER = "Kraamzorg Eemland (e2e)"
INVITEE = "kraamzorg@e2e.example.org"
INVITEE_NAME = "Karin Kraamzorg"
INVITEE_PASSWORD = "een-lang-wachtwoord-e2e-42"
ADMIN = "beheer@demo.kansrijk.nl"
# Screenshots for a person to look at (test-results/ is ignored by git).
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


class Found:
    """What the checks found on the pages visited: axe-core violations, and sideways scrolling at 320 px."""

    def __init__(self) -> None:
        self.violations: dict[str, list[dict[str, Any]]] = {}
        self.wide: dict[str, int] = {}

    def axe(self, page: Any) -> None:
        page.wait_for_load_state("networkidle")
        violations = axe_violations(page)
        if violations:
            self.violations[page.url] = violations

    def reflow(self, page: Any) -> None:
        """WCAG 1.4.10 on the new pages: by resizing, not reloading (a reload could post a form again)."""
        desktop = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 800})
        width = page.evaluate("() => document.documentElement.scrollWidth")
        page.set_viewport_size(desktop)
        if width > 320:
            self.wide[page.url] = width


def _invitation_link(app_url: str) -> str:
    links = re.findall(r"https?://[^\s]+/coalities/uitnodiging/[A-Za-z0-9_\-]+/", server_log())
    assert links, "geen uitnodigingsmail in het serverlog"
    return app_url + "/coalities/uitnodiging/" + links[-1].rstrip("/").rsplit("/", 1)[1] + "/"


def _workspace_nav(page: Any, name: str) -> None:
    page.get_by_role("navigation", name="Werkruimte van de coalitie").get_by_role("link", name=name).click()


def _create_coalition(page: Any, app_url: str, found: Found) -> None:
    page.goto(f"{app_url}/coalities/")
    page.get_by_role("link", name="Nieuwe coalitie").click()
    found.axe(page)
    page.get_by_label("Naam van de coalitie").fill(NAME)
    page.get_by_label("Webadres (slug)").fill(SLUG)
    page.get_by_label("Gemeenten").fill("Amersfoort")
    page.get_by_label("Kartrekker: bestaande organisatie").select_option(label="Gemeente Utrecht (demo)")
    page.get_by_role("button", name="Coalitie aanmaken").click()
    expect(page).to_have_url(re.compile(rf"/coalities/{SLUG}/$"))
    expect(page.get_by_role("main")).to_contain_text(NAME)
    # A new coalition is requested: it works for its participants, the banner says what is still to come.
    expect(page.locator("#coalitie-status")).to_contain_text("Aangevraagd")
    found.axe(page)
    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)


def _propose_partner(page: Any, found: Found) -> None:
    _workspace_nav(page, "Partners")
    found.axe(page)
    form = page.locator("#partner-add-form")
    form.get_by_label("Of: naam van een nieuwe organisatie").fill(PARTNER)
    form.get_by_label("Soort nieuwe organisatie").select_option(label="Kraamzorg")
    form.get_by_role("button", name="Partner toevoegen").click()
    expect(page.get_by_role("status").first).to_contain_text(f"{PARTNER} is voorgesteld als partner")
    expect(page.locator("#voorgestelde-partners")).to_contain_text(
        f"{PARTNER}: voorgesteld, wacht op de organisatie"
    )
    # A proposed partner cannot be invited on behalf of yet.
    options = page.locator("#invite-form").get_by_label("Namens partnerorganisatie").locator("option")
    expect(options.filter(has_text=PARTNER)).to_have_count(0)
    found.axe(page)
    found.reflow(page)


def _admin_accepts_and_confirms(admin: Any, app_url: str, found: Found) -> None:
    login(admin, app_url, ADMIN)
    admin.goto(f"{app_url}/coalities/partnerschappen/")
    proposal = admin.get_by_role("region", name=f"{NAME} vraagt {PARTNER} als partner")
    expect(proposal).to_be_visible()
    found.axe(admin)
    found.reflow(admin)
    proposal.get_by_role("button", name="Accepteren").click()
    expect(admin.get_by_role("status").first).to_contain_text(f"{PARTNER} doet nu mee met {NAME}")
    found.axe(admin)

    admin.goto(f"{app_url}/coalities/aanvragen/")
    found.axe(admin)
    found.reflow(admin)
    admin.get_by_role("link", name=re.compile(rf"^Bevestigen of weigeren\W+{re.escape(NAME)}$")).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(f"Aanvraag: {NAME}")
    found.axe(admin)
    found.reflow(admin)
    admin.get_by_role("button", name="Coalitie bevestigen").click()
    expect(admin.get_by_role("status").first).to_contain_text(f"“{NAME}” is bevestigd.")
    expect(admin.locator("#geen-aanvragen")).to_be_visible()
    found.axe(admin)


def _invite(page: Any, found: Found) -> None:
    page.reload()
    expect(page.locator("#coalitie-status")).to_have_count(0)  # confirmed: no banner any more
    form = page.locator("#invite-form")
    form.get_by_label("E-mailadres").fill(INVITEE)
    form.get_by_label("Namens partnerorganisatie").select_option(label=PARTNER)
    form.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status").first).to_contain_text(INVITEE)
    found.axe(page)


def _invitee_joins(invitee: Any, app_url: str, found: Found) -> None:
    """Make an account from the link in the mail, then set up two-step verification (required)."""
    invitee.goto(_invitation_link(app_url))
    # Before accepting, the page says that the organisation's admin must let them in first.
    expect(invitee.locator("#wacht-op-beheerder")).to_contain_text(f"nog geen medewerker van {PARTNER}")
    found.axe(invitee)
    first, last = INVITEE_NAME.split()
    invitee.get_by_label("Voornaam").fill(first)
    invitee.get_by_label("Achternaam").fill(last)
    invitee.get_by_label("Wachtwoord", exact=True).fill(INVITEE_PASSWORD)
    invitee.get_by_label("Wachtwoord (nog een keer)").fill(INVITEE_PASSWORD)
    invitee.get_by_role("button", name="Account aanmaken en uitnodiging aannemen").click()
    invitee.wait_for_url(lambda url: "/coalities/uitnodiging/" not in url)
    # The first page after the account is made says both things: wait for the admin; set up 2FA first.
    main = invitee.get_by_role("main")
    expect(main).to_contain_text(f"De beheerder van {PARTNER} moet u eerst toevoegen")
    expect(main).to_contain_text("Tweestapsverificatie is verplicht")
    found.axe(invitee)
    if "/account/reauthenticate/" in invitee.url:
        # allauth wants the password again before the set-up (it has no record of this sign-in).
        invitee.get_by_label("Wachtwoord").fill(INVITEE_PASSWORD)
        invitee.get_by_role("button", name="Bevestigen").click()
    expect(invitee).to_have_url(re.compile(r"/account/2fa/totp/activate/$"))
    found.axe(invitee)
    # What an authenticator app does with the QR code: take the secret and compute the current code.
    secret = invitee.locator("#authenticator_secret").input_value()
    invitee.get_by_label("Authenticator code").fill(fresh_totp(INVITEE, secret))
    invitee.get_by_role("button", name="Activeer").click()
    invitee.wait_for_url(lambda url: "/account/2fa/totp/activate/" not in url)
    found.axe(invitee)  # the recovery codes
    # Taking part waits for the organisation's admin, and the coalitions page says so in plain words.
    invitee.goto(f"{app_url}/coalities/")
    expect(
        invitee.get_by_role("status").filter(has_text=f"U wacht op de beheerder van {PARTNER}")
    ).to_be_visible()
    found.axe(invitee)
    response = invitee.goto(f"{app_url}/coalities/{SLUG}/")
    assert response is not None and response.status == 404


def _admin_grants_membership(admin: Any, app_url: str, found: Found) -> None:
    admin.goto(f"{app_url}/organisaties/")
    found.axe(admin)
    found.reflow(admin)
    admin.get_by_role("link", name=PARTNER).click()
    expect(admin.get_by_role("heading", level=1)).to_have_text(PARTNER)
    requests = admin.get_by_role("region", name="Verzoeken om bij de organisatie te horen")
    expect(requests).to_contain_text(INVITEE_NAME)
    found.axe(admin)
    found.reflow(admin)
    requests.get_by_role("button", name=f"Toekennen {INVITEE_NAME}").click()
    members = admin.get_by_role("region", name="Medewerkers en hun rollen")
    expect(members).to_contain_text(INVITEE_NAME)
    found.axe(admin)
    admin.get_by_role("link", name="Toegang controleren").click()
    expect(admin.get_by_role("main")).to_contain_text(f"{NAME} (deelnemer)")
    found.axe(admin)
    found.reflow(admin)
    admin.get_by_role("button", name="Bevestigen").click()
    expect(admin.get_by_role("status").first).to_contain_text(f"de toegang van {PARTNER} gecontroleerd")
    expect(admin.get_by_role("main")).to_contain_text("Laatst bevestigd op")
    found.axe(admin)


def _zelfscan(page: Any, app_url: str, found: Found) -> None:
    page.goto(f"{app_url}/coalities/{SLUG}/zelfscan/")
    page.get_by_label("Naam van de ronde").fill("Nulmeting 2026")
    page.get_by_label("Datum").fill("2026-12-01")
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.get_by_role("status").first).to_contain_text("is gestart")
    found.axe(page)
    page.get_by_role("link", name="Zelfscan invullen").click()
    found.axe(page)
    groups = page.locator("fieldset:has(input[type=radio])")
    for i in range(groups.count()):
        groups.nth(i).get_by_label("4 – Mee eens").check()
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Uw antwoorden zijn opgeslagen")
    found.axe(page)


def _national_action(page: Any, app_url: str, found: Found) -> None:
    page.goto(f"{app_url}/coalities/{SLUG}/plan/")
    page.get_by_role("link", name="Landelijke acties overnemen").click()
    found.axe(page)
    page.get_by_role("button", name="Overnemen (actie 8)").click()
    expect(page.get_by_role("status").first).to_contain_text("Landelijke actie 8 staat nu in het plan.")
    expect(page.get_by_text("Implementatie prenataal huisbezoek JGZ").first).to_be_visible()
    found.axe(page)


def _agreement(page: Any, app_url: str, found: Found) -> None:
    """An agreement between the lead and the new partner; a review date before the start is refused."""
    page.goto(f"{app_url}/coalities/{SLUG}/afspraken/")
    page.get_by_role("link", name="Afspraak toevoegen").click()
    page.get_by_label("Niveau").select_option(label="Uitvoering")
    page.get_by_label("Onderwerp").fill("Warme overdracht na de bevalling")
    page.get_by_label("Afspraak", exact=True).fill(
        "Kraamzorg meldt zorgen binnen twee dagen bij de gemeente."
    )
    partners = page.get_by_role("group", name="Partners die de afspraak maken")
    partners.get_by_label("Gemeente Utrecht (demo)").check()
    partners.get_by_label(PARTNER).check()
    page.get_by_label("Ingangsdatum").fill("2026-01-01")
    page.get_by_label("Evaluatiedatum").fill("2025-12-31")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_text("De evaluatiedatum mag niet vóór de ingangsdatum liggen.").first).to_be_visible()
    found.axe(page)
    page.get_by_label("Evaluatiedatum").fill("2027-01-01")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("is opgeslagen")
    found.axe(page)


def _netwerkkaart(page: Any, found: Found) -> None:
    """Both partners, the agreement as a link, the missing partner kinds."""
    _workspace_nav(page, "Netwerkkaart")
    network = page.get_by_role("img", name=re.compile(f"Netwerkkaart van {re.escape(NAME)}"))
    expect(network).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text(PARTNER)
    expect(main).to_contain_text("Warme overdracht na de bevalling")
    expect(main).to_contain_text("Huisartsenpraktijk")
    found.axe(page)
    page.screenshot(path=str(SHOTS / "netwerkkaart.png"), full_page=True)


def test_coordinator_builds_a_coalition_with_an_invited_partner(browser: Any, app_url: str) -> None:
    found = Found()
    SHOTS.mkdir(exist_ok=True)
    contexts = [browser.new_context(locale="nl-NL") for _ in range(3)]
    page, admin, invitee = (context.new_page() for context in contexts)
    try:
        login(page, app_url, "coordinator@demo.kansrijk.nl")
        _create_coalition(page, app_url, found)
        _propose_partner(page, found)
        _admin_accepts_and_confirms(admin, app_url, found)
        _invite(page, found)
        _invitee_joins(invitee, app_url, found)
        _admin_grants_membership(admin, app_url, found)
        # Let in by the organisation: the invitee now reaches the coalition.
        invitee.goto(f"{app_url}/coalities/")
        invitee.get_by_role("link", name=NAME).click()
        expect(invitee).to_have_url(re.compile(rf"/coalities/{SLUG}/$"))
        expect(invitee.get_by_role("main")).to_contain_text(NAME)
        found.axe(invitee)
        _zelfscan(page, app_url, found)
        _national_action(page, app_url, found)
        _agreement(page, app_url, found)
        _netwerkkaart(page, found)
    finally:
        for context in contexts:
            context.close()
    assert not found.violations, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(
        found.violations
    )
    assert not found.wide, f"Horizontaal scrollen op 320 px breed (scrollWidth): {found.wide}"
