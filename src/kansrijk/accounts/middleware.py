"""Two-step verification for every signed-in user: every role, staff and superusers, in every environment.

There is deliberately no setting to turn this off (issue "Ready for personal data", section 2): a switch
that is off in one environment is a switch that can be off in production. allauth asks for the code at
each login once an authenticator exists; this middleware makes sure one exists.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from kansrijk.accounts.selectors import user_has_totp

MFA_REQUIRED_MESSAGE = _(
    "Tweestapsverificatie is verplicht. Stel eerst een authenticator-app in; daarna kunt u verder."
)


def _exempt_prefixes() -> tuple[str, ...]:
    # Account pages (log in/out, MFA set-up, password reset) must stay reachable, or the user could
    # never set up what we ask for; static files, the language switch and the health check carry no data.
    try:
        health = reverse("healthz")
    except NoReverseMatch:  # a test's own URLconf without the health check
        health = "/gezond/"
    return ("/account/", settings.STATIC_URL or "/static/", "/i18n/", health)


class RequireMFA:
    """Send every signed-in user without an authenticator app to the TOTP set-up (one query per request)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_exempt_prefixes())
            and not user_has_totp(user)
        ):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            target = reverse("mfa_activate_totp")
            # An htmx request would swap the set-up page into a fragment; ask htmx to navigate instead.
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)
