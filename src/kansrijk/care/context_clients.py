"""The access context of a system client: another organisation's software acting through the FHIR API
(issue 12), for one care team of its own organisation.

It mirrors `professional_context`: a system client acts on the organisation's behalf for a team, so the
same visibility rules, services and access log apply to it as to a professional of that team. There is no
user; the access log names the client instead (`system_label`: name and key id), and `responsible` is
empty — the organisation's admin who made the credential answers for it (audit log).
"""

from __future__ import annotations

from django.http import Http404

from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext, ActingAs
from kansrijk.care.models import CareTeam, SystemClient


def client_label(client: SystemClient) -> str:
    return f"koppeling: {client.name} ({client.key_id})"


def system_client_context(
    client: SystemClient, team: CareTeam, *, purpose: str = Purpose.REFERRAL
) -> AccessContext:
    """The context of an active system client acting for a team of its own organisation; 404 otherwise."""
    if client.revoked_at is not None or team.organisation_id != client.organisation_id:
        raise Http404
    return AccessContext(
        user=None,
        acting_as=ActingAs.PROFESSIONAL,
        purpose=purpose,
        organisation=team.organisation,
        team=team,
        system_label=client_label(client),
    )


def first_team(client: SystemClient) -> CareTeam | None:
    """The team a system client sends for: its organisation's first care team by name."""
    return (
        CareTeam.objects.filter(organisation_id=client.organisation_id)
        .select_related("organisation")
        .order_by("name")
        .first()
    )
