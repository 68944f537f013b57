"""Reads about users and their roles."""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from kansrijk.accounts.models import Membership, Role, User


def user_has_role(user: User | AnonymousUser, *roles: Role) -> bool:
    """The one role check: does the (active, signed-in) user hold any of `roles` in any organisation?"""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.memberships.filter(role__in=roles).exists()


def user_is_platform_admin(user: User | AnonymousUser) -> bool:
    """Platform admins: the role, or a superuser (who onboards organisations and catalogues)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or user_has_role(
        user, Role.PLATFORM_ADMIN
    )


def user_is_national(user: User | AnonymousUser) -> bool:
    """The national programme reads every coalition's workspace, never personal data."""
    return user_has_role(user, Role.NATIONAL)


def user_memberships(user: User) -> QuerySet[Membership]:
    """The roles a user holds, with their organisation, for display."""
    return user.memberships.select_related("organisation").order_by("organisation__name", "role")


def user_has_totp(user: User | AnonymousUser) -> bool:
    """Whether the user has an authenticator app (TOTP) set up for two-step verification."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_totp_secret(user: User) -> str | None:
    """The base32 secret of the user's authenticator app, or None. Only for demo accounts and tests:
    whoever reads it can produce valid codes (allauth stores it through its adapter's `encrypt`)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        return None
    return decrypt(authenticator.data["secret"])


def user_totp_code(user: User) -> str | None:
    """The code the user's authenticator app shows right now (for demo accounts), or None without one."""
    secret = user_totp_secret(user)
    if secret is None:
        return None
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
