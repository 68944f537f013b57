"""Two-step verification required for roles that will handle personal data (setting KANSRIJK_MFA_REQUIRED_ROLES)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from kansrijk.accounts.selectors import user_has_totp, user_roles

MFA_REQUIRED_MESSAGE = _(
    "Voor uw rol is tweestapsverificatie verplicht. Stel eerst een authenticator-app in; daarna kunt u verder."
)


def _exempt_prefixes() -> tuple[str, ...]:
    # Account pages (log in/out, MFA set-up, password reset) must stay reachable, or the user could
    # never set up what we ask for; static files, the language switch and the health check carry no data.
    return ("/account/", settings.STATIC_URL or "/static/", "/i18n/", reverse("healthz"))


class RequireMFAForRoles:
    """Send users holding a listed role to the TOTP set-up until they have an authenticator app.

    The setting is read per request (cheap; an empty list costs no query) so tests can override it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        required = set(settings.KANSRIJK_MFA_REQUIRED_ROLES)
        user = getattr(request, "user", None)
        if (
            required
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(_exempt_prefixes())
            and user_roles(user) & required
            and not user_has_totp(user)
        ):
            messages.warning(request, MFA_REQUIRED_MESSAGE)
            target = reverse("mfa_activate_totp")
            # An htmx request would swap the set-up page into a fragment; ask htmx to navigate instead.
            if getattr(request, "htmx", False):
                return HttpResponseClientRedirect(target)
            return redirect(target)
        return self.get_response(request)
