"""RequireMFA: every signed-in user without an authenticator app is sent to the TOTP set-up.

Every role, staff and superusers alike, and there is no setting to switch it off.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.messages import get_messages
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from kansrijk.accounts.checks import check_shared_cache
from kansrijk.accounts.middleware import MFA_REQUIRED_MESSAGE
from kansrijk.accounts.models import Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from tests.mfa import give_totp
from tests.personas import PASSWORD, Cast
from tests.system import TESTS

ACTIVATE_URL = "/account/2fa/totp/activate/"


def _without_totp(user: User) -> User:
    Authenticator.objects.filter(user=user).delete()
    return user


def test_there_is_no_setting_to_switch_it_off() -> None:
    assert not hasattr(settings, "KANSRIJK_MFA_REQUIRED_ROLES")
    assert "kansrijk.accounts.middleware.RequireMFA" in settings.MIDDLEWARE


@pytest.mark.parametrize("persona", ["coordinator", "partner_member", "national", "professional"])
def test_every_role_without_totp_is_sent_to_set_up(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(_without_totp(getattr(cast, persona)))
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 302 and response.url == ACTIVATE_URL
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(MFA_REQUIRED_MESSAGE)]


@pytest.mark.parametrize("role", [Role.PLATFORM_ADMIN, Role.ORG_ADMIN])
def test_admin_roles_without_totp_are_sent_to_set_up(client: Client, db: None, role: Role) -> None:
    user = user_create(email="beheerder@test.nl", password=PASSWORD, actor=TESTS)
    org = organisation_get_or_create(name="Beheer Test", kind="overig", actor=TESTS)
    membership_grant(user=user, organisation=org, role=role, actor=TESTS)
    client.force_login(user)
    assert client.get("/coalities/").url == ACTIVATE_URL


def test_user_without_any_role_is_sent_to_set_up(client: Client, db: None) -> None:
    client.force_login(user_create(email="nieuw@test.nl", password=PASSWORD, actor=TESTS))
    assert client.get("/").url == ACTIVATE_URL


def test_superuser_without_totp_cannot_use_the_admin(client: Client, db: None) -> None:
    admin = User.objects.create_superuser(email="root@test.nl", password=PASSWORD)
    client.force_login(admin)
    response = client.get("/beheer/")
    assert response.status_code == 302 and response.url == ACTIVATE_URL
    assert client.get("/beheer/accounts/user/").url == ACTIVATE_URL
    give_totp(admin)
    assert client.get("/beheer/").status_code == 200


@pytest.mark.parametrize("path", ["/account/2fa/", "/account/mijn/", "/account/logout/", "/gezond/"])
def test_account_pages_stay_reachable(client: Client, cast: Cast, path: str) -> None:
    client.force_login(_without_totp(cast.professional))
    assert client.get(path).status_code == 200


def test_htmx_request_gets_a_client_redirect(client: Client, cast: Cast) -> None:
    client.force_login(_without_totp(cast.professional))
    response = client.get("/toegankelijkheid/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["HX-Redirect"] == ACTIVATE_URL


def test_visitors_are_not_affected(client: Client, db: None) -> None:
    assert client.get("/toegankelijkheid/").status_code == 200


def test_user_with_totp_passes(client: Client, cast: Cast) -> None:
    client.force_login(cast.professional)  # personas have an authenticator app (tests/mfa.py)
    assert client.get("/toegankelijkheid/").status_code == 200


def test_a_per_process_cache_fails_the_start_up_check(settings: SettingsWrapper) -> None:
    assert check_shared_cache() == []
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    assert [e.id for e in check_shared_cache()] == ["kansrijk.E020"]
