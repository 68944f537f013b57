"""Care URL patterns: the family's own view (a parent) and the professional's invitation of a parent."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import invite, parent

_M = "mijn-gegevens/<uuid:episode_id>/"

urlpatterns: list[URLPattern] = [
    path("mijn-gegevens/", parent.my_data, name="parent_view"),
    path(_M, parent.my_data, name="parent_family"),
    path(
        _M + "toestemming/<uuid:consent_id>/intrekken/",
        parent.consent_withdraw_confirm,
        name="parent_consent_withdraw",
    ),
    path(_M + "correctie/", parent.correction, name="parent_correction"),
    path(
        "gezinnen/<uuid:public_id>/ouder-uitnodigen/<uuid:person_id>/",
        invite.parent_invite_view,
        name="parent_invite",
    ),
]
