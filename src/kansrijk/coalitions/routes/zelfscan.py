"""Routes: zelfscan rounds, answering, results; questionnaire management (platform admin)."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import _stub

urlpatterns = [
    path("<slug:slug>/zelfscan/", _stub.coalition_page, name="zelfscan"),
]
