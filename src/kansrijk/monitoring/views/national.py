"""The national monitor for the national programme (and the platform admin); 404 for everyone else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kansrijk.core.csv_safe import csv_text
from kansrijk.monitoring.access import require_national
from kansrijk.monitoring.exports import COLUMNS
from kansrijk.monitoring.national import national_monitor
from kansrijk.monitoring.selectors import monitor_rows


@require_GET
@login_required
def national_view(request: HttpRequest) -> HttpResponse:
    require_national(request.user)
    return render(request, "monitoring/national.html", {"m": national_monitor()})


@require_GET
@login_required
def national_csv(request: HttpRequest) -> HttpResponse:
    require_national(request.user)
    body = csv_text(COLUMNS, monitor_rows(landelijk=True), excel=True)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="monitor-landelijk-{timezone.localdate().isoformat()}.csv"'
    )
    return response
