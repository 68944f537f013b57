"""Screening a family and deciding the level with the client.

Thin views: the context from `care_context` (404 without a care team), the family and its screenings
through kansrijk.care.selectors.screening (404 when not visible, refused when the access does not cover
"screening" or "niveau"; each read logged there), writes through kansrijk.care.services.screening.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.care import levels
from kansrijk.care.categories import DataCategory
from kansrijk.care.fhir_questionnaire import as_json, screening_bundle
from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.screening import AnswersForm, InstrumentChoiceForm, LevelForm, answers_initial
from kansrijk.care.instruments import NOT_VALIDATED
from kansrijk.care.models import AccessEvent
from kansrijk.care.selectors.screening import (
    instruments_in_use,
    level_page,
    screening_definition,
    screening_detail,
    screening_overview,
)
from kansrijk.care.services.screening import level_decide, screening_finish, screening_save, screening_start
from kansrijk.care.views._common import care_context

_T = "care/screening/"
FINISH = "afronden"


def _rule_note() -> str:
    return str(levels.RULE_NOTE) % {"version": levels.RULE_VERSION}


@require_http_methods(["GET", "POST"])
@login_required
def screening_start_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The family's screenings (reopen a concept, look at a finished one) and starting a new one."""
    ctx = care_context(request)
    form = InstrumentChoiceForm(request.POST or None, instruments=instruments_in_use())
    if request.method == "POST" and form.is_valid():
        try:
            screening = screening_start(
                ctx, episode_id=public_id, instrument_id=UUID(form.cleaned_data["instrument"])
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            return redirect("care:screening", public_id, screening.public_id)
    overview = screening_overview(ctx, public_id)
    context = {
        "ctx": ctx,
        "episode": overview.access.episode,
        "access": overview.access,
        "overview": overview,
        "form": form,
        "not_validated": NOT_VALIDATED,
        "may_see_level": overview.access.may_see(DataCategory.LEVEL),
    }
    return render(request, _T + "start.html", context, status=422 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def screening_view(request: HttpRequest, public_id: UUID, screening_id: UUID) -> HttpResponse:
    """A concept: the form (save as concept, or finish). A finished screening: its answers and proposal."""
    ctx = care_context(request)
    form: AnswersForm | None = None
    if request.method == "POST":
        form = AnswersForm(request.POST, definition=screening_definition(ctx, public_id, screening_id))
        if form.is_valid():
            response = _save(request, ctx, form, public_id, screening_id)
            if response is not None:
                return response
    view = screening_detail(ctx, public_id, screening_id)
    context: dict[str, Any] = {
        "ctx": ctx,
        "episode": view.access.episode,
        "view": view,
        "screening": view.screening,
        "instrument": view.screening.instrument,
        "not_validated": NOT_VALIDATED,
        "rule_note": _rule_note(),
        "proposed_label": levels.level_label(view.screening.proposed_level),
    }
    if not view.is_concept:
        return render(request, _T + "detail.html", context)
    context["form"] = form or AnswersForm(
        initial=answers_initial(view.visible_answers), definition=view.definition
    )
    return render(request, _T + "form.html", context, status=422 if form is not None else 200)


def _save(
    request: HttpRequest, ctx: Any, form: AnswersForm, public_id: UUID, screening_id: UUID
) -> HttpResponse | None:
    finish = request.POST.get("actie") == FINISH
    service = screening_finish if finish else screening_save
    try:
        service(ctx, episode_id=public_id, screening_id=screening_id, answers=form.answers())
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            form.add_service_errors(exc.error_dict)
        else:
            form.add_error(None, exc)
        return None
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
        return None
    if finish:
        messages.success(
            request, _("De screening is afgerond. Bekijk het voorstel en bespreek het niveau samen.")
        )
    else:
        messages.success(request, _("Opgeslagen als concept. U kunt later verder."))
    return redirect("care:screening", public_id, screening_id)


@require_GET
@login_required
def screening_fhir_view(request: HttpRequest, public_id: UUID, screening_id: UUID) -> HttpResponse:
    """Download as FHIR R4B: a Bundle with the Questionnaire and the QuestionnaireResponse (an export)."""
    ctx = care_context(request)
    view = screening_detail(
        ctx, public_id, screening_id, action="screening.fhir_exporteren", event=AccessEvent.EXPORT
    )
    bundle = screening_bundle(
        view.screening, answers=view.visible_answers, with_proposal=view.access.may_see(DataCategory.LEVEL)
    )
    response = HttpResponse(as_json(bundle), content_type="application/fhir+json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="screening-{view.screening.public_id}.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def level_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The rule's proposal with its trace, and the level decided together with the client."""
    ctx = care_context(request)
    form = LevelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            level_decide(
                ctx,
                episode_id=public_id,
                level=form.cleaned_data["level"],
                decided_with_client=form.cleaned_data["decided_with_client"],
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het niveau is vastgelegd."))
            return redirect("care:family", public_id)
    page = level_page(ctx, public_id)
    if not form.is_bound and page.screening is not None:
        form = LevelForm(initial={"level": page.screening.proposed_level})
    context = {
        "ctx": ctx,
        "episode": page.access.episode,
        "page": page,
        "form": form,
        "proposed_label": levels.level_label(page.screening.proposed_level) if page.screening else "",
        "rule_note": _rule_note(),
        "reassess_table": [
            (levels.level_label(level), weeks) for level, weeks in levels.REASSESS_WEEKS.items()
        ],
        "decisions": [
            (d, levels.level_label(d.level), levels.level_label(d.proposed_level)) for d in page.decisions
        ],
    }
    return render(request, _T + "level.html", context, status=422 if form.errors else 200)
