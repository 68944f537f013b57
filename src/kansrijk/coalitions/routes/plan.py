"""Routes: plan (ambitions → goals → actions), ketenafspraken, good practices."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import _stub

urlpatterns = [
    path("praktijken/", _stub.global_page, name="praktijken"),
    path("<slug:slug>/plan/", _stub.coalition_page, name="plan"),
    path("<slug:slug>/afspraken/", _stub.coalition_page, name="afspraken"),
]
