"""Routes: requested coalitions (national programme, platform admin) and a coordinator's re-request."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import confirmation

urlpatterns = [
    # "aanvragen" is a fixed path (in RESERVED_SLUGS): sorted before <slug>/ in coalitions/urls.py.
    path("aanvragen/", confirmation.request_list, name="aanvragen"),
    path("aanvragen/<uuid:public_id>/", confirmation.request_detail, name="aanvraag"),
    path("aanvragen/<uuid:public_id>/bevestigen/", confirmation.request_confirm, name="aanvraag_bevestigen"),
    path("aanvragen/<uuid:public_id>/afwijzen/", confirmation.request_refuse, name="aanvraag_afwijzen"),
    path("<slug:slug>/opnieuw-aanvragen/", confirmation.rerequest, name="opnieuw_aanvragen"),
]
