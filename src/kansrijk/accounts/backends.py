"""Sign-in by e-mail address: only the account's login address counts, never a pending new one.

allauth also accepts any address recorded for the account, confirmed or not, so a new address would
sign in (and receive password resets) before its owner clicked the confirmation link.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from allauth.account.internal.userkit import filter_users_by_email
from django.contrib.auth.base_user import AbstractBaseUser

from kansrijk.accounts.models import User


def users_by_login_address(email: str) -> list[User]:
    """Active users whose login address is `email` (case-insensitive): at most one, it is unique."""
    wanted = email.strip().lower()
    found = filter_users_by_email(wanted, is_active=True, prefer_verified=True, for_login=True)
    return [user for user in found if (user.email or "").lower() == wanted]


class AuthenticationBackend(AllauthBackend):
    def _authenticate_by_email(self, email: str, password: str) -> AbstractBaseUser | None:
        for user in users_by_login_address(email):
            if self._check_password(user, password):
                return user
        return None
