"""The demo coordinator logs in with password and authenticator code, a replayed code is refused, the
admin has no login form of its own, and logging out ends the session."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E_PASSWORD, E2E_TOTP_SECRET, axe_violations, fresh_totp, login

pytestmark = pytest.mark.e2e

EMAIL = "coordinator@demo.kansrijk.nl"


def _password_step(page: Any, app_url: str, email: str = EMAIL) -> None:
    page.goto(f"{app_url}/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(E2E_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_coordinator_logs_in_with_a_code_and_logs_out(page: Any, app_url: str) -> None:
    _password_step(page, app_url)
    # The password alone is not enough: the second step asks for the code, in our layout.
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie")
    assert axe_violations(page) == []
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Ongeldige code.")).to_be_visible()
    assert axe_violations(page) == []  # the error state, too

    code = fresh_totp(EMAIL, E2E_TOTP_SECRET)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("link", name="Mijn account")).to_be_visible()
    page.get_by_role("link", name="Mijn account").click()
    expect(page.get_by_text("Tweestapsverificatie met een authenticator-app staat aan.")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("link", name="Inloggen")).to_be_visible()
    page.goto(f"{app_url}/account/mijn/")
    expect(page).to_have_url(re.compile(r"/account/login/"))

    # The same code again is refused, whichever worker process answers (the guard is in the shared cache).
    _password_step(page, app_url)
    expect(page).to_have_url(re.compile(r"/account/2fa/authenticate/$"))
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_text("Ongeldige code.")).to_be_visible()


def test_admin_login_goes_through_the_one_login(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/beheer/")
    expect(page).to_have_url(re.compile(r"/account/login/\?next=%2Fbeheer%2F$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    login(page, app_url, "beheer@demo.kansrijk.nl")  # not staff: the admin stays closed
    response = page.goto(f"{app_url}/beheer/")
    assert response is not None and response.status == 403


def test_wrong_password_is_refused_in_dutch(page: Any, app_url: str) -> None:
    page.goto(f"{app_url}/account/login/")
    page.get_by_label("E-mail").fill("landelijk@demo.kansrijk.nl")
    page.get_by_label("Wachtwoord").fill("dit-is-niet-het-wachtwoord")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_contain_text("wachtwoord is niet correct")
    assert axe_violations(page) == []  # the error state of the form, too
