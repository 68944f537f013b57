from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kansrijk.accounts import services


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators and invitations, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def can_delete_email(self, email_address: EmailAddress) -> bool:
        # Only a pending new address may be removed, never the login address: allauth would otherwise
        # make the next address on the account (possibly unconfirmed) the login address.
        if email_address.pk and email_address.email.lower() == (email_address.user.email or "").lower():
            return False
        return super().can_delete_email(email_address)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth refuses a rate-limited attempt before any password check, so no failure signal fires:
        # this hook is the only place that sees it, and a throttled burst is what an audit should show.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            services.login_throttled(login=str(credentials.get("email") or credentials.get("username") or ""))
            raise
