"""Pages of the shell: home, accessibility statement, data sources, health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kansrijk.core.page_context import ABOUT_DATA, HOME, page_context


def home(request: HttpRequest) -> HttpResponse:
    # The figures come from the apps that registered them (areas: the number of municipalities loaded).
    return render(request, "core/home.html", page_context(HOME))


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/toegankelijkheid.html")


def about_data(request: HttpRequest) -> HttpResponse:
    return render(request, "core/over_data.html", page_context(ABOUT_DATA))


def healthz(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
