"""Writes for users, organisations and roles; each records its audit event in the same transaction."""

from __future__ import annotations

from django.db import transaction

from kansrijk.accounts.models import Membership, Organisation, Role, User
from kansrijk.audit.services import record


@transaction.atomic
def organisation_get_or_create(*, name: str, kind: str, actor: User | None) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    if created:
        record(
            actor=actor, action="organisation.created", obj=organisation, changes={"name": name, "kind": kind}
        )
    return organisation


@transaction.atomic
def user_create(
    *, email: str, password: str, first_name: str = "", last_name: str = "", actor: User | None
) -> User:
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    record(actor=actor, action="user.created", obj=user, changes={"email": user.email})
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User | None) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, action="user.password_set", obj=user)


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: Role, actor: User | None) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
    if created:
        record(
            actor=actor,
            action="membership.granted",
            obj=membership,
            changes={"user": user.email, "organisation": organisation.name, "role": str(role)},
        )
    return membership


# --- Sign-in events -------------------------------------------------------------------------------
# allauth and Django signal *that* something happened (accounts/signals.py); these services are the
# write. Security events are kept in the same append-only audit table as everything else.

# The address typed at a failed sign-in is kept (trimmed) to spot password guessing per account.
_MAX_LOGIN_LENGTH = 254


def _attempted_login(login: str) -> str:
    return login.strip().lower()[:_MAX_LOGIN_LENGTH]


@transaction.atomic
def login_succeeded(*, user: User) -> None:
    record(actor=user, action="auth.login", obj=user)


@transaction.atomic
def login_failed(*, login: str) -> None:
    """A wrong e-mail address or password. The attempted address is logged, the password never."""
    attempted = _attempted_login(login)
    user = User.objects.filter(email=attempted).first() if attempted else None
    record(
        actor=None,
        action="auth.login_failed",
        object_type="accounts.user",
        object_id=str(user.public_id) if user else "",
        changes={"login": attempted},
    )


@transaction.atomic
def login_throttled(*, login: str) -> None:
    """A sign-in refused by the rate limit before the password was even checked."""
    record(
        actor=None,
        action="auth.login_throttled",
        object_type="accounts.user",
        changes={"login": _attempted_login(login)},
    )


@transaction.atomic
def mfa_authenticator_added(*, user: User, kind: str) -> None:
    record(actor=user, action="mfa.authenticator_added", obj=user, changes={"type": kind})


@transaction.atomic
def mfa_authenticator_removed(*, user: User, kind: str) -> None:
    record(actor=user, action="mfa.authenticator_removed", obj=user, changes={"type": kind})


@transaction.atomic
def mfa_authentication_failed(*, user: User, kind: str) -> None:
    record(actor=None, action="mfa.authentication_failed", obj=user, changes={"type": kind})
