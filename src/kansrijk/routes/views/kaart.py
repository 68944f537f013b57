"""The printable sociale kaart: the published klantroute of every theme of the coalition."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kansrijk.coalitions.selectors.access import coalition_get_for_user
from kansrijk.routes.selectors import published_routes


@require_GET
@login_required
def sociale_kaart(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    context = {"coalition": coalition, "routes": published_routes(coalition=coalition)}
    return render(request, "routes/sociale_kaart.html", context)
