"""Account pages: "Mijn account", the e-mail change page, and the admin's (absent) login form."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt

from kansrijk.accounts.organisation_selectors import user_administers_any
from kansrijk.accounts.selectors import user_has_totp, user_memberships
from kansrijk.core.auth import signed_in_user

ADMIN_HOME = "/beheer/"


@login_required
def my_account(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    context = {"memberships": user_memberships(user), "has_totp": user_has_totp(user)}
    context["administers_organisation"] = user_administers_any(user)
    return render(request, "accounts/my_account.html", context)


class ChangeEmailView(EmailView):
    """allauth's e-mail page in "change e-mail" mode, without its "make primary" action.

    The change form has no such button, but allauth still accepts the POST, and it makes an unproven
    address the login address whenever the current one is unverified. A new address becomes the login
    address only through the link sent to it.
    """

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if "action_primary" in request.POST:
            return HttpResponseRedirect(self.get_success_url())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        # allauth calls only a *verified* address "current" and any unverified one "new"; accounts made
        # by an administrator have an unverified login address, which would then show as a pending
        # change. Here the login address is the current one, and only another address is pending.
        addresses = EmailAddress.objects.filter(user_id=self.request.user.pk)
        login_address = self.request.user.email
        context["current_emailaddress"] = addresses.filter(email__iexact=login_address).first()
        pending = addresses.exclude(email__iexact=login_address).filter(verified=False)
        context["new_emailaddress"] = pending.order_by("pk").last()
        return context


change_email = ChangeEmailView.as_view()


@csrf_exempt  # it never reads the form: nothing to forge, and a stale admin form must not get a 403
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin's login URL, on GET and POST alike: never a form of its own, never a sign-in.

    Every sign-in goes through allauth (rate limit, two-step verification, audit event), so the admin
    sends its visitors there and they come back through `next`.
    """
    target = request.GET.get("next") or ADMIN_HOME
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        target = ADMIN_HOME
    if request.user.is_authenticated:
        if request.user.is_staff:
            return HttpResponseRedirect(target)
        # Signed in but not staff: sending them to log in again would loop back here.
        raise PermissionDenied
    return HttpResponseRedirect(f"{settings.LOGIN_URL}?{urlencode({'next': target})}")
