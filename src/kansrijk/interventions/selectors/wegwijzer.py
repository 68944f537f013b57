"""What of the local offer is public: the one rule the Wegwijzer and the balans share.

An offer is public when its coalition is confirmed (`confirmed_coalitions`), its partner is accepted, it is
switched on for the Wegwijzer and the partner organisation itself confirmed it. `only_national_needs`
derives the themes a municipality's Wegwijzer can only fill with the national helplines, so the balans
("alleen landelijk") and the public page always agree. No personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Max, Prefetch, QuerySet

from kansrijk.accounts.models import Membership, Role, User
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition, PartnerStatus
from kansrijk.coalitions.selectors.access import AnyUser
from kansrijk.coalitions.selectors.confirmation import coalition_is_public, confirmed_coalitions
from kansrijk.interventions.models import Intervention, InterventionNeed, LocalOffer, Need

# The roles of a partner organisation that may confirm its own public offer: its admin and its members.
CONFIRMING_ROLES = (Role.ORG_ADMIN, Role.PARTNER_MEMBER)


def public_offers(
    *, coalitions: Iterable[Coalition], municipality: Area | None = None
) -> QuerySet[LocalOffer]:
    """The offers of these coalitions that the Wegwijzer shows (of one municipality, when given).

    Unconfirmed coalitions are dropped here too: callers cannot leak one by passing it in."""
    ids = [c.pk for c in coalitions]
    offers = LocalOffer.objects.filter(
        coalition__in=confirmed_coalitions().filter(pk__in=ids),
        partner__status=PartnerStatus.ACCEPTED,
        show_on_wegwijzer=True,
        public_confirmed_at__isnull=False,
    )
    if municipality is not None:
        offers = offers.filter(municipalities=municipality)
    return (
        offers.select_related("intervention", "partner__organisation")
        .prefetch_related(
            Prefetch("intervention__need_rows", queryset=InterventionNeed.objects.order_by("id"))
        )
        .order_by("intervention__name", "partner__organisation__name")
        .distinct()
    )


def offer_needs(offer: LocalOffer) -> list[str]:
    """The themes of an offer (its intervention's), from the prefetch."""
    return [row.need for row in offer.intervention.need_rows.all()]


def only_national_needs(offers: Iterable[LocalOffer]) -> list[str]:
    """The themes (in `Need` order) none of these public offers covers: "alleen landelijk"."""
    covered = {need for offer in offers for need in offer_needs(offer)}
    return [need for need in Need.values if need not in covered]


@dataclass(frozen=True)
class WegwijzerGap:
    need: str
    label: str
    # The coalition's municipalities whose Wegwijzer shows only the national helplines for this theme.
    municipalities: list[str] = field(default_factory=list)
    everywhere: bool = False


@dataclass(frozen=True)
class WegwijzerBalans:
    public: bool  # the coalition is confirmed: without that its Wegwijzer is the national version
    gaps: list[WegwijzerGap]


def wegwijzer_gaps(*, coalition: Coalition) -> WegwijzerBalans:
    """Per theme, the coalition's municipalities where the Wegwijzer shows "alleen landelijk" (2 queries)."""
    municipalities = list(coalition.municipalities.order_by("name"))
    offers = list(public_offers(coalitions=[coalition]).prefetch_related("municipalities"))
    gaps = []
    for need, label in Need.choices:
        missing = [
            m.name
            for m in municipalities
            if need in only_national_needs(o for o in offers if m in o.municipalities.all())
        ]
        if missing:
            gaps.append(
                WegwijzerGap(
                    need=need,
                    label=str(label),
                    municipalities=missing,
                    everywhere=len(missing) == len(municipalities),
                )
            )
    return WegwijzerBalans(public=coalition_is_public(coalition), gaps=gaps)


# --- who confirms ------------------------------------------------------------------------------------


def user_may_confirm_offer(user: AnyUser, offer: LocalOffer) -> bool:
    """Only the partner organisation itself (its admin or a member), never the coordinator for it."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return False
    if offer.partner.status != PartnerStatus.ACCEPTED:
        return False
    return Membership.objects.filter(
        user=user, organisation_id=offer.partner.organisation_id, role__in=CONFIRMING_ROLES
    ).exists()


def offers_to_confirm(user: AnyUser) -> QuerySet[LocalOffer]:
    """The offers switched on for the Wegwijzer of the organisations the user may confirm for."""
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        return LocalOffer.objects.none()
    orgs = Membership.objects.filter(user=user, role__in=CONFIRMING_ROLES).values("organisation_id")
    return (
        LocalOffer.objects.filter(
            partner__organisation_id__in=orgs,
            partner__status=PartnerStatus.ACCEPTED,
            show_on_wegwijzer=True,
        )
        .select_related("intervention", "partner__organisation", "coalition", "public_confirmed_by")
        .order_by("public_confirmed_at", "coalition__name", "intervention__name")
    )


def offer_for_confirmation(user: AnyUser, public_id: UUID) -> LocalOffer | None:
    """One offer for the confirmation page, or None (the view answers 404: do not leak existence)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    offer = (
        LocalOffer.objects.select_related("intervention", "partner__organisation", "coalition")
        .filter(public_id=public_id)
        .first()
    )
    if offer is None or not user_may_confirm_offer(user, offer):
        return None
    return offer


def public_offers_version(coalition_ids: list[int]) -> tuple[object, ...]:
    """Changes whenever what `public_offers` returns for these coalitions may change: an offer or a
    partnership written or removed, the menukaart edited (2 aggregate queries). For page caches."""
    offers = LocalOffer.objects.filter(coalition_id__in=coalition_ids).aggregate(
        n=Count("id"), at=Max("updated_at"), partners=Max("partner__updated_at")
    )
    menukaart = Intervention.objects.aggregate(at=Max("updated_at"))
    return (offers["n"], offers["at"], offers["partners"], menukaart["at"])
