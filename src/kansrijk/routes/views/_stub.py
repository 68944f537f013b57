"""Temporary page while the klantroutes are being built."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kansrijk.coalitions.selectors.access import coalition_get_for_user


@login_required
def coalition_page(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    return render(request, "interventions/_stub.html", {"coalition": coalition})
