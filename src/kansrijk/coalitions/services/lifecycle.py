"""Ending coalition participations when someone stops belonging to an organisation.

accounts may not import the coalition layer, so accounts calls `participations_end_for` through the hook
registered in CoalitionsConfig.ready() (kansrijk.accounts.hooks), inside its own transaction: a leaver's
account, membership and participations end together or not at all. An organisation's admin can also end
one participation of a colleague from the access review (`participation_end_by_organisation`).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import Organisation, User
from kansrijk.accounts.organisation_services import ensure_administers
from kansrijk.accounts.types import Actor
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Participation

REASON_BY_ORGANISATION = "ingetrokken door de beheerder van de organisatie"
_REASON_MAX = 200


def _end(participation: Participation, *, reason: str, actor: Actor) -> None:
    participation.ended_at = timezone.now()
    participation.ended_reason = reason[:_REASON_MAX]
    participation.save(update_fields=["ended_at", "ended_reason", "updated_at"])
    record(
        actor=actor,
        action="coalition.participation_ended",
        obj=participation,
        changes={
            "coalition": participation.coalition.slug,
            "user": participation.user.email,
            "organisation": participation.organisation.name,
            "role": participation.role,
            "reason": participation.ended_reason,
        },
    )


@transaction.atomic
def participations_end_for(
    *, user: User, organisation: Organisation | None = None, reason: str, actor: Actor
) -> int:
    """End the user's active participations (only those via `organisation` when given). Returns how many.

    No permission check here: it is the consequence of a membership or account ending, which the
    accounts service has already checked."""
    active = Participation.objects.filter(user=user, ended_at__isnull=True).select_related(
        "coalition", "organisation", "user"
    )
    if organisation is not None:
        active = active.filter(organisation=organisation)
    participations = list(active.select_for_update(of=("self",)))
    for participation in participations:
        _end(participation, reason=reason, actor=actor)
    return len(participations)


@transaction.atomic
def participation_end_by_organisation(*, participation: Participation, actor: User) -> None:
    """The organisation's admin withdraws a colleague from a coalition they take part in for the organisation."""
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("coalition", "organisation", "user")
        .get(pk=participation.pk)
    )
    ensure_administers(actor, participation.organisation)
    if participation.ended_at is not None:
        return
    _end(participation, reason=REASON_BY_ORGANISATION, actor=actor)
