"""The page cache: rendered public content (startfoto, map data, PDFs) kept per worker process.

The default cache is shared by every worker (database or Redis, see settings.CACHES) because sign-in
throttles and allauth's TOTP replay guard live there. Public page content does not need that, and a
database round trip per lookup would cost more than it saves, so it stays in process memory here.
"""

from __future__ import annotations

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

PAGE_CACHE_ALIAS = "pages"

# Like django.core.cache.cache: resolves the alias per thread, so it is safe at module level.
page_cache = ConnectionProxy(caches, PAGE_CACHE_ALIAS)
