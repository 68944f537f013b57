"""Reads for the organisation admin's page of system clients (koppelingen). Configuration, not families'
data: no access-log entry. 404 for anyone who is not the organisation's own admin."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.care.models import SystemClient


@dataclass(frozen=True)
class OrganisationClients:
    organisation: Organisation
    clients: list[SystemClient]


def organisations_for_clients(user: User) -> QuerySet[Organisation]:
    """The organisations whose own admin this user is (the platform admin gets none of them)."""
    if not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.ORG_ADMIN).distinct()


def clients_overview(user: User) -> list[OrganisationClients]:
    overview = []
    for organisation in organisations_for_clients(user).order_by("name"):
        clients = list(
            SystemClient.objects.filter(organisation=organisation)
            .select_related("created_by")
            .order_by("revoked_at", "name")
        )
        overview.append(OrganisationClients(organisation=organisation, clients=clients))
    return overview


def organisation_for_clients(user: User, public_id: UUID) -> Organisation:
    organisation = organisations_for_clients(user).filter(public_id=public_id).first()
    if organisation is None:
        raise Http404
    return organisation


def client_get_administered(user: User, public_id: UUID) -> SystemClient:
    client = (
        SystemClient.objects.filter(organisation__in=organisations_for_clients(user), public_id=public_id)
        .select_related("organisation")
        .first()
    )
    if client is None:
        raise Http404
    return client
