"""Sign-in throttles live in a cache every worker process sees: the database by default, Redis when
KANSRIJK_REDIS_URL is set. With the old per-process (local memory) cache, each gunicorn worker counted
on its own, so the limit multiplied by the number of workers."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import connection
from django.test import Client
from pytest_django.fixtures import Settings

from tests.accounts.conftest import LOGIN_URL
from tests.personas import PASSWORD, Cast

# CI runs a Redis server for both passes: KANSRIJK_REDIS_URL makes it the default cache in one of them,
# KANSRIJK_TEST_REDIS_URL lets this test use it in the other (a skipped test fails the CI run).
REDIS_URL = os.environ.get("KANSRIJK_REDIS_URL") or os.environ.get("KANSRIJK_TEST_REDIS_URL", "")
THROTTLED = "Te veel inlogpogingen. Probeer het later nogmaals."


def _fail_five_times(email: str) -> None:
    worker_one = Client()
    for _ in range(5):
        worker_one.post(LOGIN_URL, {"login": email, "password": "fout-wachtwoord"})


def _throttled_elsewhere(email: str) -> bool:
    # Another client (a fresh session, as on another worker), after every per-process cache is emptied.
    for alias in settings.CACHES:
        if caches[alias].__class__.__name__ == "LocMemCache":
            caches[alias].clear()
    worker_two = Client()
    html = worker_two.post(LOGIN_URL, {"login": email, "password": PASSWORD}).content.decode()
    return THROTTLED in html and "_auth_user_id" not in worker_two.session


def test_without_redis_the_default_cache_is_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    import kansrijk.settings

    monkeypatch.delenv("KANSRIJK_REDIS_URL", raising=False)
    fresh = importlib.reload(kansrijk.settings)
    try:
        assert fresh.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert fresh.CACHES["pages"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
        monkeypatch.setenv("KANSRIJK_REDIS_URL", "redis://127.0.0.1:6390/0")
        fresh = importlib.reload(kansrijk.settings)
        assert fresh.CACHES["default"] == {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6390/0",
        }
    finally:
        monkeypatch.undo()
        importlib.reload(kansrijk.settings)


def test_throttle_counter_is_stored_in_the_database_cache(cast: Cast, settings: Settings) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.CACHE_TABLE,
        },
    }
    call_command("createcachetable", verbosity=0)  # not there when the suite runs with Redis
    _fail_five_times(cast.coordinator.email)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT cache_key FROM {settings.CACHE_TABLE}")  # noqa: S608 - our own setting
        keys = [row[0] for row in cursor.fetchall()]
    assert any("login_failed" in key for key in keys), keys
    assert _throttled_elsewhere(cast.coordinator.email)


@pytest.fixture
def redis_cache(settings: Settings) -> Iterator[None]:
    if not REDIS_URL:
        pytest.skip("KANSRIJK_REDIS_URL / KANSRIJK_TEST_REDIS_URL is niet gezet (CI zet ze)")
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL},
    }
    cache.clear()
    yield
    cache.clear()


def test_throttle_counter_is_stored_in_redis(cast: Cast, redis_cache: None) -> None:
    import redis

    _fail_five_times(cast.coordinator.email)
    # A separate connection, as another worker (or another machine) would have.
    assert redis.Redis.from_url(REDIS_URL).keys("*login_failed*")
    assert _throttled_elsewhere(cast.coordinator.email)
