"""Routes: coalitions list/create, coalition home, partners, invitations, netwerkkaart."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import _stub

urlpatterns = [
    path("", _stub.global_page, name="list"),
    path("<slug:slug>/", _stub.coalition_page, name="home"),
    path("<slug:slug>/partners/", _stub.coalition_page, name="partners"),
    path("<slug:slug>/netwerkkaart/", _stub.coalition_page, name="netwerkkaart"),
]
