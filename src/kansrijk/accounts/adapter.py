from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from kansrijk.accounts import services


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by administrators and invitations, never by open sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # allauth refuses a rate-limited attempt before any password check, so no failure signal fires:
        # this hook is the only place that sees it, and a throttled burst is what an audit should show.
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            services.login_throttled(login=str(credentials.get("email") or credentials.get("username") or ""))
            raise
