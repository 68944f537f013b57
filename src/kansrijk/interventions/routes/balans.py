"""Routes: the balans of a coalition (phase × theme), its notes, the per-wijk view and the PDF."""

from __future__ import annotations

from django.urls import path

from kansrijk.interventions.views import _stub

urlpatterns = [
    path("coalities/<slug:slug>/balans/", _stub.coalition_page, name="balans"),
]
