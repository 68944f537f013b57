"""Invitations by e-mail: the coordinator invites, the invitee accepts (logged in, or by setting a password)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.accounts.services import membership_grant, user_create
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, CoalitionPartner, Invitation, PartnerLevel
from kansrijk.coalitions.services._common import ensure_coordinator
from kansrijk.coalitions.services.coalition import NewOrganisation, organisation_resolve, partner_add

INVITATION_DAYS = 14
# Partners join as professionals or as (co-)coordinators; platform and national roles are never given here.
INVITABLE_ROLES = (Role.PARTNER_MEMBER, Role.COORDINATOR, Role.ORG_ADMIN)
EXPIRED = "Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe."
USED = "Deze uitnodiging is al gebruikt."
WRONG_USER = "Deze uitnodiging is voor een ander e-mailadres. Log in met het uitgenodigde adres."
ROLE_NOT_ALLOWED = "Deze rol kan niet via een uitnodiging worden gegeven."
ALREADY_INVITED = "Dit e-mailadres heeft al een openstaande uitnodiging voor deze coalitie."
NOT_PENDING = "Deze uitnodiging is al aangenomen en kan niet meer worden ingetrokken."
ACCOUNT_EXISTS = (
    "Er bestaat al een account met dit e-mailadres. Log eerst in en neem daarna de uitnodiging aan."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    coalition: Coalition,
    email: str,
    organisation: Organisation | NewOrganisation,
    actor: User,
    role: str = Role.PARTNER_MEMBER,
    partner_role: str = "",
    level: str = PartnerLevel.UITVOEREND,
    accept_url_template: str = "/coalities/uitnodiging/{token}/",
) -> tuple[Invitation, str]:
    """Create the invitation and send the mail. Returns the raw token (only ever in the mail and here).

    `accept_url_template` holds `{token}`; the page passes an absolute URL built from the request.
    A new organisation (name and kind) is created with the invitation."""
    ensure_coordinator(actor, coalition)
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": ROLE_NOT_ALLOWED})
    email = email.strip().lower()
    pending = Invitation.objects.filter(
        coalition=coalition, email=email, accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    if pending.exists():
        raise ValidationError({"email": ALREADY_INVITED})
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        coalition=coalition,
        email=email,
        role=role,
        partner_role=partner_role,
        level=level,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        invited_by=actor,
    )
    invitation.full_clean(exclude=["organisation"])
    invitation.organisation = organisation_resolve(organisation, actor=actor, prefix="new")
    invitation.save()
    # The token is never logged: whoever holds it can join.
    record(
        actor=actor,
        action="coalition.invitation_sent",
        obj=invitation,
        changes={
            "coalition": coalition.slug,
            "email": invitation.email,
            "organisation": invitation.organisation.name,
            "role": role,
        },
    )
    # Sent last, inside the transaction: a failing mail server rolls the invitation back, and nothing
    # that could still fail comes after the mail (a link to a rolled-back invitation would be dead).
    link = accept_url_template.format(token=token)
    send_mail(
        subject=f"Uitnodiging voor coalitie {coalition.name} (Kansrijk)",
        message=(
            f"U bent uitgenodigd om namens {invitation.organisation.name} deel te nemen aan de coalitie "
            f"{coalition.name} op Kansrijk.\n\nNeem de uitnodiging aan via: {link}\n\n"
            f"De link is {INVITATION_DAYS} dagen geldig."
        ),
        from_email=None,
        recipient_list=[invitation.email],
    )
    return invitation, token


def invitation_check(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(USED)
    if invitation.expires_at <= timezone.now():
        raise ValidationError(EXPIRED)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> CoalitionPartner:
    """The logged-in invitee joins: membership of the organisation, the organisation as partner."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)  # one acceptance only
    invitation_check(invitation)
    if user.email.lower() != invitation.email:
        raise PermissionDenied(WRONG_USER)
    coalition = invitation.coalition
    membership_grant(user=user, organisation=invitation.organisation, role=Role(invitation.role), actor=user)
    partner = CoalitionPartner.objects.filter(
        coalition=coalition, organisation=invitation.organisation
    ).first()
    if partner is None:
        partner = partner_add(
            coalition=coalition,
            organisation=invitation.organisation,
            role=invitation.partner_role,
            level=invitation.level,
            contact_name=user.get_full_name(),
            contact_email=user.email,
            actor=user,
            check_permission=False,
        )
    if invitation.role == Role.COORDINATOR:
        coalition.coordinators.add(user)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record(
        actor=user,
        action="coalition.invitation_accepted",
        obj=invitation,
        changes={"coalition": coalition.slug, "organisation": invitation.organisation.name},
    )
    return partner


@transaction.atomic
def invitation_accept_new_account(
    *, invitation: Invitation, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create the invitee's account (the set-password page) and accept in the same transaction.
    The password is checked with Django's password validators (errors under "password")."""
    invitation_check(invitation)
    if User.objects.filter(email=invitation.email).exists():
        raise ValidationError(ACCOUNT_EXISTS)
    candidate = User(email=invitation.email, first_name=first_name, last_name=last_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as exc:
        raise ValidationError({"password": exc.error_list}) from exc
    user = user_create(
        email=invitation.email, password=password, first_name=first_name, last_name=last_name, actor=None
    )
    invitation_accept(invitation=invitation, user=user)
    return user


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    ensure_coordinator(actor, invitation.coalition)
    # An accepted invitation is the record of how someone joined: it stays.
    if invitation.accepted_at is not None:
        raise ValidationError(NOT_PENDING)
    record(
        actor=actor,
        action="coalition.invitation_revoked",
        obj=invitation,
        changes={"email": invitation.email},
    )
    invitation.delete()
