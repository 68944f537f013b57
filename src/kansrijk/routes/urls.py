"""Klantroutes of a coalition. Mounted at the site root: paths carry their own prefixes."""

from __future__ import annotations

from django.urls import path

from kansrijk.routes.views import kaart, steps, versions

app_name = "routes"
P = "coalities/<slug:slug>/klantroutes/"
R = P + "<uuid:public_id>/"
S = R + "stappen/<uuid:step_id>/"
urlpatterns = [
    path(P, versions.overview, name="klantroutes"),
    path(P + "nieuw/", versions.route_new, name="klantroute_nieuw"),
    path(P + "sociale-kaart/", kaart.sociale_kaart, name="sociale_kaart"),
    path(R, versions.detail, name="klantroute"),
    path(R + "bewerken/", versions.route_edit, name="klantroute_bewerken"),
    path(R + "publiceren/", versions.route_publish, name="klantroute_publiceren"),
    path(R + "verwijderen/", versions.route_delete, name="klantroute_verwijderen"),
    path(R + "stappen/nieuw/", steps.step_new, name="stap_nieuw"),
    path(S + "bewerken/", steps.step_edit, name="stap_bewerken"),
    path(S + "verplaatsen/", steps.step_move, name="stap_verplaatsen"),
    path(S + "verwijderen/", steps.step_delete, name="stap_verwijderen"),
]
