"""RequireMFAForRoles: listed roles without an authenticator app are sent to the TOTP set-up."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.messages import get_messages
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kansrijk.accounts.checks import check_mfa_roles
from kansrijk.accounts.middleware import MFA_REQUIRED_MESSAGE
from tests.personas import Cast

ACTIVATE_URL = "/account/2fa/totp/activate/"


@pytest.fixture
def require_professional(settings: SettingsWrapper) -> None:
    settings.KANSRIJK_MFA_REQUIRED_ROLES = ["professional"]


def test_by_default_nobody_is_forced(client: Client, cast: Cast) -> None:
    client.force_login(cast.professional)
    assert client.get("/toegankelijkheid/").status_code == 200


def test_professional_without_totp_is_sent_to_set_up(
    client: Client, cast: Cast, require_professional: None
) -> None:
    client.force_login(cast.professional)
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 302 and response.url == ACTIVATE_URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(MFA_REQUIRED_MESSAGE)]


@pytest.mark.parametrize("path", ["/account/2fa/", "/account/mijn/", "/account/logout/", "/gezond/"])
def test_account_pages_stay_reachable(
    client: Client, cast: Cast, require_professional: None, path: str
) -> None:
    client.force_login(cast.professional)
    assert client.get(path).status_code == 200


def test_htmx_request_gets_a_client_redirect(client: Client, cast: Cast, require_professional: None) -> None:
    client.force_login(cast.professional)
    response = client.get("/toegankelijkheid/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Redirect"] == ACTIVATE_URL


def test_other_roles_and_visitors_are_not_affected(
    client: Client, cast: Cast, require_professional: None
) -> None:
    assert client.get("/toegankelijkheid/").status_code == 200
    client.force_login(cast.coordinator)
    assert client.get("/toegankelijkheid/").status_code == 200


def test_professional_with_totp_passes(client: Client, cast: Cast, require_professional: None) -> None:
    TOTP.activate(cast.professional, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(cast.professional)
    assert client.get("/toegankelijkheid/").status_code == 200


def test_unknown_role_fails_the_start_up_check(settings: SettingsWrapper) -> None:
    settings.KANSRIJK_MFA_REQUIRED_ROLES = ["profesional"]
    errors = check_mfa_roles()
    assert [e.id for e in errors] == ["kansrijk.E001"] and "profesional" in errors[0].msg
    settings.KANSRIJK_MFA_REQUIRED_ROLES = ["professional", "coordinator"]
    assert check_mfa_roles() == []
