"""Account tests: personas, a clean cache (rate limits and allauth's TOTP replay guard live there)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tests.personas import PASSWORD, Cast, make_cast

LOGIN_URL = "/account/login/"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # locmem survives between tests: without this, one test's failed logins would throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


def login_via_form(client: Client, email: str, password: str = PASSWORD) -> None:
    """Log in through allauth's form (not force_login), so allauth records the authentication."""
    response = client.post(LOGIN_URL, {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
