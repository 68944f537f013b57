"""Who may see which family, and on what basis: the one visibility rule of the care layer.

A professional sees a family only through an open care relation of the team they act for, and only
while the basis of that relation holds: the organisation's own relation with the client, an active
consent for that organisation, or an active other legal basis. What they see of it is limited to the
data categories that basis covers (their own relation: all). A parent sees only their own family.
Coordinators, the national programme, organisation and platform admins never reach this: they hold no
care context. Everything is checked on every access, so a withdrawn consent works at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from kansrijk.care.categories import ALL_CATEGORIES
from kansrijk.care.context import AccessContext
from kansrijk.care.models import CareRelation, Episode, Person, RelationBasis


def _live_relations() -> Q:
    """Relations whose basis still holds (as a filter on CareRelation)."""
    return Q(ended_at__isnull=True) & (
        Q(basis=RelationBasis.OWN)
        | Q(basis=RelationBasis.CONSENT, consent__withdrawn_at__isnull=True)
        | Q(basis=RelationBasis.LEGAL, legal_basis__ended_at__isnull=True)
    )


def relations_of(ctx: AccessContext) -> QuerySet[CareRelation]:
    """The live care relations of the context's team (none for anyone who is not a professional)."""
    if not ctx.is_professional:
        return CareRelation.objects.none()
    return CareRelation.objects.filter(_live_relations(), team=ctx.team)


def episodes_visible_to(ctx: AccessContext) -> QuerySet[Episode]:
    """The one visibility selector for families (Episode and everything hanging from it)."""
    if ctx.is_parent and ctx.user is not None:
        return Episode.objects.filter(persons__account=ctx.user, anonymised_at__isnull=True).distinct()
    if not ctx.is_professional:
        return Episode.objects.none()
    live = relations_of(ctx).values("episode_id")
    return Episode.objects.filter(pk__in=live, anonymised_at__isnull=True)


@dataclass(frozen=True)
class EpisodeAccess:
    """What the context may see of one family, and the basis it relies on (for the access log)."""

    episode: Episode
    categories: frozenset[str]
    basis: str
    relation: CareRelation | None = None
    person: Person | None = None  # the parent, in the family's own view

    def may_see(self, category: str) -> bool:
        return category in self.categories


def basis_label(relation: CareRelation) -> str:
    if relation.basis == RelationBasis.CONSENT and relation.consent is not None:
        return f"toestemming:{relation.consent.public_id}"
    if relation.basis == RelationBasis.LEGAL and relation.legal_basis is not None:
        return f"{relation.legal_basis.kind}:{relation.legal_basis.public_id}"
    return f"eigen relatie:{relation.public_id}"


def episode_access(ctx: AccessContext, public_id: UUID) -> EpisodeAccess:
    """Resolve a family for the context, or 404. Does not log: callers log what they then read."""
    episode = (
        episodes_visible_to(ctx).filter(public_id=public_id).select_related("municipality", "wijk").first()
    )
    if episode is None:
        raise Http404
    if ctx.is_parent:
        person = episode.persons.filter(account=ctx.user).first()
        return EpisodeAccess(episode=episode, categories=ALL_CATEGORIES, basis="eigen inzage", person=person)
    relation = (
        relations_of(ctx)
        .filter(episode=episode)
        .select_related("consent", "legal_basis")
        .order_by("created_at")
        .first()
    )
    if relation is None:  # pragma: no cover - the queryset above already required one
        raise Http404
    if relation.basis == RelationBasis.CONSENT and relation.consent is not None:
        categories = frozenset(relation.consent.categories)
    elif relation.basis == RelationBasis.LEGAL and relation.legal_basis is not None:
        categories = frozenset(relation.legal_basis.categories)
    else:
        categories = ALL_CATEGORIES
    return EpisodeAccess(
        episode=episode, categories=categories, basis=basis_label(relation), relation=relation
    )
