"""The national programme's overview across coalitions (issue 10). 404 for everyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kansrijk.coalitions.selectors.confirmation import user_may_confirm_coalitions
from kansrijk.coalitions.selectors.national import national_overview


@require_GET
@login_required
def national_overview_view(request: HttpRequest) -> HttpResponse:
    if not user_may_confirm_coalitions(request.user):
        raise Http404
    return render(request, "coalitions/national/overview.html", {"overview": national_overview()})
