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
