"""The care layer's pages, mounted at /zorg/. Each part keeps its URL patterns in `paths/`."""

from __future__ import annotations

from kansrijk.care.paths import clients, families, log, parent, referrals, screening, worklists

app_name = "care"
urlpatterns = [
    *families.urlpatterns,
    *screening.urlpatterns,
    *referrals.urlpatterns,
    *worklists.urlpatterns,
    *clients.urlpatterns,
    *log.urlpatterns,
    *parent.urlpatterns,
]
