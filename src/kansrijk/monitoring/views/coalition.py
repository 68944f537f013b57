"""The coalition monitor: chain-process figures of the closed periods, zelfscan trend and plan progress
on one page, with CSV and PDF exports. Published figures only (404 for everyone outside the coalition)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kansrijk.core.csv_safe import csv_text
from kansrijk.monitoring.access import monitor_coalition_get
from kansrijk.monitoring.exports import COLUMNS, coalition_pdf
from kansrijk.monitoring.pages import coalition_monitor
from kansrijk.monitoring.selectors import monitor_rows


@require_GET
@login_required
def coalition_view(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = monitor_coalition_get(request.user, coalition_id)
    return render(
        request, "monitoring/coalition.html", {"m": coalition_monitor(coalition), "coalition": coalition}
    )


@require_GET
@login_required
def coalition_csv(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = monitor_coalition_get(request.user, coalition_id)
    body = csv_text(COLUMNS, monitor_rows(coalition=coalition), excel=True)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="monitor-{coalition.slug}-{day}.csv"'
    return response


@require_GET
@login_required
def coalition_pdf_view(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = monitor_coalition_get(request.user, coalition_id)
    response = HttpResponse(coalition_pdf(coalition_monitor(coalition)), content_type="application/pdf")
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="monitor-{coalition.slug}-{day}.pdf"'
    return response
