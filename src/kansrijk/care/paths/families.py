"""Care URL patterns: the professional's family pages, sharing, correction requests, and the
organisation admin's care teams."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import corrections, families, sharing, teams, visits

_F = "gezinnen/<uuid:public_id>/"

urlpatterns: list[URLPattern] = [
    path("", families.worklist_view, name="worklist"),
    path("gezinnen/nieuw/", families.register_view, name="family_register"),
    path(_F, families.family_view, name="family"),
    path(_F + "personen/<uuid:person_id>/", families.person_edit_view, name="person_edit"),
    path(_F + "kind/", families.child_add_view, name="child_add"),
    path(_F + "afsluiten/", families.close_view, name="family_close"),
    path(_F + "delen/", sharing.share_view, name="share"),
    path(_F + "delen/grondslag/", sharing.legal_basis_view, name="legal_basis"),
    path(
        _F + "toestemming/<uuid:consent_id>/intrekken/",
        sharing.consent_withdraw_view,
        name="consent_withdraw",
    ),
    path(_F + "grondslag/<uuid:basis_id>/beeindigen/", sharing.legal_basis_end_view, name="legal_basis_end"),
    path(
        _F + "correcties/<uuid:correction_id>/", corrections.correction_answer_view, name="correction_answer"
    ),
    path(_F + "huisbezoek/nieuw/", visits.visit_offer_view, name="visit_offer"),
    path(_F + "huisbezoek/<uuid:visit_id>/", visits.visit_view, name="visit"),
    path("teams/", teams.teams_view, name="teams"),
    path("teams/organisatie/<uuid:organisation_id>/nieuw/", teams.team_create_view, name="team_create"),
    path("teams/<uuid:team_id>/leden/", teams.team_member_add_view, name="team_member_add"),
    path(
        "teams/<uuid:team_id>/leden/<uuid:user_id>/verwijderen/",
        teams.team_member_remove_view,
        name="team_member_remove",
    ),
]
