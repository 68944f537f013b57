"""Start-up check: sign-in throttles must live in a cache that every worker process shares.

allauth keeps its rate-limit counters and its TOTP replay guard in the default cache. A per-process
cache (local memory, or the dummy cache that forgets everything) would multiply the allowed guesses by
the number of workers and let a TOTP code be used twice, so such a configuration must not start.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

PER_PROCESS_BACKENDS = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in PER_PROCESS_BACKENDS:
        return []
    return [
        checks.Error(
            f"De standaard-cache ({backend}) is niet gedeeld tussen processen: inlogbeperkingen en de "
            "bescherming tegen hergebruik van TOTP-codes werken dan niet",
            hint="Gebruik de databasecache (standaard) of Redis via KANSRIJK_REDIS_URL.",
            id="kansrijk.E020",
        )
    ]


def register() -> None:
    checks.register(check_shared_cache, checks.Tags.security)
