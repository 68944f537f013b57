"""The page cache: rendered public content (startfoto, map data).

With Redis (`KANSRIJK_REDIS_URL`) it is shared by every worker, so a page warmed after an import
(`startfoto/prerender.py`) is warm for all of them, also for a worker that has just started. Without
Redis it stays in each worker's memory: a database round trip per lookup would cost more than it saves.
Startfoto PDFs are not kept here but in files (`startfoto/pdf_store.py`).
"""

from __future__ import annotations

from django.core.cache import caches
from django.utils.connection import ConnectionProxy

PAGE_CACHE_ALIAS = "pages"

# Like django.core.cache.cache: resolves the alias per thread, so it is safe at module level.
page_cache = ConnectionProxy(caches, PAGE_CACHE_ALIAS)
