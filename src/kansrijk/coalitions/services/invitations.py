"""Invitations by e-mail: the coordinator invites, the invitee accepts (logged in, or by setting a password).

An invitation is for one coalition, on behalf of one of its accepted partners, with a role in that
coalition (deelnemer or coördinator). Accepting never makes anyone a member of an organisation: only the
organisation's own admin does that. An invitee who is not a member yet gets an open membership request for
that admin; their participation takes effect once the admin lets them in (docs/adr/0007).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.accounts.organisation_services import membership_request_create
from kansrijk.accounts.services import email_mark_verified, user_create
from kansrijk.audit.actors import INVITATION
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, Invitation, Participation, ParticipationRole
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.services._common import ensure_coordinator
from kansrijk.coalitions.services.participation import participation_start
from kansrijk.core.mail import single_line

INVITATION_DAYS = 14
# A role in this coalition only; roles in an organisation are given by its own admin, never here.
INVITABLE_ROLES = tuple(ParticipationRole)
EXPIRED = _("Deze uitnodiging is verlopen. Vraag de coördinator om een nieuwe.")
USED = _("Deze uitnodiging is al gebruikt.")
WRONG_USER = _("Deze uitnodiging is voor een ander e-mailadres. Log in met het uitgenodigde adres.")
ROLE_NOT_ALLOWED = _("Deze rol kan niet via een uitnodiging worden gegeven.")
ALREADY_INVITED = _("Dit e-mailadres heeft al een openstaande uitnodiging voor deze coalitie.")
NOT_A_PARTNER = _(
    "Nodig alleen uit namens een organisatie die partner is van deze coalitie (en dat heeft geaccepteerd)."
)
PARTNER_GONE = _(
    "{organisation} is geen partner meer van deze coalitie. Daarom kan deze uitnodiging niet meer worden "
    "aangenomen."
)
ALREADY_IN = _("U neemt al deel aan deze coalitie namens {organisation}.")
NOT_PENDING = _("Deze uitnodiging is al aangenomen en kan niet meer worden ingetrokken.")
ACCOUNT_EXISTS = _(
    "Er bestaat al een account met dit e-mailadres. Log eerst in en neem daarna de uitnodiging aan."
)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    coalition: Coalition,
    email: str,
    organisation: Organisation,
    actor: User,
    role: str = ParticipationRole.MEMBER,
    accept_url_template: str = "/coalities/uitnodiging/{token}/",
) -> tuple[Invitation, str]:
    """Create the invitation and send the mail. Returns the raw token (only ever in the mail and here).

    `accept_url_template` holds `{token}`; the page passes an absolute URL built from the request."""
    ensure_coordinator(actor, coalition)
    if role not in INVITABLE_ROLES:
        raise ValidationError({"role": ROLE_NOT_ALLOWED})
    if not partners_accepted(coalition).filter(organisation=organisation).exists():
        raise ValidationError({"organisation": NOT_A_PARTNER})
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
        organisation=organisation,
        role=role,
        token_hash=token_hash(token),
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        invited_by=actor,
    )
    invitation.full_clean()
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
        # A coalition name is a single line (forms refuse breaks), but one already stored must never
        # turn into a second mail header.
        subject=single_line(f"Uitnodiging voor coalitie {coalition.name} (Kansrijk)"),
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
    # Checked at every use, not only when inviting: a partner removed since can never let anyone in.
    if not partners_accepted(invitation.coalition).filter(organisation=invitation.organisation).exists():
        raise ValidationError(str(PARTNER_GONE).format(organisation=invitation.organisation.name))


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Participation:
    """The logged-in invitee takes part in the coalition on behalf of the invitation's organisation.

    Checked now, not when inviting: the organisation must still be an accepted partner, so an invitation
    sent before a partner was removed can never bring anyone back in."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)  # one acceptance only
    invitation_check(invitation)
    if user.email.lower() != invitation.email:
        raise PermissionDenied(WRONG_USER)
    coalition, organisation = invitation.coalition, invitation.organisation
    current = Participation.objects.filter(coalition=coalition, user=user, ended_at__isnull=True).first()
    # The one change an invitation may bring to someone already taking part: deelnemer → coördinator.
    upgrade = (
        current is not None
        and current.organisation_id == organisation.pk
        and current.role == ParticipationRole.MEMBER
        and invitation.role == ParticipationRole.COORDINATOR
    )
    if current is not None and not upgrade:
        raise ValidationError(str(ALREADY_IN).format(organisation=current.organisation.name))
    participation = participation_start(
        coalition=coalition, user=user, organisation=organisation, role=invitation.role, actor=user
    )
    # Never a membership here: the organisation's admin decides (until then the participation has no effect).
    membership_request_create(
        user=user,
        organisation=organisation,
        role=Role.PARTNER_MEMBER,
        reason=f"Uitnodiging voor coalitie {coalition.name} door {_inviter(invitation)}",
        actor=user,
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    record(
        actor=user,
        action="coalition.invitation_accepted",
        obj=invitation,
        changes={"coalition": coalition.slug, "organisation": organisation.name, "role": invitation.role},
    )
    return participation


def _inviter(invitation: Invitation) -> str:
    inviter = invitation.invited_by
    return (inviter.get_full_name() or inviter.email) if inviter else "een coördinator"


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
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
        actor=INVITATION,
    )
    # Following the link in the mail proved the address: it may be the login address without a second mail.
    email_mark_verified(user=user, actor=user)
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
