"""Logging in and out: our layout, Dutch texts, audit events, the rate limit and the session lifetime."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kansrijk.audit.models import AuditEvent
from tests.accounts.conftest import LOGIN_URL, MFA_URL, login_via_form
from tests.mfa import give_totp, totp_code
from tests.personas import PASSWORD, Cast

WRONG = "Het door jou opgegeven e-mailadres en/of wachtwoord is niet correct."
THROTTLED = "Te veel inlogpogingen. Probeer het later nogmaals."


def _post_login(client: Client, email: str, password: str) -> str:
    return client.post(LOGIN_URL, {"login": email, "password": password}).content.decode()


def test_login_page_uses_our_layout_in_dutch(client: Client, db: None) -> None:
    html = client.get(LOGIN_URL).content.decode()
    assert '<html lang="nl"' in html
    assert 'href="#main"' in html and '<main id="main"' in html
    assert '<h1 class="utrecht-heading-1">Inloggen</h1>' in html
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html
    assert '<label class="utrecht-form-label" for="id_login">E-mailadres</label>' in html
    assert "Wachtwoord vergeten?" in html
    # No open sign-up, so no invitation to sign up and no "remember me" on shared computers.
    assert "signup" not in html and "id_remember" not in html


def test_login_succeeds_after_the_code_and_is_audited(client: Client, cast: Cast) -> None:
    response = client.post(LOGIN_URL, {"login": cast.coordinator.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == MFA_URL
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    response = client.post(MFA_URL, {"code": totp_code(give_totp(cast.coordinator))})
    assert response.status_code == 302 and response.url == "/start/"  # then to where the work is
    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor == cast.coordinator and event.object_id == str(cast.coordinator.public_id)


def test_wrong_password_is_refused_and_audited_without_the_password(client: Client, cast: Cast) -> None:
    html = _post_login(client, cast.coordinator.email.upper(), "niet-het-wachtwoord")
    assert WRONG in html and 'role="alert"' in html
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor is None
    assert event.object_id == str(cast.coordinator.public_id)
    assert event.changes == {"login": cast.coordinator.email}
    assert not AuditEvent.objects.filter(action="auth.login").exists()


def test_unknown_address_is_refused_with_the_same_message(client: Client, cast: Cast) -> None:
    # The same message as a wrong password: the page must not reveal which addresses have an account.
    html = _post_login(client, "niemand@example.org", "wat-dan-ook-123")
    assert WRONG in html
    assert AuditEvent.objects.get(action="auth.login_failed").object_id == ""


def test_sixth_wrong_attempt_is_throttled_even_with_the_right_password(client: Client, cast: Cast) -> None:
    for _ in range(5):
        assert WRONG in _post_login(client, cast.coordinator.email, "fout-wachtwoord")
    assert THROTTLED in _post_login(client, cast.coordinator.email, "fout-wachtwoord")
    assert THROTTLED in _post_login(client, cast.coordinator.email, PASSWORD)
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 5
    assert AuditEvent.objects.filter(action="auth.login_throttled").count() == 2


def test_another_account_from_another_address_is_not_throttled(cast: Cast) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(6):
        _post_login(attacker, cast.coordinator.email, "fout-wachtwoord")
    colleague = Client(REMOTE_ADDR="10.0.0.2")
    login_via_form(colleague, cast.national.email)


def test_session_ends_after_session_cookie_age(client: Client, cast: Cast) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_via_form(client, cast.coordinator.email)
    age = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    with time_machine.travel(start + age - dt.timedelta(minutes=1), tick=False):
        assert client.get("/account/mijn/").status_code == 200
    with time_machine.travel(start + age + dt.timedelta(seconds=1), tick=False):
        response = client.get("/account/mijn/")
    assert response.status_code == 302 and response.url.startswith(LOGIN_URL)


def test_session_cookie_ends_with_the_browser(client: Client, cast: Cast) -> None:
    login_via_form(client, cast.coordinator.email)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["expires"] and not cookie["max-age"]


def test_logout_needs_a_post(client: Client, cast: Cast) -> None:
    login_via_form(client, cast.coordinator.email)
    html = client.get("/account/logout/").content.decode()
    assert "Weet u zeker dat u wilt uitloggen?" in html
    assert "_auth_user_id" in client.session
    response = client.post("/account/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/account/password/reset/", "/account/login/"])
def test_entrance_pages_render_in_dutch_layout(client: Client, db: None, path: str) -> None:
    html = client.get(path).content.decode()
    assert '<html lang="nl"' in html and "Bron: CBS / PDOK, CC BY 4.0" in html
