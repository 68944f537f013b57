"""The one way to write an audit event. Services call it inside their own transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction

from kansrijk.audit.actors import SystemActor
from kansrijk.audit.models import AuditEvent

if TYPE_CHECKING:
    # django-stubs' alias for settings.AUTH_USER_MODEL (its mypy plugin resolves it): typed as the
    # project's user without importing accounts.
    from django.contrib.auth.models import _User as User


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What changed, as `{field: [old, new]}` for the `changes` of an audit event (unchanged fields left out).

    A field missing from `before` counts as changed from None."""
    return {key: [before.get(key), value] for key, value in after.items() if before.get(key) != value}


def record(
    *,
    # Any user model (settings.AUTH_USER_MODEL): audit is the lowest shared app and imports no accounts.
    # An anonymous visitor only for sign-in events (a failed or throttled login); never None.
    actor: User | SystemActor | AnonymousUser,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    changes: dict[str, Any] | None = None,
    purpose: str = "",
) -> AuditEvent:
    """Record one audit event. Must run inside the caller's transaction so both commit or neither."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must be called inside the service's transaction")
    if actor is None:
        # No silent "nobody": unattended work names itself (kansrijk.audit.actors).
        raise TypeError("audit.record() needs an actor: a user, a SystemActor or, for sign-in, AnonymousUser")
    user = actor if isinstance(actor, AbstractBaseUser) else None
    if user is not None:
        label = user.get_username()  # USERNAME_FIELD is the e-mail address
    elif isinstance(actor, SystemActor):
        label = actor.label
    else:
        label = "anoniem"
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(getattr(obj, "public_id", None) or obj.pk)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        object_type=object_type,
        object_id=object_id,
        changes=changes or {},
        purpose=purpose,
    )
