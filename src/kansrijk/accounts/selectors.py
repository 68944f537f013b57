"""Reads about users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from kansrijk.accounts.models import Role, User


def user_has_role(user: User | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.memberships.filter(role=role).exists()


def user_roles(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(user.memberships.values_list("role", flat=True))
