"""Menukaart, local offer and balans. Mounted at the site root: paths carry their own prefixes."""

from __future__ import annotations

from kansrijk.interventions.paths import balans, menukaart

app_name = "interventions"
urlpatterns = [*menukaart.urlpatterns, *balans.urlpatterns]
