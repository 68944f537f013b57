"""Reads of the good practices: the shared search, one practice, a coalition's own list, and the export."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kansrijk.coalitions.models import Coalition, GoodPractice
from kansrijk.coalitions.selectors.access import (
    AnyUser,
    coalitions_of_member,
    practices_visible_to,
    user_coordinates,
    user_is_member,
)


def practices_search(
    *, user: AnyUser, q: str = "", theme: str = "", phase: str = ""
) -> QuerySet[GoodPractice]:
    """Published practices of every coalition the user may see (all of them, for members and the
    national programme), filtered by theme, phase and free text in what / for whom / description / results."""
    qs = practices_visible_to(user).filter(withdrawn_at__isnull=True)
    if theme:
        qs = qs.filter(theme=theme)
    if phase:
        qs = qs.filter(phase=phase)
    for word in q.split():
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(target_group__icontains=word)
            | Q(description__icontains=word)
            | Q(results__icontains=word)
            | Q(coalition__name__icontains=word)
        )
    return qs.order_by("-created_at")


def practice_get_for_user(user: AnyUser, public_id: UUID) -> GoodPractice:
    """A published practice, or a withdrawn one for the members of its own coalition; else 404."""
    practice = practices_visible_to(user).filter(public_id=public_id).select_related("published_by").first()
    if practice is None or (
        practice.withdrawn_at is not None and not user_is_member(user, practice.coalition)
    ):
        raise Http404(_("Deze praktijk bestaat niet of is niet (meer) gedeeld."))
    return practice


def practices_of_coalition(coalition: Coalition) -> QuerySet[GoodPractice]:
    """All practices this coalition shared, withdrawn ones included (for its own members)."""
    return GoodPractice.objects.filter(coalition=coalition).select_related("coalition", "published_by")


def user_may_share_practice(user: AnyUser, coalition: Coalition) -> bool:
    return user_is_member(user, coalition)


def coalitions_to_share_for(user: AnyUser) -> QuerySet[Coalition]:
    """Coalitions the user may publish a practice for (its own)."""
    return coalitions_of_member(user).order_by("name")


def user_may_edit_practice(user: AnyUser, practice: GoodPractice) -> bool:
    """Who shared it (while still a member of the coalition) or a coordinator of that coalition."""
    if not user.is_authenticated:
        return False
    if user_coordinates(user, practice.coalition):
        return True
    return practice.published_by_id == user.pk and user_is_member(user, practice.coalition)


def practices_export(coalition: Coalition) -> list[dict[str, Any]]:
    return [
        {
            "wat": p.title,
            "voor_wie": p.target_group,
            "beschrijving": p.description,
            "resultaten": p.results,
            "contact": p.contact,
            "thema": p.theme,
            "fase": p.phase,
            "gedeeld_op": p.created_at.date().isoformat(),
            "ingetrokken": p.withdrawn_at is not None,
        }
        for p in practices_of_coalition(coalition)
    ]
