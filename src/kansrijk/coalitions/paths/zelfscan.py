"""Routes: zelfscan rounds, answering, results; questionnaire management (platform admin)."""

from __future__ import annotations

from django.urls import path

from kansrijk.coalitions.views import zelfscan, zelfscan_admin

urlpatterns = [
    # Questionnaire management (platform admin). "vragenlijsten" is a fixed path: sorted before <slug>/.
    path("vragenlijsten/", zelfscan_admin.questionnaire_list, name="vragenlijsten"),
    path("vragenlijsten/nieuw/", zelfscan_admin.questionnaire_upload, name="vragenlijst_upload"),
    path("vragenlijsten/<uuid:public_id>/", zelfscan_admin.questionnaire_detail, name="vragenlijst"),
    path(
        "vragenlijsten/<uuid:public_id>/activeren/",
        zelfscan_admin.questionnaire_activate_view,
        name="vragenlijst_activate",
    ),
    path(
        "vragenlijsten/<uuid:public_id>/download/",
        zelfscan_admin.questionnaire_download,
        name="vragenlijst_download",
    ),
    # One coalition's zelfscan.
    path("<slug:slug>/zelfscan/", zelfscan.zelfscan, name="zelfscan"),
    path("<slug:slug>/zelfscan/nieuw/", zelfscan.round_open, name="zelfscan_round_open"),
    path("<slug:slug>/zelfscan/<uuid:public_id>/", zelfscan.round_results, name="zelfscan_round"),
    path("<slug:slug>/zelfscan/<uuid:public_id>/invullen/", zelfscan.answer, name="zelfscan_answer"),
    path("<slug:slug>/zelfscan/<uuid:public_id>/sluiten/", zelfscan.round_close, name="zelfscan_round_close"),
]
