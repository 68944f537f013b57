"""Routes: plan (ambitions → goals → actions), national actions, ketenafspraken, good practices."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import agreements, plan, practices

_PLAN = "<slug:slug>/plan/"
_AFSPRAKEN = "<slug:slug>/afspraken/"

urlpatterns = [
    # Good practices of all coalitions (fixed paths: sorted before /<slug>/ by urls.py).
    path("praktijken/", practices.practices, name="praktijken"),
    path("praktijken/<uuid:public_id>/", practices.practice_detail, name="praktijk"),
    path("<slug:slug>/praktijken/", practices.coalition_practices, name="praktijken_coalitie"),
    path("<slug:slug>/praktijken/nieuw/", practices.practice_new, name="praktijk_nieuw"),
    path(
        "<slug:slug>/praktijken/<uuid:public_id>/bewerken/", practices.practice_edit, name="praktijk_bewerken"
    ),
    path(
        "<slug:slug>/praktijken/<uuid:public_id>/intrekken/",
        practices.practice_withdraw,
        name="praktijk_intrekken",
    ),
    # The plan.
    path(_PLAN, plan.plan, name="plan"),
    path(_PLAN + "ambities/nieuw/", plan.ambition_new, name="ambitie_nieuw"),
    path(_PLAN + "ambities/<uuid:public_id>/bewerken/", plan.ambition_edit, name="ambitie_bewerken"),
    path(_PLAN + "ambities/<uuid:public_id>/verwijderen/", plan.ambition_delete, name="ambitie_verwijderen"),
    path(_PLAN + "ambities/<uuid:public_id>/doelen/nieuw/", plan.goal_new, name="doel_nieuw"),
    path(_PLAN + "doelen/<uuid:public_id>/bewerken/", plan.goal_edit, name="doel_bewerken"),
    path(_PLAN + "doelen/<uuid:public_id>/verwijderen/", plan.goal_delete, name="doel_verwijderen"),
    path(_PLAN + "acties/nieuw/", plan.action_new, name="actie_nieuw"),
    path(_PLAN + "acties/<uuid:public_id>/bewerken/", plan.action_edit, name="actie_bewerken"),
    path(_PLAN + "acties/<uuid:public_id>/verwijderen/", plan.action_delete, name="actie_verwijderen"),
    path(_PLAN + "acties/<uuid:public_id>/status/", plan.action_status, name="actie_status"),
    path(_PLAN + "landelijke-acties/", plan.national_actions, name="landelijke_acties"),
    path(
        _PLAN + "landelijke-acties/overnemen/", plan.national_action_adopt, name="landelijke_actie_overnemen"
    ),
    path(
        _PLAN + "landelijke-acties/<int:number>/",
        plan.national_action_form,
        name="landelijke_actie_aanpassen",
    ),
    # Ketenafspraken.
    path(_AFSPRAKEN, agreements.agreements, name="afspraken"),
    path(_AFSPRAKEN + "nieuw/", agreements.agreement_new, name="afspraak_nieuw"),
    path(_AFSPRAKEN + "checklist/", agreements.checklist, name="afspraken_checklist"),
    path(_AFSPRAKEN + "<uuid:public_id>/bewerken/", agreements.agreement_edit, name="afspraak_bewerken"),
    path(
        _AFSPRAKEN + "<uuid:public_id>/verwijderen/", agreements.agreement_delete, name="afspraak_verwijderen"
    ),
]
