"""What a page of the shell (home, "over de data") shows from a domain app, without core importing it.

Core is shared and imports no domain app (import contracts, pyproject.toml). An app that has something
to show on such a page registers a provider in its `AppConfig.ready()`; the core view merges what the
providers return into its template context. With no provider (an app left out) the page still renders.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

ContextProvider = Callable[[], dict[str, Any]]

HOME = "home"
ABOUT_DATA = "over-data"

_providers: dict[str, list[ContextProvider]] = {}


def register_page_context(page: str, provider: ContextProvider) -> None:
    """Add `provider`'s context to `page` (HOME or ABOUT_DATA). Registering the same one twice is a no-op."""
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)


def page_context(page: str) -> dict[str, Any]:
    """The merged context of every provider of `page`, evaluated now (per request)."""
    context: dict[str, Any] = {}
    for provider in _providers.get(page, []):
        context.update(provider())
    return context
