"""Who may see and change what in the coalition layer: one visibility selector per model.

Visible: coalitions the user coordinates or whose partner list holds an organisation the user belongs to.
The national programme sees every coalition, read-only. Object views fetch through these and answer 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.accounts.models import Role, User
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import (
    Action,
    Agreement,
    Coalition,
    CoalitionPartner,
    GoodPractice,
    Invitation,
    ZelfscanRound,
)

AnyUser = User | AnonymousUser


def coalitions_coordinated_by(user: AnyUser) -> QuerySet[Coalition]:
    if not user.is_authenticated:
        return Coalition.objects.none()
    return Coalition.objects.filter(coordinators=user)


def user_coordinates_municipality(user: AnyUser, municipality: Area) -> bool:
    return coalitions_coordinated_by(user).filter(municipalities=municipality).exists()


def user_is_national(user: AnyUser) -> bool:
    return user.is_authenticated and user.memberships.filter(role=Role.NATIONAL).exists()


def coalitions_of_member(user: AnyUser) -> QuerySet[Coalition]:
    """Coalitions the user takes part in (as coordinator or through a partner organisation)."""
    if not user.is_authenticated:
        return Coalition.objects.none()
    org_ids = user.memberships.values("organisation_id")
    # pk__in subqueries instead of .distinct(): joins over two M2Ms would duplicate rows.
    return Coalition.objects.filter(
        Q(pk__in=Coalition.objects.filter(coordinators=user).values("pk"))
        | Q(pk__in=CoalitionPartner.objects.filter(organisation_id__in=org_ids).values("coalition_id"))
    )


def coalitions_visible_to(user: AnyUser) -> QuerySet[Coalition]:
    if not user.is_authenticated:
        return Coalition.objects.none()
    if user_is_national(user):
        return Coalition.objects.all()
    return coalitions_of_member(user)


def coalition_get_for_user(user: AnyUser, slug: str) -> Coalition:
    return get_object_or_404(coalitions_visible_to(user), slug=slug)


def user_coordinates(user: AnyUser, coalition: Coalition) -> bool:
    return user.is_authenticated and coalition.coordinators.filter(pk=user.pk).exists()


def user_is_member(user: AnyUser, coalition: Coalition) -> bool:
    return coalitions_of_member(user).filter(pk=coalition.pk).exists()


def user_may_create_coalition(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and user.memberships.filter(role__in=[Role.COORDINATOR, Role.PLATFORM_ADMIN]).exists()
    )


def partners_visible_to(user: AnyUser) -> QuerySet[CoalitionPartner]:
    return CoalitionPartner.objects.filter(coalition__in=coalitions_visible_to(user))


def invitations_visible_to(user: AnyUser) -> QuerySet[Invitation]:
    # Invitations carry e-mail addresses of people not yet in: only coordinators see them.
    return Invitation.objects.filter(coalition__in=coalitions_coordinated_by(user))


def rounds_visible_to(user: AnyUser) -> QuerySet[ZelfscanRound]:
    return ZelfscanRound.objects.filter(coalition__in=coalitions_visible_to(user))


def actions_visible_to(user: AnyUser) -> QuerySet[Action]:
    return Action.objects.filter(coalition__in=coalitions_visible_to(user))


def agreements_visible_to(user: AnyUser) -> QuerySet[Agreement]:
    return Agreement.objects.filter(coalition__in=coalitions_visible_to(user))


def practices_visible_to(user: AnyUser) -> QuerySet[GoodPractice]:
    """Good practices are shared knowledge: every user of any coalition (and the national programme) sees all."""
    if user_is_national(user) or coalitions_of_member(user).exists():
        return GoodPractice.objects.select_related("coalition")
    return GoodPractice.objects.none()
