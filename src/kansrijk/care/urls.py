"""The care layer's pages, mounted at /zorg/. Each part keeps its URL patterns in `paths/`."""

from __future__ import annotations

from kansrijk.care.paths import families, log, parent, screening

app_name = "care"
urlpatterns = [*families.urlpatterns, *screening.urlpatterns, *log.urlpatterns, *parent.urlpatterns]
