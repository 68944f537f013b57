"""Routes: coalitions list/create, coalition home, partners, partnerships, invitations, netwerkkaart."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import invitations, national, partners, partnerships, workspace

urlpatterns = [
    path("", workspace.coalition_list, name="list"),
    path("nieuw/", workspace.coalition_new, name="create"),
    path("landelijk/", national.national_overview_view, name="national"),
    path("uitnodiging/<str:token>/", invitations.invitation_accept_view, name="invitation_accept"),
    # The organisation side of partnerships ("partnerschappen" is in RESERVED_SLUGS).
    path("partnerschappen/", partnerships.partnerships_page, name="partnerships"),
    path(
        "partnerschappen/<uuid:public_id>/accepteren/",
        partnerships.partnership_accept,
        name="partnership_accept",
    ),
    path(
        "partnerschappen/<uuid:public_id>/afwijzen/",
        partnerships.partnership_decline,
        name="partnership_decline",
    ),
    path("<slug:slug>/", workspace.coalition_home, name="home"),
    path("<slug:slug>/netwerkkaart/", workspace.netwerkkaart, name="netwerkkaart"),
    path("<slug:slug>/partners/", partners.partners_page, name="partners"),
    path("<slug:slug>/partners/toevoegen/", partners.partner_add_view, name="partner_add"),
    path("<slug:slug>/partners/<uuid:public_id>/", partners.partner_edit, name="partner_edit"),
    path(
        "<slug:slug>/partners/<uuid:public_id>/verwijderen/",
        partners.partner_remove_view,
        name="partner_remove",
    ),
    path("<slug:slug>/partners/<uuid:public_id>/kartrekker/", partners.partner_lead, name="partner_lead"),
    path("<slug:slug>/coordinatoren/toevoegen/", partners.coordinator_add_view, name="coordinator_add"),
    path(
        "<slug:slug>/coordinatoren/<uuid:user_id>/verwijderen/",
        partners.coordinator_remove_view,
        name="coordinator_remove",
    ),
    path("<slug:slug>/uitnodigingen/", invitations.invitation_send, name="invitation_send"),
    path(
        "<slug:slug>/uitnodigingen/<uuid:public_id>/intrekken/",
        invitations.invitation_revoke_view,
        name="invitation_revoke",
    ),
]
