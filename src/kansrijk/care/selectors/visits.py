"""Reads of the prenatal home visit: the visibility selector for HomeVisit and the two pages.

A visit is found through its family (`episode_access`: 404 for outsiders) and then by the rule of
`VISIT_CATEGORY`: whoever may see medical data sees every visit, the team that made one always sees its
own record (not the other teams of its organisation: access is scoped to the team), anyone else a 404. Each page writes one read entry in the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import OrganisationKind
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessEvent, EpisodeStatus, HomeVisit
from kansrijk.care.selectors.access import EpisodeAccess, episode_access
from kansrijk.care.selectors.families import VISIT_CATEGORY

IDENT = DataCategory.IDENTIFICATION
MAY_NOT_OFFER = _("Alleen de JGZ biedt een prenataal huisbezoek aan, aan een gezin dat nog loopt.")


def is_jgz(ctx: AccessContext) -> bool:
    return (
        ctx.is_professional and ctx.organisation is not None and ctx.organisation.kind == OrganisationKind.JGZ
    )


def may_offer(ctx: AccessContext, access: EpisodeAccess) -> bool:
    """Whether the family page offers the link "Huisbezoek aanbieden" (the service checks again)."""
    return is_jgz(ctx) and access.may_see(IDENT) and access.episode.status == EpisodeStatus.OPEN


def visits_visible_to(ctx: AccessContext, access: EpisodeAccess) -> QuerySet[HomeVisit]:
    """The visibility selector for home visits of one (already visible) family."""
    visits = HomeVisit.objects.filter(episode=access.episode)
    if access.may_see(VISIT_CATEGORY):
        return visits
    if ctx.team is None:
        return visits.none()
    return visits.filter(team=ctx.team)


@dataclass(frozen=True)
class VisitPage:
    access: EpisodeAccess
    visit: HomeVisit
    is_own_team: bool

    @property
    def may_change(self) -> bool:
        return self.is_own_team and self.access.episode.status == EpisodeStatus.OPEN


def visit_get(ctx: AccessContext, public_id: UUID, visit_id: UUID) -> HomeVisit:
    """A visible visit, or 404. Does not log: for a write, whose service logs it."""
    visit = visits_visible_to(ctx, episode_access(ctx, public_id)).filter(public_id=visit_id).first()
    if visit is None:
        raise Http404
    return visit


def visit_page(ctx: AccessContext, public_id: UUID, visit_id: UUID) -> VisitPage:
    """One visit with its outcome and next steps; 404 when the family or the visit is not visible."""
    with transaction.atomic():
        access = episode_access(ctx, public_id)
        visit = (
            visits_visible_to(ctx, access)
            .select_related("organisation", "team")
            .filter(public_id=visit_id)
            .first()
        )
        if visit is None:
            raise Http404
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="huisbezoek.bekijken",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": [VISIT_CATEGORY], "huisbezoek": str(visit.public_id)},
        )
    is_own_team = ctx.team is not None and visit.team_id == ctx.team.pk
    return VisitPage(access=access, visit=visit, is_own_team=is_own_team)


def visit_offer_page(ctx: AccessContext, public_id: UUID) -> EpisodeAccess:
    """The family for the offer form (its name in the heading): refused unless this team may offer."""
    with transaction.atomic():
        access = episode_access(ctx, public_id)
        if not may_offer(ctx, access):
            raise PermissionDenied(MAY_NOT_OFFER)
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="huisbezoek.nieuw",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": [IDENT]},
        )
    return access
