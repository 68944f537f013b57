"""The Reuring story goes on in a real browser (issue 12): referral to debt help along the klantroute.

The demo's Reuring family (seed 002) has a finished screening with debts, the level "kwetsbaar" decided
with the client, and the mother's consent to share with the social team's organisation. The midwife opens
"Verwijzen", sees the financiën route's proposals with the data that would go along, picks the social
team's step and sends. The demo's own referral for debt help to the social team is still open, so she is
told (one open referral per family, organisation and theme); she withdraws that one and sends hers. The
social worker opens the referral (received), plans the joint contact with the
family and the midwife (warm handover), accepts, records that the joint contact was held and the first
contact. The midwife sees the feedback: status and date. axe-core checks every page; the referral pages
must fit a 320 px screen.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import format_violations, login
from tests.e2e.test_care_reuring import NARROW, Found, _status, contexts  # noqa: F401 - a fixture

pytestmark = pytest.mark.e2e

MIDWIFE = "verloskundige@demo.kansrijk.nl"
SOCIAL = "wijkteam@demo.kansrijk.nl"
REURING = "Roos Reuring"
RECEIVER = "Verwijzen naar Sociaal Wijkteam Oost (demo), Wijkteam Oost"
REASON = "Schulden en de vader is net zijn baan kwijt. Het gezin wil hulp met de post (e2e)."
ALREADY_OPEN = "Er loopt al een verwijzing van dit gezin naar deze organisatie voor dit thema."
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
REFERRAL_URL = re.compile(r"/zorg/gezinnen/[0-9a-f-]{36}/verwijzingen/[0-9a-f-]{36}/$")


def _pick_and_send(page: Any) -> None:
    page.get_by_label(RECEIVER).check()
    page.get_by_label("Reden van de verwijzing").fill(REASON)
    page.get_by_role("button", name="Opslaan en versturen").click()


def _withdraw_the_demos_referral(page: Any, family_url: str) -> None:
    page.goto(family_url)
    referrals = page.get_by_role("region", name="Verwijzingen")
    referrals.get_by_role("link", name=re.compile(r"^Naar Sociaal Wijkteam Oost \(demo\)")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwijzing naar Sociaal Wijkteam Oost (demo)")
    page.get_by_label("Waarom trekt u de verwijzing in?").fill("Vervangen door een nieuwe verwijzing (e2e).")
    page.get_by_role("button", name="Verwijzing intrekken").click()
    _status(page, "De verwijzing staat nu op: Ingetrokken door de verwijzer.")


def _midwife_refers(page: Any, app_url: str, found: Found) -> str:
    login(page, app_url, MIDWIFE)
    page.goto(f"{app_url}/zorg/")
    page.get_by_role("link", name=REURING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(REURING)
    family_url = str(page.url)
    referrals = page.get_by_role("region", name="Verwijzingen")
    expect(referrals).to_contain_text("Naar Sociaal Wijkteam Oost (demo)")  # the demo's own referral
    referrals.get_by_role("link", name="Verwijzen naar hulp uit de klantroute").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwijzen")
    proposals = page.get_by_role("region", name="Financiële problemen en schulden")
    expect(proposals).to_contain_text("Steun thuis bij de administratie")
    # Data minimisation, shown before sending: money matters go along, the pregnancy does not.
    expect(proposals).to_contain_text("Geld, wonen en veiligheid")
    expect(proposals).not_to_contain_text("Zwangerschap en gezondheid")
    found.check(page, "verwijzen", narrow=True)
    _pick_and_send(page)
    # The demo's own debt-help referral to the social team is still open: refused, and she is told why.
    expect(page.get_by_role("heading", level=1)).to_have_text("Verwijzen")
    expect(page.get_by_role("main")).to_contain_text(ALREADY_OPEN)
    found.check(page, "verwijzen (loopt al)", narrow=True)
    _withdraw_the_demos_referral(page, family_url)
    page.goto(family_url)
    page.get_by_role("region", name="Verwijzingen").get_by_role(
        "link", name="Verwijzen naar hulp uit de klantroute"
    ).click()
    _pick_and_send(page)
    expect(page).to_have_url(REFERRAL_URL)
    _status(page, "De verwijzing is verstuurd.")
    expect(page.get_by_role("main")).to_contain_text("Verstuurd")
    found.check(page, "verwijzing (verwijzer)", narrow=True)
    return str(page.url)


def _social_worker_takes_it_on(page: Any, app_url: str, referral_url: str, found: Found) -> None:
    login(page, app_url, SOCIAL)
    page.goto(referral_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verwijzing van Verloskundigenpraktijk De Wieg (demo)"
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("Ontvangen")
    expect(main).to_contain_text(REASON)
    found.check(page, "verwijzing (ontvanger)", narrow=True)
    today = timezone.localdate().isoformat()
    warm = page.get_by_role("region", name="Warme overdracht")
    warm.get_by_label("Gepland", exact=True).check()
    warm.get_by_label("Gepland op").fill(today)
    warm.get_by_role("button", name="Warme overdracht opslaan").click()
    _status(page, "De warme overdracht is bijgewerkt.")
    page.get_by_role("button", name="Accepteren").click()
    _status(page, "De verwijzing staat nu op: Geaccepteerd.")
    found.check(page, "verwijzing geaccepteerd", narrow=True)
    warm = page.get_by_role("region", name="Warme overdracht")
    warm.get_by_label("Gehouden", exact=True).check()
    warm.get_by_label("Gehouden op").fill(today)
    warm.get_by_role("button", name="Warme overdracht opslaan").click()
    _status(page, "De warme overdracht is bijgewerkt.")
    page.get_by_label("Datum van het eerste contact").fill(today)
    page.get_by_role("button", name="Eerste contact vastleggen").click()
    _status(page, "De verwijzing staat nu op: Eerste contact geweest.")
    found.check(page, "eerste contact", narrow=True)


def test_reuring_referral_to_debt_help_closes_the_loop(contexts: Any, app_url: str) -> None:  # noqa: F811
    found = Found()
    midwife = contexts()
    referral_url = _midwife_refers(midwife, app_url, found)

    social = contexts()
    _social_worker_takes_it_on(social, app_url, referral_url, found)

    # The loop is closed: the midwife sees status and date of the first contact.
    midwife.goto(referral_url)
    main = midwife.get_by_role("main")
    expect(main).to_contain_text("Eerste contact geweest")
    today = timezone.localdate()
    expect(main).to_contain_text(f"{today.day} {MONTHS[today.month - 1]} {today.year}")
    expect(midwife.get_by_role("region", name="Warme overdracht")).to_contain_text("Gehouden")
    found.check(midwife, "terugkoppeling", narrow=True)

    assert not found.violations, format_violations(found.violations)
    assert not found.wide, f"breder dan {NARROW}px: {found.wide}"
