"""The monitor's pages, mounted at /monitor/."""

from __future__ import annotations

from django.urls import path

from kansrijk.monitoring.views import coalition, mkba, national

app_name = "monitoring"
urlpatterns = [
    path("landelijk/", national.national_view, name="national"),
    path("landelijk/monitor.csv", national.national_csv, name="national_csv"),
    path("<uuid:coalition_id>/", coalition.coalition_view, name="coalition"),
    path("<uuid:coalition_id>/monitor.csv", coalition.coalition_csv, name="coalition_csv"),
    path("<uuid:coalition_id>/monitor.pdf", coalition.coalition_pdf_view, name="coalition_pdf"),
    path("<uuid:coalition_id>/mkba/", mkba.mkba_view, name="mkba"),
]
