"""Reads for the organisation side of partnerships: proposals an organisation's admin decides on.

A coordinator proposes an organisation as partner; only the organisation's own admin (or the platform
admin, for an organisation without one) sees the proposal and decides (docs/adr/0007). Others: 404.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.accounts.organisation_selectors import organisations_administered_by
from kansrijk.coalitions.models import CoalitionPartner, PartnerStatus
from kansrijk.coalitions.selectors.access import AnyUser


def partnerships_of_administered(user: AnyUser) -> QuerySet[CoalitionPartner]:
    """Every partnership (any state) of the organisations the user administers."""
    return (
        CoalitionPartner.objects.filter(organisation__in=organisations_administered_by(user))
        .select_related("coalition", "organisation", "proposed_by", "decided_by")
        .order_by("organisation__name", "coalition__name")
    )


def partnerships_to_decide(user: AnyUser) -> QuerySet[CoalitionPartner]:
    return partnerships_of_administered(user).filter(status=PartnerStatus.PROPOSED)


def partnership_get_to_decide(user: AnyUser, public_id: UUID) -> CoalitionPartner:
    """An open proposal for an organisation the user administers; 404 for anyone else."""
    return get_object_or_404(partnerships_to_decide(user), public_id=public_id)
