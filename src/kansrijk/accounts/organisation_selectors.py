"""Reads for organisation management: who administers which organisation, its members and requests.

An organisation is managed only by its own admin (a Membership with Role.ORG_ADMIN). An organisation
without an (active) admin is managed by the platform admin, who onboards it by making someone its admin;
once it has one, the platform admin has no say in it any more (docs/adr/0007).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.accounts.models import (
    AccessReview,
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    Role,
    User,
)
from kansrijk.accounts.selectors import user_is_platform_admin

AnyUser = User | AnonymousUser


def _active_admin_memberships() -> QuerySet[Membership]:
    # A deactivated admin does not count: otherwise an organisation whose admin left would be stuck.
    return Membership.objects.filter(role=Role.ORG_ADMIN, user__is_active=True)


def organisations_without_admin() -> QuerySet[Organisation]:
    has_admin = Exists(_active_admin_memberships().filter(organisation=OuterRef("pk")))
    return Organisation.objects.filter(~has_admin)


def organisations_administered_by(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations where the user is admin; for the platform admin also every one without an admin."""
    if not user.is_authenticated or not user.is_active:
        return Organisation.objects.none()
    own = Q(pk__in=_active_admin_memberships().filter(user=user).values("organisation_id"))
    if user_is_platform_admin(user):
        return Organisation.objects.filter(own | Q(pk__in=organisations_without_admin().values("pk")))
    return Organisation.objects.filter(own)


def organisations_administered_overview(user: AnyUser) -> QuerySet[Organisation]:
    """For the list page: each administered organisation with `has_admin`, `open_requests`, `last_review`."""
    return (
        organisations_administered_by(user)
        .annotate(
            has_admin=Exists(_active_admin_memberships().filter(organisation=OuterRef("pk"))),
            open_requests=Count(
                "membership_requests",
                filter=Q(membership_requests__status=MembershipRequestStatus.OPEN),
                distinct=True,
            ),
            last_review=Max("access_reviews__created_at"),
        )
        .order_by("name")
    )


def user_administers(user: AnyUser, organisation: Organisation) -> bool:
    return organisations_administered_by(user).filter(pk=organisation.pk).exists()


def user_administers_any(user: AnyUser) -> bool:
    """For the account menu: does this user get the "Mijn organisatie" pages at all?"""
    return organisations_administered_by(user).exists()


def organisation_get_administered(user: AnyUser, public_id: UUID) -> Organisation:
    """The organisation, for its admin; 404 for everyone else (existence is not leaked)."""
    return get_object_or_404(organisations_administered_by(user), public_id=public_id)


def organisation_has_admin(organisation: Organisation) -> bool:
    return _active_admin_memberships().filter(organisation=organisation).exists()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Every role held in the organisation, with its person, ordered by person then role."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email", "role")
    )


def member_get(organisation: Organisation, public_id: UUID) -> User:
    """A person who holds a role in the organisation; 404 otherwise."""
    return get_object_or_404(
        User.objects.filter(memberships__organisation=organisation).distinct(), public_id=public_id
    )


def membership_get(organisation: Organisation, public_id: UUID) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=organisation,
        public_id=public_id,
    )


def membership_requests_for(user: AnyUser) -> QuerySet[MembershipRequest]:
    """Open requests the user may decide on: those for organisations they administer."""
    return (
        MembershipRequest.objects.filter(
            status=MembershipRequestStatus.OPEN, organisation__in=organisations_administered_by(user)
        )
        .select_related("user", "organisation")
        .order_by("created_at")
    )


def membership_request_get(organisation: Organisation, public_id: UUID) -> MembershipRequest:
    return get_object_or_404(
        MembershipRequest.objects.select_related("user", "organisation"),
        organisation=organisation,
        public_id=public_id,
    )


def last_access_review(organisation: Organisation) -> AccessReview | None:
    return organisation.access_reviews.select_related("reviewed_by").order_by("-created_at").first()
