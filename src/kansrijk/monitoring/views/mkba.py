"""The business case (MKBA) calculator of one coalition, for its wethouder.

A calculator: the input comes in as GET parameters and nothing is stored. Coordinators of the coalition,
the national programme and the platform admin may use it; everyone else gets 404 (the coalition's
existence is not announced), anonymous visitors the login page (the rule: `monitoring.access`).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kansrijk.monitoring import mkba
from kansrijk.monitoring.access import business_case_coalition_get
from kansrijk.monitoring.forms import MkbaForm

TEMPLATE = "monitoring/mkba.html"


def _submitted(request: HttpRequest) -> bool:
    keys = {p.key for p in mkba.parameters()}
    return any(key in request.GET for key in keys)


@require_GET
@login_required
def mkba_view(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = business_case_coalition_get(request.user, coalition_id)
    submitted = _submitted(request)
    form = MkbaForm(request.GET if submitted else None)
    result = None
    status = 200
    if submitted:
        if form.is_valid() and form.inputs is not None:
            result = mkba.compute(form.inputs)
        else:
            status = 422
    context = {
        "coalition": coalition,
        "form": form,
        "result": result,
        "sources": mkba.SOURCES,
        "heckman": mkba.HECKMAN_RETURN,
        "gezinspoli": mkba.GEZINSPOLI_MKBA,
        "chart_width": mkba.CHART_WIDTH,
    }
    return render(request, TEMPLATE, context, status=status)
