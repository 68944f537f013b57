"""Routes: the balans of a coalition (phase × theme), its notes, the per-wijk view and the PDF."""

from __future__ import annotations

from django.urls import path

from kansrijk.interventions.views import balans

urlpatterns = [
    path("coalities/<slug:slug>/balans/", balans.balans, name="balans"),
    path("coalities/<slug:slug>/balans/wijken/", balans.wijken, name="balans_wijken"),
    path("coalities/<slug:slug>/balans/<slug:fase>/<slug:thema>/", balans.balans_cel, name="balans_cel"),
    path("coalities/<slug:slug>/balans.pdf", balans.pdf, name="balans_pdf"),
]
