"""Klantroutes of a coalition. Mounted at the site root: paths carry their own prefixes."""

from __future__ import annotations

from django.urls import path

from kansrijk.routes.views import _stub

app_name = "routes"
urlpatterns = [
    path("coalities/<slug:slug>/klantroutes/", _stub.coalition_page, name="klantroutes"),
]
