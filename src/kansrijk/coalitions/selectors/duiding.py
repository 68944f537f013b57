"""The coalition layer's rules for duidingen on the startfoto, handed to it through `startfoto.hooks`.

A duiding is a coalition speaking in public about its municipality's figures, so: only a coordinator of
a confirmed coalition that includes the municipality writes one, only the duidingen of confirmed
coalitions are shown, and the author is shown by role and organisation, never by e-mail address.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import translation

from kansrijk.accounts.models import Membership, Role
from kansrijk.areas.models import Area
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalitions_coordinated_by
from kansrijk.coalitions.selectors.confirmation import confirmed_coalitions
from kansrijk.startfoto.hooks import DuidingProvider


def duiding_coalitions_for(user: AbstractBaseUser | AnonymousUser, municipality: Area) -> QuerySet[Coalition]:
    """The confirmed coalitions with `municipality` that `user` coordinates, by name."""
    coordinated = coalitions_coordinated_by(user)  # type: ignore[arg-type]  # none for anonymous
    return (
        confirmed_coalitions()
        .filter(pk__in=coordinated.values("pk"), municipalities=municipality)
        .order_by("name")
    )


def duiding_author_label(user: AbstractBaseUser) -> str:
    """Role and organisation, e.g. "Coördinator coalitie, Gemeente Utrecht" (stored, so in Dutch)."""
    memberships = Membership.objects.filter(user_id=user.pk).select_related("organisation")
    # The coordinator membership first: that is the role in which a duiding is written.
    membership = (
        memberships.filter(role=Role.COORDINATOR).first() or memberships.order_by("created_at").first()
    )
    with translation.override("nl"):
        if membership is None:
            return str(Role.COORDINATOR.label)
        return f"{Role(membership.role).label}, {membership.organisation.name}"


DUIDING_PROVIDER = DuidingProvider(
    writable_coalitions=duiding_coalitions_for,
    public_coalitions=confirmed_coalitions,
    author_label=duiding_author_label,
)
