"""Account tests: personas, a clean cache (rate limits and allauth's TOTP replay guard live there)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from kansrijk.accounts.models import User
from kansrijk.accounts.selectors import user_totp_secret
from tests.mfa import totp_code
from tests.personas import PASSWORD, Cast, make_cast

LOGIN_URL = "/account/login/"
MFA_URL = "/account/2fa/authenticate/"


@pytest.fixture(autouse=True)
def _clean_cache(db: None) -> Iterator[None]:
    # The database cache rolls back with each test, but Redis (KANSRIJK_REDIS_URL) keeps its entries:
    # without this, one test's failed logins would throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


def login_via_form(client: Client, email: str, password: str = PASSWORD) -> None:
    """Log in through allauth's forms (not force_login): password, then the authenticator code."""
    response = client.post(LOGIN_URL, {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == MFA_URL, response.url
    secret = user_totp_secret(User.objects.get(email=email.lower()))
    assert secret is not None
    response = client.post(MFA_URL, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
