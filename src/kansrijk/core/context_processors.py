from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

THEMES = {
    "voorbeeld": "voorbeeld-theme",
    "utrecht": "utrecht-theme",
    "rijkshuisstijl": "rhc-theme",
}


def site(request: HttpRequest) -> dict[str, Any]:
    """Theme class and credit line for every page (the theme is chosen per installation)."""
    theme = settings.KANSRIJK_THEME if settings.KANSRIJK_THEME in THEMES else "voorbeeld"
    return {
        "theme": theme,
        "theme_class": THEMES[theme],
        "open_data_credit": "Bron: CBS / PDOK, CC BY 4.0",
    }
