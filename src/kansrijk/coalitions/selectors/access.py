"""Who may see and change what in the coalition layer: one visibility selector per model.

Visible: coalitions the user takes part in through an *effective* participation (docs/adr/0007): not
ended, the user active and still a member of the organisation on whose behalf they take part, and that
organisation an accepted partner of the coalition. Belonging to a partner organisation gives nothing by
itself. The national programme sees every coalition, read-only. Object views fetch through these and
answer 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.accounts import selectors as accounts_selectors
from kansrijk.accounts.models import Membership, Role, User
from kansrijk.accounts.selectors import user_has_role
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import (
    Action,
    Agreement,
    Coalition,
    CoalitionPartner,
    CoalitionStatus,
    GoodPractice,
    Invitation,
    Participation,
    ParticipationRole,
    PartnerStatus,
    ZelfscanRound,
)

AnyUser = User | AnonymousUser


def effective_participations() -> QuerySet[Participation]:
    """Participations that give access now: the one rule every visibility check below builds on."""
    return Participation.objects.filter(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("user_id"), organisation_id=OuterRef("organisation_id")
            )
        ),
        Exists(
            CoalitionPartner.objects.filter(
                coalition_id=OuterRef("coalition_id"),
                organisation_id=OuterRef("organisation_id"),
                status=PartnerStatus.ACCEPTED,
            )
        ),
        ended_at__isnull=True,
        user__is_active=True,
    )


def partners_accepted(coalition: Coalition) -> QuerySet[CoalitionPartner]:
    """The partners that count (netwerkkaart, lists, kartrekker, invitations, local offer, klantroutes)."""
    return (
        CoalitionPartner.objects.filter(coalition=coalition, status=PartnerStatus.ACCEPTED)
        .select_related("organisation")
        .order_by("organisation__name")
    )


def coalitions_coordinated_by(user: AnyUser) -> QuerySet[Coalition]:
    if not user.is_authenticated:
        return Coalition.objects.none()
    mine = effective_participations().filter(user=user, role=ParticipationRole.COORDINATOR)
    return Coalition.objects.filter(pk__in=mine.values("coalition_id"))


def user_coordinates_municipality(user: AnyUser, municipality: Area) -> bool:
    return coalitions_coordinated_by(user).filter(municipalities=municipality).exists()


def user_is_national(user: AnyUser) -> bool:
    return accounts_selectors.user_is_national(user)


def coalitions_of_member(user: AnyUser) -> QuerySet[Coalition]:
    """Coalitions the user takes part in (as deelnemer or coordinator), by effective participation."""
    if not user.is_authenticated:
        return Coalition.objects.none()
    return Coalition.objects.filter(
        pk__in=effective_participations().filter(user=user).values("coalition_id")
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
    return (
        user.is_authenticated
        and effective_participations()
        .filter(user=user, coalition=coalition, role=ParticipationRole.COORDINATOR)
        .exists()
    )


def user_is_member(user: AnyUser, coalition: Coalition) -> bool:
    return (
        user.is_authenticated and effective_participations().filter(user=user, coalition=coalition).exists()
    )


def participants_of(coalition: Coalition) -> QuerySet[User]:
    """The people who take part in the coalition now (effective participation), coordinators included."""
    ids = effective_participations().filter(coalition=coalition).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


def coordinators_of(coalition: Coalition) -> QuerySet[User]:
    ids = (
        effective_participations()
        .filter(coalition=coalition, role=ParticipationRole.COORDINATOR)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name", "email")


def user_may_create_coalition(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        # The creator becomes the first coordinator on behalf of the organisation where they hold
        # this role (docs/adr/0007): without it there is no organisation to take part for.
        and user_has_role(user, Role.COORDINATOR)
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
    """Good practices are shared knowledge: every user of any coalition (and the national programme) sees
    those of confirmed coalitions, and their own coalitions' practices. A coalition that is only requested
    publishes nothing beyond itself (ADR 0008), so a self-made coalition cannot spread content to all."""
    if user_is_national(user):
        return GoodPractice.objects.filter(coalition__status=CoalitionStatus.CONFIRMED).select_related(
            "coalition"
        )
    mine = coalitions_of_member(user)
    if not mine.exists():
        return GoodPractice.objects.none()
    return GoodPractice.objects.filter(
        Q(coalition__status=CoalitionStatus.CONFIRMED) | Q(coalition__in=mine)
    ).select_related("coalition")
