"""The demo coordinator logs in, turns on two-step verification, logs in again with a code, and logs out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, axe_violations, login, totp_now

pytestmark = pytest.mark.e2e

EMAIL = "coordinator@demo.kansrijk.nl"


def _confirm_password_if_asked(page: Any) -> None:
    # allauth asks for the password again before any change to the authenticators.
    if "/account/reauthenticate/" in page.url:
        page.get_by_label("Wachtwoord").fill(E2E_PASSWORD)
        page.get_by_role("button", name="Bevestigen").click()


def test_coordinator_activates_totp_and_logs_out(page: Any, app_url: str) -> None:
    login(page, app_url, EMAIL)
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()

    page.get_by_role("link", name="Mijn account").click()
    page.get_by_role("link", name="Tweestapsverificatie instellen").click()
    _confirm_password_if_asked(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activeer authenticator-app")
    assert axe_violations(page) == []
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill(totp_now(secret))
    page.get_by_role("button", name="Activeer").click()
    expect(page.get_by_role("status").first).to_contain_text("geactiveerd")
    assert axe_violations(page) == []  # the recovery codes page

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()

    # Next login asks for the second step, in our layout.
    login(page, app_url, EMAIL)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert axe_violations(page) == []
    page.get_by_label("Code").fill(totp_now(secret))
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()

    # Leave the shared e2e database as we found it: turn two-step verification off again.
    page.goto(f"{app_url}/account/2fa/totp/deactivate/")
    _confirm_password_if_asked(page)
    page.get_by_role("button", name="Deactiveer").click()
    expect(page.get_by_role("status").first).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    page.goto(f"{app_url}/account/mijn/")
    expect(page).to_have_url(re.compile(r"/account/login/"))


def test_wrong_password_is_refused_in_dutch(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/account/login/")
    page.get_by_label("E-mail").fill("landelijk@demo.kansrijk.nl")
    page.get_by_label("Wachtwoord").fill("dit-is-niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("wachtwoord is niet correct")
    assert axe_violations(page) == []  # the error state of the form, too
