"""The "Mijn account" page: who you are here, on whose behalf, and whether two-step verification is on."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kansrijk.accounts.selectors import user_has_totp, user_memberships


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {"memberships": user_memberships(user), "has_totp": user_has_totp(user)}  # type: ignore[arg-type]
    return render(request, "accounts/my_account.html", context)
