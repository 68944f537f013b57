"""Routes: the national menukaart (public) and its management (platform admin); the local offer."""

from __future__ import annotations

from django.urls import path

from kansrijk.interventions.views import menukaart, offer, offer_public

urlpatterns = [
    path("menukaart/", menukaart.menukaart, name="menukaart"),
    # "nieuw" before <slug>: the service reserves that slug.
    path("menukaart/nieuw/", menukaart.intervention_new, name="menukaart_nieuw"),
    path("menukaart/<slug:slug>/", menukaart.intervention_detail, name="menukaart_interventie"),
    path("menukaart/<slug:slug>/bewerken/", menukaart.intervention_edit, name="menukaart_bewerken"),
    path("menukaart/<slug:slug>/actief/", menukaart.intervention_active, name="menukaart_actief"),
    path("coalities/<slug:slug>/aanbod/", offer.offer_list, name="aanbod"),
    # The partner organisation confirms its offers for the public Wegwijzer (not inside one coalition:
    # an organisation's admin need not take part in the coalition).
    path("aanbod/wegwijzer/", offer_public.confirm_list, name="aanbod_wegwijzer_lijst"),
    path("aanbod/<uuid:public_id>/wegwijzer/", offer_public.confirm_offer, name="aanbod_wegwijzer"),
    path("coalities/<slug:slug>/aanbod/nieuw/", offer.offer_new, name="aanbod_nieuw"),
    path("coalities/<slug:slug>/aanbod/<uuid:public_id>/bewerken/", offer.offer_edit, name="aanbod_bewerken"),
    path(
        "coalities/<slug:slug>/aanbod/<uuid:public_id>/verwijderen/",
        offer.offer_delete,
        name="aanbod_verwijderen",
    ),
]
