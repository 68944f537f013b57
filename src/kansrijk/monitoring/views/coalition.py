"""The coalition monitor: chain-process figures of the closed periods, zelfscan trend and plan progress
on one page, with CSV and PDF exports. Published figures only; who may see them: `monitoring.access`
(404 for everyone outside the coalition)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kansrijk.monitoring.access import monitor_coalition_get, user_may_open_business_case
from kansrijk.monitoring.exports import coalition_csv as csv_of
from kansrijk.monitoring.exports import coalition_pdf
from kansrijk.monitoring.pages import coalition_monitor


@require_GET
@login_required
def coalition_view(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = monitor_coalition_get(request.user, coalition_id)
    context = {
        "m": coalition_monitor(coalition),
        "coalition": coalition,
        "may_open_business_case": user_may_open_business_case(request.user, coalition),
    }
    return render(request, "monitoring/coalition.html", context)


@require_GET
@login_required
def coalition_csv(request: HttpRequest, coalition_id: UUID) -> HttpResponse:
    coalition = monitor_coalition_get(request.user, coalition_id)
    response = HttpResponse(csv_of(coalition), content_type="text/csv; charset=utf-8")
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
