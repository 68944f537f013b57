"""Writes for users, organisations and roles; each records its audit event in the same transaction."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from kansrijk.accounts.models import Membership, Organisation, Role, User
from kansrijk.accounts.selectors import user_totp_secret
from kansrijk.accounts.types import Actor
from kansrijk.audit.services import record


@transaction.atomic
def organisation_get_or_create(*, name: str, kind: str, actor: Actor) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    if created:
        record(
            actor=actor, action="organisation.created", obj=organisation, changes={"name": name, "kind": kind}
        )
    return organisation


@transaction.atomic
def user_create(
    *, email: str, password: str, first_name: str = "", last_name: str = "", actor: Actor
) -> User:
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    record(actor=actor, action="user.created", obj=user, changes={"email": user.email})
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: Actor) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record(actor=actor, action="user.password_set", obj=user)


@transaction.atomic
def email_mark_verified(*, user: User, actor: Actor) -> None:
    """Mark the user's login address as proven (an accepted invitation link, or a demo account).

    Only the current login address; any other (pending) address keeps waiting for its own link.
    """
    address, _created = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if address.verified and address.primary:
        return
    EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(primary=False)
    address.verified = True
    address.primary = True
    address.save(update_fields=["verified", "primary"])
    record(actor=actor, action="user.email_verified", obj=user, changes={"email": user.email})


@transaction.atomic
def totp_ensure(*, user: User, secret: str | None = None, actor: Actor) -> str:
    """Give the user an authenticator app unless they have one; return its base32 secret.

    A given `secret` replaces a different existing one (a fixed demo secret for scripts and e2e tests).
    For demo accounts only (the secret is printed on the console): real users set up their own app.
    Stored exactly as allauth's own activation does (`TOTP.activate` encrypts through the MFA adapter).
    """
    existing = user_totp_secret(user)
    if existing is not None and secret in (None, existing):
        return existing
    if existing is not None:
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    record(actor=actor, action="mfa.authenticator_added", obj=user, changes={"type": Authenticator.Type.TOTP})
    return secret


@transaction.atomic
def membership_grant(*, user: User, organisation: Organisation, role: Role, actor: Actor) -> Membership:
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
        actor=AnonymousUser(),
        action="auth.login_failed",
        object_type="accounts.user",
        object_id=str(user.public_id) if user else "",
        changes={"login": attempted},
    )


@transaction.atomic
def login_throttled(*, login: str) -> None:
    """A sign-in refused by the rate limit before the password was even checked."""
    record(
        actor=AnonymousUser(),
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
    record(actor=AnonymousUser(), action="mfa.authentication_failed", obj=user, changes={"type": kind})
