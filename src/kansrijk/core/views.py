"""Pages of the shell: home, accessibility statement, data sources, health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kansrijk.areas.selectors import import_runs_latest, municipality_count


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"municipality_count": municipality_count()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/toegankelijkheid.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/over_data.html", {"runs": import_runs_latest()})


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
