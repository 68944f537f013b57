"""Writes for organisation management: members, membership requests, leavers and access reviews.

Only an organisation's own admin manages who belongs to it; the platform admin does so only for an
organisation without an admin (docs/adr/0007). Every function checks that itself (`ensure_administers`):
views, the CLI and tests all go through the same rule. Each records its audit event in its transaction.
When someone stops belonging to an organisation, the domain layers end what they reached through it via
the explicit hooks in `kansrijk.accounts.hooks`, inside the same transaction.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts import hooks
from kansrijk.accounts.models import (
    AccessReview,
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    Role,
    User,
)
from kansrijk.accounts.organisation_mail import mail_new_account, mail_role_added
from kansrijk.accounts.organisation_selectors import organisations_administered_by, user_administers
from kansrijk.accounts.services import email_mark_verified, membership_grant
from kansrijk.accounts.types import Actor, person
from kansrijk.audit.services import record
from kansrijk.core.mail import single_line

# What an organisation's admin may hand out. The national and platform roles reach every coalition or
# the whole platform: only the platform admin gives those, in the platform's own admin, never here.
ORG_GRANTABLE_ROLES = (
    Role.PARTNER_MEMBER,
    Role.COORDINATOR,
    Role.ORG_ADMIN,
    Role.CARE_PROFESSIONAL,
    Role.LOG_MANAGER,
)
# Roles that make an account the platform's business rather than one organisation's.
_PLATFORM_WIDE_ROLES = (Role.NATIONAL, Role.PLATFORM_ADMIN)

NOT_ADMIN = _(
    "Alleen de beheerder van deze organisatie mag dit doen. Heeft de organisatie nog geen beheerder? "
    "Dan doet de beheerder van het platform het."
)
ROLE_NOT_GRANTABLE = _(
    "Deze rol kan hier niet worden gegeven. Alleen de beheerder van het platform geeft haar."
)
ALREADY_DECIDED = _("Over dit verzoek is al besloten.")
ALREADY_HAS_ROLE = _("Deze persoon heeft deze rol al bij deze organisatie.")
ACCOUNT_DISABLED = _(
    "Het account met dit e-mailadres is uitgeschakeld. Vraag de beheerder van het platform om het weer aan te zetten."
)
LAST_ADMIN = _("{name} is de enige beheerder van {organisation}. Maak eerst iemand anders beheerder.")
NOT_A_MEMBER = _("Deze persoon heeft geen rol bij deze organisatie.")
DEACTIVATE_SELF = _("U kunt uw eigen account hier niet uitschakelen.")
DEACTIVATE_PLATFORM_WIDE = _(
    "Dit account heeft een landelijke rol of beheert het platform. Alleen de beheerder van het platform kan het "
    "uitschakelen."
)
DEACTIVATE_OTHER_ORGANISATION = _(
    "{name} werkt ook voor een andere organisatie, die u niet beheert. Daarom kunt u het account niet "
    "uitschakelen. U kunt wel alle rollen bij {organisation} beëindigen: dan heeft {name} via {organisation} "
    "nergens meer toegang."
)

REASON_MEMBERSHIP_ENDED = "lidmaatschap van de organisatie beëindigd"
REASON_ACCOUNT_DISABLED = "account uitgeschakeld"


def ensure_administers(actor: User, organisation: Organisation) -> None:
    if not user_administers(actor, organisation):
        raise PermissionDenied(NOT_ADMIN)


def _ensure_grantable(role: str, field: str = "role") -> Role:
    if role not in ORG_GRANTABLE_ROLES:
        raise ValidationError({field: ROLE_NOT_GRANTABLE})
    return Role(role)


def _name(user: User) -> str:
    return user.get_full_name() or user.email


# --- Membership requests ---------------------------------------------------------------------------


@transaction.atomic
def membership_request_create(
    *,
    user: User,
    organisation: Organisation,
    role: str = Role.PARTNER_MEMBER,
    reason: str,
    actor: Actor,
) -> MembershipRequest | None:
    """Ask the organisation's admin to let `user` in. None when the user already belongs to it.

    Idempotent: an open request for the same user and organisation is returned as it is."""
    _ensure_grantable(role)
    if Membership.objects.filter(user=user, organisation=organisation).exists():
        return None
    existing = MembershipRequest.objects.filter(
        user=user, organisation=organisation, status=MembershipRequestStatus.OPEN
    ).first()
    if existing is not None:
        return existing
    request = MembershipRequest.objects.create(
        user=user, organisation=organisation, role=role, reason=single_line(reason)[:300]
    )
    record(
        actor=actor,
        action="membership_request.created",
        obj=request,
        changes={
            "user": user.email,
            "organisation": organisation.name,
            "role": role,
            "reason": request.reason,
        },
    )
    return request


def _decide(request: MembershipRequest, *, status: str, actor: User) -> MembershipRequest:
    request = MembershipRequest.objects.select_for_update().get(pk=request.pk)  # one decision only
    ensure_administers(actor, request.organisation)
    if request.status != MembershipRequestStatus.OPEN:
        raise ValidationError(ALREADY_DECIDED)
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = person(actor)
    request.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return request


@transaction.atomic
def membership_request_grant(*, request: MembershipRequest, actor: User) -> Membership:
    role = _ensure_grantable(request.role)
    request = _decide(request, status=MembershipRequestStatus.GRANTED, actor=actor)
    membership = membership_grant(
        user=request.user, organisation=request.organisation, role=role, actor=actor
    )
    record(
        actor=actor,
        action="membership_request.granted",
        obj=request,
        changes={"user": request.user.email, "organisation": request.organisation.name, "role": request.role},
    )
    return membership


@transaction.atomic
def membership_request_refuse(*, request: MembershipRequest, actor: User) -> MembershipRequest:
    request = _decide(request, status=MembershipRequestStatus.REFUSED, actor=actor)
    record(
        actor=actor,
        action="membership_request.refused",
        obj=request,
        changes={"user": request.user.email, "organisation": request.organisation.name, "role": request.role},
    )
    return request


# --- Adding a colleague ----------------------------------------------------------------------------


def _answer_open_request(user: User, organisation: Organisation, actor: User) -> None:
    # An open request is answered by adding the person directly; leaving it open would confuse the admin.
    MembershipRequest.objects.filter(
        user=user, organisation=organisation, status=MembershipRequestStatus.OPEN
    ).update(status=MembershipRequestStatus.GRANTED, decided_at=timezone.now(), decided_by=person(actor))


@transaction.atomic
def member_add(
    *,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    role: str,
    actor: User,
    link_base: str = "",
) -> Membership:
    """The organisation's admin adds a colleague: an existing account gets the role; for a new address an
    account without a usable password is made and a mail with a set-password link is sent.

    `link_base` is the site's address (scheme and host) for the links in the mail."""
    ensure_administers(actor, organisation)
    granted = _ensure_grantable(role)
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": exc.messages}) from exc
    user = User.objects.filter(email=email).first()
    is_new = user is None
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name=first_name.strip(), last_name=last_name.strip()
        )
        record(
            actor=actor,
            action="user.created",
            obj=user,
            changes={"email": email, "by_organisation": organisation.name},
        )
        # Like every account made by an administrator: the admin vouches for the work address, and the
        # set-password link, which only reaches that mailbox, proves it.
        email_mark_verified(user=user, actor=actor)
    elif not user.is_active:
        raise ValidationError({"email": ACCOUNT_DISABLED})
    elif Membership.objects.filter(user=user, organisation=organisation, role=granted).exists():
        raise ValidationError({"role": ALREADY_HAS_ROLE})
    membership = membership_grant(user=user, organisation=organisation, role=granted, actor=actor)
    _answer_open_request(user, organisation, actor)
    # Sent last, inside the transaction: a failing mail server rolls the whole addition back.
    if is_new:
        mail_new_account(user, organisation, granted, actor, link_base)
    else:
        mail_role_added(user, organisation, granted, actor, link_base)
    return membership


# --- Ending roles, memberships and accounts --------------------------------------------------------


def _ensure_not_last_admin(user: User, organisation: Organisation, *, roles_ending: set[str]) -> None:
    if Role.ORG_ADMIN not in roles_ending:
        return
    others = Membership.objects.filter(organisation=organisation, role=Role.ORG_ADMIN, user__is_active=True)
    if not others.exclude(user=user).exists():
        raise ValidationError(str(LAST_ADMIN).format(name=_name(user), organisation=organisation.name))


def _delete_membership(membership: Membership, *, actor: User, action: str) -> None:
    record(
        actor=actor,
        action=action,
        obj=membership,
        changes={
            "user": membership.user.email,
            "organisation": membership.organisation.name,
            "role": membership.role,
        },
    )
    membership.delete()


@transaction.atomic
def membership_revoke(*, membership: Membership, actor: User) -> None:
    """End one role. When it was the person's last role in the organisation, all they reached through
    the organisation ends too (the hooks)."""
    organisation, user = membership.organisation, membership.user
    ensure_administers(actor, organisation)
    _ensure_not_last_admin(user, organisation, roles_ending={membership.role})
    _delete_membership(membership, actor=actor, action="membership.revoked")
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        hooks.membership_ended(
            user=user, organisation=organisation, reason=REASON_MEMBERSHIP_ENDED, actor=actor
        )


@transaction.atomic
def member_remove(*, user: User, organisation: Organisation, actor: User) -> None:
    """End every role of `user` in the organisation (someone leaves the organisation, not the platform)."""
    ensure_administers(actor, organisation)
    memberships = list(
        Membership.objects.filter(user=user, organisation=organisation).select_related("user", "organisation")
    )
    if not memberships:
        raise ValidationError(NOT_A_MEMBER)
    _ensure_not_last_admin(user, organisation, roles_ending={m.role for m in memberships})
    for membership in memberships:
        _delete_membership(membership, actor=actor, action="membership.revoked")
    hooks.membership_ended(user=user, organisation=organisation, reason=REASON_MEMBERSHIP_ENDED, actor=actor)


def deactivation_refusal(*, user: User, organisation: Organisation, actor: User) -> str | None:
    """Why `actor` may not switch off `user`'s account from this organisation's page; None if they may.

    Switching an account off takes it away from every organisation, so it is allowed only when all of the
    person's organisations are administered by the actor. The other organisations are not named: who
    else someone works for is not this admin's business."""
    if user.pk == actor.pk:
        return str(DEACTIVATE_SELF)
    if user.is_superuser or user.is_staff or user.memberships.filter(role__in=_PLATFORM_WIDE_ROLES).exists():
        return str(DEACTIVATE_PLATFORM_WIDE)
    org_ids = set(user.memberships.values_list("organisation_id", flat=True))
    administered = set(
        organisations_administered_by(actor).filter(pk__in=org_ids).values_list("pk", flat=True)
    )
    if org_ids - administered:
        return str(DEACTIVATE_OTHER_ORGANISATION).format(name=_name(user), organisation=organisation.name)
    return None


def _end_sessions(user: User) -> int:
    """Delete every database session of the user: they are logged out everywhere at once.

    Sessions are signed blobs, so each is decoded; a scan is fine at this scale (a few thousand users)."""
    uid = str(user.pk)
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get(SESSION_KEY)) == uid
    ]
    Session.objects.filter(session_key__in=keys).delete()
    return len(keys)


@transaction.atomic
def user_deactivate(*, user: User, organisation: Organisation, actor: User) -> None:
    """A leaver: the account is switched off, every session ends, every membership and (via the hooks)
    every participation ends. The row stays: the audit trail still names who did what."""
    ensure_administers(actor, organisation)
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(NOT_A_MEMBER)
    refusal = deactivation_refusal(user=user, organisation=organisation, actor=actor)
    if refusal:
        raise PermissionDenied(refusal)
    memberships = list(user.memberships.select_related("user", "organisation"))
    for membership in memberships:
        _ensure_not_last_admin(user, membership.organisation, roles_ending={membership.role})
    user.is_active = False
    user.save(update_fields=["is_active"])
    for membership in memberships:
        _delete_membership(membership, actor=actor, action="membership.revoked")
    sessions = _end_sessions(user)
    record(
        actor=actor,
        action="user.deactivated",
        obj=user,
        changes={"email": user.email, "organisation": organisation.name, "sessions_ended": sessions},
    )
    hooks.membership_ended(user=user, organisation=None, reason=REASON_ACCOUNT_DISABLED, actor=actor)


# --- Access review --------------------------------------------------------------------------------


@transaction.atomic
def access_review_record(
    *, organisation: Organisation, actor: User, summary: dict[str, object]
) -> AccessReview:
    """The admin confirms who of the organisation has access to what, as shown to them (`summary`)."""
    ensure_administers(actor, organisation)
    review = AccessReview.objects.create(
        organisation=organisation, reviewed_by=person(actor), summary=summary
    )
    record(
        actor=actor,
        action="organisation.access_reviewed",
        obj=review,
        changes={"organisation": organisation.name, "lines": len(summary.get("lines", []) or [])},  # type: ignore[arg-type]
    )
    return review
