from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

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


def language_next(request: HttpRequest) -> dict[str, str]:
    """Where the language switch returns to: this page when it answers GET; after a POST (a form shown
    again with its errors, possibly at a POST-only address) the page the form came from, so switching
    language never lands on a bare "405 method not allowed" (issue 10, post/redirect/get everywhere)."""
    if request.method in ("GET", "HEAD"):
        return {"language_next": request.get_full_path()}
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}):
        parts = urlsplit(referer)
        return {"language_next": parts.path + (f"?{parts.query}" if parts.query else "")}
    return {"language_next": "/"}
