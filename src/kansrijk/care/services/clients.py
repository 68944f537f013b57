"""System clients and organisation identifiers, managed by the organisation's own admin (issue 12: "FHIR in
and out"). Configuration, not families' data: the writes go to the audit log (kansrijk.audit).

Only the organisation's own admin manages them — not the platform admin, even for an organisation without
an admin: a credential opens families' data through the API, so it is the organisation's own decision.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import EIGHT_DIGITS, Organisation, Role, User
from kansrijk.audit.services import record
from kansrijk.care.models import SystemClient

NOT_ADMIN = _("Alleen de beheerder van deze organisatie kan koppelingen beheren.")
NAME_NEEDED = _("Geef de koppeling een naam.")
NAME_TAKEN = _("Uw organisatie heeft al een koppeling met deze naam.")
ALREADY_REVOKED = _("Deze koppeling is al ingetrokken.")
IDENTIFIER_TAKEN = _("Een andere organisatie heeft dit nummer al.")

KEY_PREFIX = "kr_"
_IDENTIFIERS = ("ura", "agb", "kvk")


def is_own_admin(user: User, organisation: Organisation) -> bool:
    """Holds the admin role in this organisation (the platform admin does not count here)."""
    return user.is_active and user.memberships.filter(organisation=organisation, role=Role.ORG_ADMIN).exists()


def _require_admin(user: User, organisation: Organisation) -> None:
    if not is_own_admin(user, organisation):
        raise PermissionDenied(NOT_ADMIN)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def client_create(*, organisation: Organisation, name: str, actor: User) -> tuple[SystemClient, str]:
    """A new credential. Returns the client and the token `<key_id>.<secret>`: the only time the secret
    exists outside the caller's hands (only its hash is stored)."""
    _require_admin(actor, organisation)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": NAME_NEEDED})
    if SystemClient.objects.filter(
        organisation=organisation, name__iexact=name, revoked_at__isnull=True
    ).exists():
        raise ValidationError({"name": NAME_TAKEN})
    key_id = KEY_PREFIX + secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    client = SystemClient.objects.create(
        organisation=organisation, name=name, key_id=key_id, secret_hash=secret_hash(secret), created_by=actor
    )
    record(actor=actor, action="system_client.created", obj=client, changes={"name": name, "key_id": key_id})
    return client, f"{key_id}.{secret}"


@transaction.atomic
def client_revoke(*, client: SystemClient, actor: User) -> SystemClient:
    """Revoke at once: the next request with this credential is refused."""
    client = SystemClient.objects.select_for_update().select_related("organisation").get(pk=client.pk)
    _require_admin(actor, client.organisation)
    if client.revoked_at is not None:
        raise ValidationError(ALREADY_REVOKED)
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at", "updated_at"])
    record(actor=actor, action="system_client.revoked", obj=client, changes={"key_id": client.key_id})
    return client


# A hash to compare against when the key id is unknown, so a miss costs the same as a wrong secret.
_NO_CLIENT_HASH = secret_hash("no client")


def client_authenticate(token: str) -> SystemClient | None:
    """The active client a bearer token `<key_id>.<secret>` belongs to, or None. Compares the secret's
    hash in constant time, also when the key id is unknown or revoked."""
    key_id, dot, secret = token.strip().partition(".")
    if not dot or not key_id.startswith(KEY_PREFIX) or len(key_id) > 40:
        return None
    client = SystemClient.objects.filter(key_id=key_id).select_related("organisation").first()
    stored = client.secret_hash if client is not None else _NO_CLIENT_HASH
    matches = hmac.compare_digest(secret_hash(secret), stored)
    if client is None or not matches or client.revoked_at is not None:
        return None
    return client


@transaction.atomic
def organisation_identifiers_update(
    *, organisation: Organisation, ura: str, agb: str, kvk: str, actor: User
) -> Organisation:
    """Set the organisation's URA, AGB and KvK numbers (each blank or 8 digits, unique when set)."""
    _require_admin(actor, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    new = {"ura": ura.strip(), "agb": agb.strip(), "kvk": kvk.strip()}
    errors: dict[str, list[ValidationError]] = {}
    for field in _IDENTIFIERS:
        value = new[field]
        if not value:
            continue
        try:
            EIGHT_DIGITS(value)
        except ValidationError as exc:
            errors[field] = [exc]
            continue
        if Organisation.objects.filter(**{field: value}).exclude(pk=organisation.pk).exists():
            errors[field] = [ValidationError(IDENTIFIER_TAKEN)]
    if errors:
        raise ValidationError(errors)
    changes = {f: new[f] for f in _IDENTIFIERS if getattr(organisation, f) != new[f]}
    if not changes:
        return organisation
    for field, value in changes.items():
        setattr(organisation, field, value)
    organisation.save(update_fields=[*changes, "updated_at"])
    record(actor=actor, action="organisation.identifiers_changed", obj=organisation, changes=changes)
    return organisation
