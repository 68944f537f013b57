"""Start-up checks for the UI shell: an unknown theme name fails loudly instead of falling back."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from kansrijk.core.context_processors import THEMES


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


def register() -> None:
    checks.register(check_theme)
