"""Reads about users and their roles."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from kansrijk.accounts.models import Membership, Role, User


def user_has_role(user: User | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role=role).exists()


def user_roles(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.values_list("role", flat=True))


def user_memberships(user: User) -> QuerySet[Membership]:
    """The roles a user holds, with their organisation, for display."""
    return user.memberships.select_related("organisation").order_by("organisation__name", "role")


def user_has_totp(user: User | AnonymousUser) -> bool:
    """Whether the user has an authenticator app (TOTP) set up for two-step verification."""
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
