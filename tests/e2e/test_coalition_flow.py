"""The coalition workspace in a real browser, as the demo coordinator and an invited partner.

Create a coalition, invite a partner (who accepts by creating an account), fill a zelfscan, adopt a
national action, add an agreement and see it on the netwerkkaart — axe-core checks every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, axe_violations, format_violations, login, server_log

pytestmark = pytest.mark.e2e

SLUG = "e2e-amersfoort"
NAME = "Kansrijke Start Amersfoort (e2e)"
INVITEE = "kraamzorg@e2e.example.org"
# Screenshots for a person to look at (test-results/ is ignored by git).
SHOTS = Path(__file__).resolve().parents[2] / "test-results"


def _axe(page: Any, found: dict[str, list[dict[str, Any]]]) -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    if violations:
        found[page.url] = violations


def _invitation_link(app_url: str) -> str:
    links = re.findall(r"https?://[^\s]+/coalities/uitnodiging/[A-Za-z0-9_\-]+/", server_log())
    assert links, "geen uitnodigingsmail in het serverlog"
    return app_url + "/coalities/uitnodiging/" + links[-1].rstrip("/").rsplit("/", 1)[1] + "/"


def test_coordinator_builds_a_coalition_with_an_invited_partner(browser: Any, app_url: str) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    SHOTS.mkdir(exist_ok=True)
    page = browser.new_context(locale="nl-NL").new_page()
    login(page, app_url, "coordinator@demo.kansrijk.nl", E2E_PASSWORD)

    # 1. Create the coalition.
    page.goto(f"{app_url}/coalities/")
    page.get_by_role("link", name="Nieuwe coalitie").click()
    _axe(page, found)
    page.get_by_label("Naam van de coalitie").fill(NAME)
    page.get_by_label("Webadres (slug)").fill(SLUG)
    page.get_by_label("Gemeenten").fill("Amersfoort")
    page.get_by_label("Kartrekker: bestaande organisatie").select_option(label="Gemeente Utrecht (demo)")
    page.get_by_role("button", name="Coalitie aanmaken").click()
    expect(page).to_have_url(re.compile(rf"/coalities/{SLUG}/$"))
    expect(page.get_by_role("main")).to_contain_text(NAME)
    _axe(page, found)

    page.screenshot(path=str(SHOTS / "home.png"), full_page=True)
    # 2. Invite a partner from a new organisation.
    page.get_by_role("navigation", name="Werkruimte van de coalitie").get_by_role(
        "link", name="Partners"
    ).click()
    _axe(page, found)
    form = page.locator("#invite-form")
    form.get_by_label("E-mailadres").fill(INVITEE)
    form.get_by_label("Of: naam van een nieuwe organisatie").fill("Kraamzorg Eemland (e2e)")
    form.get_by_label("Soort nieuwe organisatie").select_option(label="Kraamzorg")
    form.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_role("status").first).to_contain_text(INVITEE)

    # 3. The invitee follows the link from the mail and creates an account.
    invitee = browser.new_context(locale="nl-NL").new_page()
    invitee.goto(_invitation_link(app_url))
    _axe(invitee, found)
    invitee.get_by_label("Voornaam").fill("Karin")
    invitee.get_by_label("Achternaam").fill("Kraamzorg")
    invitee.get_by_label("Wachtwoord", exact=True).fill("een-lang-wachtwoord-e2e-42")
    invitee.get_by_label("Wachtwoord (nog een keer)").fill("een-lang-wachtwoord-e2e-42")
    invitee.get_by_role("button", name="Account aanmaken en uitnodiging aannemen").click()
    expect(invitee).to_have_url(re.compile(rf"/coalities/{SLUG}/$"))
    invitee.context.close()

    # 4. A zelfscan round, filled in by the coordinator.
    page.goto(f"{app_url}/coalities/{SLUG}/zelfscan/")
    page.get_by_label("Naam van de ronde").fill("Nulmeting 2026")
    page.get_by_label("Datum").fill("2026-12-01")
    page.get_by_role("button", name="Ronde starten").click()
    expect(page.get_by_role("status").first).to_contain_text("is gestart")
    _axe(page, found)
    page.get_by_role("link", name="Zelfscan invullen").click()
    _axe(page, found)
    groups = page.locator("fieldset:has(input[type=radio])")
    for i in range(groups.count()):
        groups.nth(i).get_by_label("4 – Mee eens").check()
    page.get_by_role("button", name="Antwoorden opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("Uw antwoorden zijn opgeslagen")
    _axe(page, found)

    # 5. Adopt national action 8 (prenataal huisbezoek JGZ).
    page.goto(f"{app_url}/coalities/{SLUG}/plan/")
    page.get_by_role("link", name="Landelijke acties overnemen").click()
    _axe(page, found)
    page.get_by_role("button", name="Overnemen (actie 8)").click()
    expect(page.get_by_role("status").first).to_contain_text("Landelijke actie 8 staat nu in het plan.")
    expect(page.get_by_text("Implementatie prenataal huisbezoek JGZ").first).to_be_visible()
    _axe(page, found)

    # 6. An agreement between the lead and the new partner; a review date before the start is refused.
    page.goto(f"{app_url}/coalities/{SLUG}/afspraken/")
    page.get_by_role("link", name="Afspraak toevoegen").click()
    page.get_by_label("Niveau").select_option(label="Uitvoering")
    page.get_by_label("Onderwerp").fill("Warme overdracht na de bevalling")
    page.get_by_label("Afspraak", exact=True).fill(
        "Kraamzorg meldt zorgen binnen twee dagen bij de gemeente."
    )
    partners = page.get_by_role("group", name="Partners die de afspraak maken")
    partners.get_by_label("Gemeente Utrecht (demo)").check()
    partners.get_by_label("Kraamzorg Eemland (e2e)").check()
    page.get_by_label("Ingangsdatum").fill("2026-01-01")
    page.get_by_label("Evaluatiedatum").fill("2025-12-31")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_text("De evaluatiedatum mag niet vóór de ingangsdatum liggen.").first).to_be_visible()
    _axe(page, found)
    page.get_by_label("Evaluatiedatum").fill("2027-01-01")
    page.get_by_role("button", name="Afspraak opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("is opgeslagen")
    _axe(page, found)

    # 7. The netwerkkaart: both partners, the agreement as a link, the missing partner kinds.
    page.get_by_role("navigation", name="Werkruimte van de coalitie").get_by_role(
        "link", name="Netwerkkaart"
    ).click()
    network = page.get_by_role("img", name=re.compile(f"Netwerkkaart van {re.escape(NAME)}"))
    expect(network).to_be_visible()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kraamzorg Eemland (e2e)")
    expect(main).to_contain_text("Warme overdracht na de bevalling")
    expect(main).to_contain_text("Huisartsenpraktijk")
    _axe(page, found)
    page.screenshot(path=str(SHOTS / "netwerkkaart.png"), full_page=True)
    page.context.close()
    assert not found, "axe-core vond WCAG 2.1 AA-problemen:\n" + format_violations(found)
