"""Care URL patterns: screening, the level decided with the client, and the instruments (platform admin)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import instruments, screening

_F = "gezinnen/<uuid:public_id>/"
_S = _F + "screening/<uuid:screening_id>/"

urlpatterns: list[URLPattern] = [
    path(_F + "screening/nieuw/", screening.screening_start_view, name="screening_start"),
    path(_S, screening.screening_view, name="screening"),
    path(_S + "fhir/", screening.screening_fhir_view, name="screening_fhir"),
    path(_F + "niveau/", screening.level_view, name="level"),
    path("instrumenten/", instruments.instruments_view, name="instruments"),
    path("instrumenten/nieuw/", instruments.instrument_upload_view, name="instrument_upload"),
    path("instrumenten/<uuid:instrument_id>/", instruments.instrument_view, name="instrument"),
    path("instrumenten/<uuid:instrument_id>/fhir/", instruments.instrument_fhir_view, name="instrument_fhir"),
]
