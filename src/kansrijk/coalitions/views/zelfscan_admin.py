"""Questionnaire management for the platform admin: list versions, upload a new version as JSON,
view one, activate one (the next rounds use it), download one as JSON. Everyone else gets 403.
"""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.coalitions.forms.zelfscan import QuestionnaireUploadForm
from kansrijk.coalitions.selectors.questionnaires import (
    questionnaire_as_json,
    questionnaire_get,
    questionnaires_overview,
)
from kansrijk.coalitions.selectors.zelfscan import questionnaire_themes
from kansrijk.coalitions.services.zelfscan import (
    NOT_PLATFORM_ADMIN,
    questionnaire_activate,
    questionnaire_import,
)
from kansrijk.core.auth import signed_in_user


def _ensure_admin(request: HttpRequest) -> None:
    if not user_is_platform_admin(request.user):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)


def _list(request: HttpRequest, form: QuestionnaireUploadForm, status: int = 200) -> HttpResponse:
    context = {"questionnaires": questionnaires_overview(), "form": form}
    return render(request, "coalitions/zelfscan/questionnaires.html", context, status=status)


@require_GET
@login_required
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    return _list(request, QuestionnaireUploadForm())


@require_POST
@login_required
def questionnaire_upload(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    form = QuestionnaireUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            questionnaire = questionnaire_import(
                source=form.cleaned_data["file"], actor=signed_in_user(request)
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.success(
                request,
                _("Versie %(version)s is toegevoegd. Activeer die om nieuwe rondes ermee te starten.")
                % {"version": questionnaire.version},
            )
            return redirect("coalitions:vragenlijst", questionnaire.public_id)
    return _list(request, form, status=422)


@require_GET
@login_required
def questionnaire_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _ensure_admin(request)
    questionnaire = questionnaire_get(public_id)
    context = {"questionnaire": questionnaire, "themes": questionnaire_themes(questionnaire)}
    return render(request, "coalitions/zelfscan/questionnaire.html", context)


@require_POST
@login_required
def questionnaire_activate_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _ensure_admin(request)
    questionnaire = questionnaire_get(public_id)
    try:
        questionnaire_activate(questionnaire=questionnaire, actor=signed_in_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "Versie %(version)s is nu actief. Nieuwe rondes gebruiken deze versie; bestaande rondes houden hun eigen versie."
            )
            % {"version": questionnaire.version},
        )
    return redirect("coalitions:vragenlijsten")


@require_GET
@login_required
def questionnaire_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    _ensure_admin(request)
    questionnaire = questionnaire_get(public_id)
    body = json.dumps(questionnaire_as_json(questionnaire), ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="kansrijk-zelfscan-v{questionnaire.version}.json"'
    )
    return response
