"""Care URL patterns: the organisation admin's system clients (koppelingen) and identifiers (issue 12)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import clients

urlpatterns: list[URLPattern] = [
    path("koppelingen/", clients.clients_view, name="clients"),
    path(
        "koppelingen/organisatie/<uuid:organisation_id>/nieuw/",
        clients.client_create_view,
        name="client_create",
    ),
    path(
        "koppelingen/organisatie/<uuid:organisation_id>/nummers/",
        clients.identifiers_view,
        name="organisation_identifiers",
    ),
    path("koppelingen/<uuid:client_id>/intrekken/", clients.client_revoke_view, name="client_revoke"),
]
