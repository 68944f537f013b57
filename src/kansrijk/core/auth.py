"""The signed-in user of a request, typed as the project's user model.

`request.user` is typed `User | AnonymousUser`, while every service takes an explicit `actor: User`.
Views behind `login_required` know the user is signed in, but the type checker does not; this accessor
says so once, checked at runtime, instead of a `# type: ignore` at every service call.

The annotation comes from django-stubs' `_User` alias, which its mypy plugin resolves to
AUTH_USER_MODEL (kansrijk.accounts.models.User). That keeps core independent of accounts: the
import-linter layer map has core and accounts as siblings that do not import each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import _User as User


def signed_in_user(request: HttpRequest) -> User:
    """The request's user; PermissionDenied (403) if nobody is signed in.

    Views call this after `login_required`, so an anonymous user here means a view lost its decorator:
    refuse rather than hand an AnonymousUser to a service as the actor.
    """
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user
