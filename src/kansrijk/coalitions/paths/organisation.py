"""Routes of the "Mijn organisatie" pages, under /organisaties/ (namespace "organisaties")."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import organisation as views

app_name = "organisaties"

_ORG = "<uuid:public_id>/"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path(_ORG, views.organisation_detail, name="detail"),
    path(_ORG + "leden/toevoegen/", views.member_add_view, name="member_add"),
    path(_ORG + "leden/<uuid:user_id>/vertrek/", views.member_deactivate_view, name="member_deactivate"),
    path(_ORG + "leden/<uuid:user_id>/verwijderen/", views.member_remove_view, name="member_remove"),
    path(
        _ORG + "rollen/<uuid:membership_id>/intrekken/",
        views.membership_revoke_view,
        name="membership_revoke",
    ),
    path(
        _ORG + "verzoeken/<uuid:request_id>/toekennen/",
        views.request_decide_view,
        {"decision": "grant"},
        name="request_grant",
    ),
    path(
        _ORG + "verzoeken/<uuid:request_id>/weigeren/",
        views.request_decide_view,
        {"decision": "refuse"},
        name="request_refuse",
    ),
    path(_ORG + "toegang/", views.access_review, name="access"),
    path(_ORG + "toegang/bevestigen/", views.access_review_confirm, name="access_confirm"),
    path(
        _ORG + "deelnames/<uuid:participation_id>/intrekken/",
        views.participation_revoke_view,
        name="participation_revoke",
    ),
]
