"""Choices for the family forms: where a professional may register a family, and with whom its data may
be shared. Organisations and teams, no family data: nothing to log."""

from __future__ import annotations

from django.db.models import QuerySet

from kansrijk.care.context import AccessContext
from kansrijk.care.models import CareTeam, Episode
from kansrijk.coalitions.models import Coalition, CoalitionPartner, PartnerStatus


def coalitions_for_registering(ctx: AccessContext) -> QuerySet[Coalition]:
    """The coalitions the professional's organisation is an accepted partner of."""
    partners = CoalitionPartner.objects.filter(organisation=ctx.organisation, status=PartnerStatus.ACCEPTED)
    return Coalition.objects.filter(pk__in=partners.values("coalition_id")).order_by("name")


def sharing_teams(ctx: AccessContext, episode: Episode) -> QuerySet[CareTeam]:
    """Teams a family's data may be shared with: of the coalition's other accepted partner organisations."""
    partners = CoalitionPartner.objects.filter(
        coalition_id=episode.coalition_id, status=PartnerStatus.ACCEPTED
    )
    return (
        CareTeam.objects.filter(organisation__in=partners.values("organisation_id"))
        .exclude(organisation=ctx.organisation)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )
