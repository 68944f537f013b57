"""Signal receivers: allauth and Django tell us a sign-in event happened; the services write it down.

Signals are only the trigger here (style.md, anti-pattern 1): each receiver calls one service.
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added, authenticator_removed
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_login_failed

from kansrijk.accounts import services


def _on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.login_succeeded(user=user)


def _on_login_failed(sender: str, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Django masks the password in `credentials`; the login name is under the user model's USERNAME_FIELD.
    login = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    services.login_failed(login=str(login))


def _on_authenticator_added(sender: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    services.mfa_authenticator_added(user=user, kind=authenticator.type)


def _on_authenticator_removed(sender: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    services.mfa_authenticator_removed(user=user, kind=authenticator.type)


def _on_mfa_failed(sender: Any, user: Any, authenticator: Authenticator, **kwargs: Any) -> None:
    services.mfa_authentication_failed(user=user, kind=authenticator.type)


def connect() -> None:
    """Called once from AccountsConfig.ready(); dispatch_uid keeps a second call harmless."""
    user_logged_in.connect(_on_logged_in, dispatch_uid="kansrijk.accounts.logged_in")
    user_login_failed.connect(_on_login_failed, dispatch_uid="kansrijk.accounts.login_failed")
    authenticator_added.connect(_on_authenticator_added, dispatch_uid="kansrijk.accounts.mfa_added")
    authenticator_removed.connect(_on_authenticator_removed, dispatch_uid="kansrijk.accounts.mfa_removed")
    authentication_failed.connect(_on_mfa_failed, dispatch_uid="kansrijk.accounts.mfa_failed")
