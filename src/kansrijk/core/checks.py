"""Start-up checks: an unknown theme fails loudly instead of falling back, and a production
installation (KANSRIJK_PRODUCTION=true) cannot start with debug mode, a weak secret key or without HSTS."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from kansrijk.core.context_processors import THEMES

# The same bar as Django's security.W009 (check --deploy), but an error in production mode.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def check_theme(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.KANSRIJK_THEME in THEMES:
        return []
    return [
        checks.Error(
            f"KANSRIJK_THEME={settings.KANSRIJK_THEME!r} is geen bekend thema",
            hint=f"Kies uit: {', '.join(THEMES)}",
            id="kansrijk.E002",
        )
    ]


def _weak_secret_key(key: str) -> bool:
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE
        or key.startswith("django-insecure-")
        or key.startswith("local-only-insecure-key")
    )


def check_production(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """In production mode, refuse what `check --deploy` only warns about (and nobody runs by hand)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    errors: list[checks.CheckMessage] = []
    if settings.DEBUG:
        errors.append(
            checks.Error(
                "KANSRIJK_DEBUG=true in productie: foutpagina's tonen dan instellingen en gegevens",
                hint="Zet KANSRIJK_DEBUG=false (of laat de variabele weg).",
                id="kansrijk.E010",
            )
        )
    if _weak_secret_key(str(settings.SECRET_KEY or "")):
        errors.append(
            checks.Error(
                "KANSRIJK_SECRET_KEY is te kort of te eenvoudig voor productie",
                hint=f"Gebruik minstens {SECRET_KEY_MIN_LENGTH} willekeurige tekens, bijvoorbeeld uit "
                "`python -c 'import secrets; print(secrets.token_urlsafe(64))'`.",
                id="kansrijk.E011",
            )
        )
    if not settings.SECURE_HSTS_SECONDS:
        errors.append(
            checks.Error(
                "KANSRIJK_HSTS_SECONDS is 0 in productie: browsers mogen de site dan over http openen",
                hint="Zet KANSRIJK_HSTS_SECONDS, bijvoorbeeld op 31536000 (een jaar), als de site alleen "
                "over https bereikbaar is.",
                id="kansrijk.E012",
            )
        )
    return errors


def register() -> None:
    checks.register(check_theme)
    checks.register(check_production, checks.Tags.security)
