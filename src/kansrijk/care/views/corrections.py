"""The team answers a parent's correction request from the family page."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.families import CorrectionAnswerForm
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.families import correction_get
from kansrijk.care.services.corrections import correction_answer
from kansrijk.care.views._common import care_context
from kansrijk.care.views.families import render_family


@require_POST
@login_required
def correction_answer_view(request: HttpRequest, public_id: UUID, correction_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    correction = correction_get(ctx, episode_access(ctx, public_id), correction_id)
    form = CorrectionAnswerForm(request.POST)
    if form.is_valid():
        try:
            correction_answer(ctx, correction=correction, answer=form.cleaned_data["answer"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Uw antwoord is opgeslagen. De ouder kan het lezen."))
            return redirect("care:family", public_id)
    return render_family(
        request, ctx, public_id, answer_form=form, answer_for=correction.public_id, status=422
    )
