"""Two-step verification (TOTP + recovery codes) in our layout, with audit events for changes and failures."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from tests.accounts.conftest import LOGIN_URL, MFA_URL, login_via_form
from tests.mfa import give_totp, totp_code
from tests.personas import PASSWORD, Cast

ACTIVATE_URL = "/account/2fa/totp/activate/"


def new_user_signed_in(client: Client, user: User) -> None:
    """A user who has not set up an authenticator app yet (personas have one), signed in with a password."""
    Authenticator.objects.filter(user=user).delete()
    response = client.post(LOGIN_URL, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def reauthenticate(client: Client) -> None:
    # allauth asks for the password again before any change to the authenticators (a fresh login is not enough).
    response = client.post("/account/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:3000]


def activate_totp(client: Client, captured: object) -> str:
    reauthenticate(client)
    client.get(ACTIVATE_URL)
    secret = client.session[SECRET_SESSION_KEY]
    with captured(execute=True):  # type: ignore[operator]
        response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:3000]
    return secret


def test_mfa_index_renders_in_our_layout(client: Client, cast: Cast) -> None:
    login_via_form(client, cast.coordinator.email)
    html = client.get("/account/2fa/").content.decode()
    assert '<html lang="nl"' in html and '<main id="main"' in html
    assert 'aria-label="Mijn account"' in html  # the account sub-navigation
    assert "utrecht-heading-1" in html and "Herstelcodes" in html


def test_without_an_app_the_first_login_leads_to_the_set_up(client: Client, cast: Cast) -> None:
    Authenticator.objects.filter(user=cast.coordinator).delete()
    response = client.post(LOGIN_URL, {"login": cast.coordinator.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0].startswith(("/account/reauthenticate/", ACTIVATE_URL))
    assert client.get("/coalities/").url == ACTIVATE_URL


def test_activate_page_shows_qr_and_secret(client: Client, cast: Cast) -> None:
    new_user_signed_in(client, cast.coordinator)
    assert client.get(ACTIVATE_URL).url.startswith("/account/reauthenticate/")
    reauthenticate(client)
    html = client.get(ACTIVATE_URL).content.decode()
    assert "Activeer authenticator-app" in html
    assert 'alt="QR-code om te scannen' in html
    assert client.session[SECRET_SESSION_KEY] in html


def test_activation_with_a_valid_code_is_audited(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: object, settings: object
) -> None:
    # allauth sends its notification mail on commit, which the test runs after the request is gone.
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = False  # type: ignore[attr-defined]
    new_user_signed_in(client, cast.coordinator)
    activate_totp(client, django_capture_on_commit_callbacks)
    assert Authenticator.objects.filter(user=cast.coordinator, type=Authenticator.Type.TOTP).exists()
    event = AuditEvent.objects.get(action="mfa.authenticator_added", changes__type="totp")
    assert event.actor == cast.coordinator
    # The recovery codes come with it and are shown in our layout.
    html = client.get("/account/2fa/recovery-codes/").content.decode()
    assert '<html lang="nl"' in html and "utrecht-textarea" in html


def test_activation_with_a_wrong_code_is_refused(client: Client, cast: Cast) -> None:
    new_user_signed_in(client, cast.coordinator)
    reauthenticate(client)
    client.get(ACTIVATE_URL)
    html = client.post(ACTIVATE_URL, {"code": "000000"}).content.decode()
    assert "Ongeldige code." in html and 'aria-invalid="true"' in html
    assert not Authenticator.objects.filter(user=cast.coordinator).exists()
    assert not AuditEvent.objects.filter(action="mfa.authenticator_added").exists()


def test_login_with_totp_asks_for_the_code(client: Client, cast: Cast) -> None:
    secret = give_totp(cast.professional)
    response = client.post(LOGIN_URL, {"login": cast.professional.email, "password": PASSWORD})
    assert response.status_code == 302 and response.url == MFA_URL
    html = client.get(response.url).content.decode()
    assert '<h1 class="utrecht-heading-1">Tweestapsverificatie</h1>' in html and '<html lang="nl"' in html
    assert "_auth_user_id" not in client.session  # not logged in before the second step
    response = client.post(MFA_URL, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.professional.pk)
    assert AuditEvent.objects.filter(action="auth.login", actor=cast.professional).exists()


def test_wrong_second_step_code_is_refused_and_audited(client: Client, cast: Cast) -> None:
    client.post(LOGIN_URL, {"login": cast.professional.email, "password": PASSWORD})
    html = client.post(MFA_URL, {"code": "000000"}).content.decode()
    assert "Ongeldige code." in html
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="mfa.authentication_failed")
    assert event.object_id == str(cast.professional.public_id) and event.changes == {"type": "totp"}


def test_a_code_cannot_be_used_twice(client: Client, cast: Cast) -> None:
    # allauth's replay guard lives in the shared cache, so it holds across worker processes too.
    secret = give_totp(cast.professional)
    code = totp_code(secret)
    client.post(LOGIN_URL, {"login": cast.professional.email, "password": PASSWORD})
    assert client.post(MFA_URL, {"code": code}).status_code == 302
    again = Client()
    again.post(LOGIN_URL, {"login": cast.professional.email, "password": PASSWORD})
    assert "Ongeldige code." in again.post(MFA_URL, {"code": code}).content.decode()
    assert "_auth_user_id" not in again.session
