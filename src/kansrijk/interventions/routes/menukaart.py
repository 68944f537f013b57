"""Routes: the national menukaart (public) and its management (platform admin); the local offer."""

from __future__ import annotations

from django.urls import path

from kansrijk.interventions.views import _stub

urlpatterns = [
    path("menukaart/", _stub.public_page, name="menukaart"),
    path("coalities/<slug:slug>/aanbod/", _stub.coalition_page, name="aanbod"),
]
