"""Screening instruments for the platform admin: every version, one version's items, upload a new version
(JSON, all or nothing), and the FHIR Questionnaire of a version. Everyone else gets a 404: the care
pages do not tell outsiders what exists."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.care.fhir_questionnaire import as_json, questionnaire
from kansrijk.care.forms.screening import InstrumentUploadForm
from kansrijk.care.instruments import NOT_VALIDATED, parse_definition
from kansrijk.care.selectors.screening import instrument_get, instruments_overview
from kansrijk.care.services.screening import instrument_upload
from kansrijk.core.auth import signed_in_user

_T = "care/screening/"


def _ensure_admin(request: HttpRequest) -> None:
    if not user_is_platform_admin(request.user):
        raise Http404


@require_GET
@login_required
def instruments_view(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    context = {"instruments": instruments_overview(), "not_validated": NOT_VALIDATED}
    return render(request, _T + "instruments.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def instrument_upload_view(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    form = InstrumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_upload(actor=signed_in_user(request), source=form.cleaned_data["file"])
        except (ValidationError, PermissionDenied) as exc:
            for message in exc.messages if isinstance(exc, ValidationError) else [str(exc)]:
                form.add_error("file", message)
        else:
            messages.success(
                request,
                _("Versie %(version)s van %(title)s is toegevoegd. Nieuwe screenings gebruiken deze versie.")
                % {"version": instrument.version, "title": instrument.title},
            )
            return redirect("care:instrument", instrument.public_id)
    return render(request, _T + "instrument_upload.html", {"form": form}, status=422 if form.errors else 200)


@require_GET
@login_required
def instrument_view(request: HttpRequest, instrument_id: UUID) -> HttpResponse:
    _ensure_admin(request)
    instrument = instrument_get(instrument_id)
    context = {
        "instrument": instrument,
        "definition": parse_definition(instrument.definition),
        "not_validated": NOT_VALIDATED,
    }
    return render(request, _T + "instrument.html", context)


@require_GET
@login_required
def instrument_fhir_view(request: HttpRequest, instrument_id: UUID) -> HttpResponse:
    _ensure_admin(request)
    instrument = instrument_get(instrument_id)
    response = HttpResponse(
        as_json(questionnaire(instrument)), content_type="application/fhir+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{instrument.key}-v{instrument.version}.json"'
    return response
