"""The form page and the confirm page of the coalition workspace, public for every app that adds pages
to the workspace (plan, agreements, practices here; menukaart, balans and klantroutes above).

Views stay thin: `editable_coalition` fetches the coalition (404 for outsiders, 403 for members who may
not edit) before any form is built; `kansrijk.core.form_helpers.submit` / `confirm` handle the POST;
`form_page` shows a form, answering 422 when a bound form failed, and `confirm_page` asks the question.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalition_get_for_user
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.core.auth import signed_in_user

FORM_TEMPLATE = "coalitions/plan/form.html"
CONFIRM_TEMPLATE = "coalitions/plan/confirm.html"


def form_page(
    request: HttpRequest,
    *,
    coalition: Coalition,
    form: forms.Form,
    title: str,
    submit: str,
    cancel_url: str,
    intro: str = "",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """One form page inside the workspace; a bound (hence invalid) form answers 422 with its errors."""
    context = {"coalition": coalition, "form": form, "title": title, "submit": submit}
    context.update({"cancel_url": cancel_url, "intro": intro, **(extra or {})})
    return render(request, FORM_TEMPLATE, context, status=422 if form.is_bound else 200)


def confirm_page(
    request: HttpRequest, *, coalition: Coalition, title: str, question: str, submit: str, cancel_url: str
) -> HttpResponse:
    context = {"coalition": coalition, "title": title, "question": question}
    context.update({"submit": submit, "cancel_url": cancel_url})
    return render(request, CONFIRM_TEMPLATE, context)


def editable_coalition(request: HttpRequest, slug: str) -> Coalition:
    """The coalition (404 for outsiders); 403 for members who may not edit the plan (before any form)."""
    coalition = coalition_get_for_user(request.user, slug)
    ensure_coordinator(signed_in_user(request), coalition)
    return coalition
