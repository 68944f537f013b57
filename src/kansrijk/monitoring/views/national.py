"""The national monitor for the national programme (and the platform admin); 404 for everyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kansrijk.monitoring.access import require_national
from kansrijk.monitoring.exports import national_csv as csv_of
from kansrijk.monitoring.national import national_monitor


@require_GET
@login_required
def national_view(request: HttpRequest) -> HttpResponse:
    require_national(request.user)
    return render(request, "monitoring/national.html", {"m": national_monitor()})


@require_GET
@login_required
def national_csv(request: HttpRequest) -> HttpResponse:
    require_national(request.user)
    response = HttpResponse(csv_of(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monitor-landelijk-{timezone.localdate().isoformat()}.csv"'
    )
    return response
