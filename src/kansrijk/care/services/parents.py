"""Inviting a parent to the family's own view (issue 11: "an account the professional invites by e-mail").

Two steps, kept apart on purpose:
- the identity step, `parent_identity_provide`: which account is this person? Today an e-mail invitation:
  an account without roles and without a password, proven by a set-password link that only reaches that
  mailbox (the same allauth mechanism accounts uses for new members). Later DigiD through an OIDC broker
  replaces this one function: the account is then found (or made) from the broker's pseudonymous
  subject and linked on a matching BSN, without a mail (docs/identity.md).
- the care step, `parent_invite`: a professional who may see the family's identification data links
  the account to the person, in one transaction with the access-log entry.

MFA is required of every account (accounts.middleware.RequireMFA): the parent sets up an authenticator
app at first login, before any page of the family view opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.services import email_mark_verified
from kansrijk.audit.services import record
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessEvent, Person, PersonRole
from kansrijk.care.services._checks import require_category
from kansrijk.care.services.episodes import timeline_add

NO_EMAIL = _("Vul eerst het e-mailadres van de ouder in.")
BAD_EMAIL = _("Dit is geen geldig e-mailadres.")
CHILD_NO_ACCOUNT = _("Een kind krijgt geen eigen account. Nodig een ouder uit.")
PERSON_OUTSIDE = _("Deze persoon hoort niet bij dit gezin.")
ALREADY_LINKED = _("Deze ouder heeft al een account en kan al inloggen.")
ACCOUNT_DISABLED = _("Het account met dit e-mailadres is uitgeschakeld. Neem contact op met de beheerder.")
ACCOUNT_IN_FAMILY = _("Dit account hoort al bij iemand anders in dit gezin.")
ACCOUNT_HAS_ROLES = _(
    "Dit e-mailadres hoort bij een account met een rol bij een organisatie. Gebruik een persoonlijk e-mailadres."
)


@dataclass(frozen=True)
class ParentIdentity:
    user: User
    # True when the account still needs its first password (a new account, or one never activated):
    # the invitation then carries a set-password link.
    needs_password: bool


def _set_password_link(user: User, link_base: str) -> str:
    # allauth's own password-reset link, as accounts.organisation_mail makes it for new members: a signed,
    # expiring token that stops working once the password is set. No password ever travels by mail.
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{link_base}{path}"


def _mail_invitation(identity: ParentIdentity, greeting_name: str, link_base: str) -> None:
    # No personal data beyond the greeting: not the organisation, not the pregnancy, not the family.
    # A mail can be read by others in the household; what the care team knows stays behind the login.
    user = identity.user
    if identity.needs_password:
        days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
        step = gettext(
            "Kies eerst een wachtwoord via deze link: %(link)s\n"
            "De link werkt %(days)s dagen en maar één keer. Daarna stelt u een app in die inlogcodes maakt."
        ) % {"link": _set_password_link(user, link_base), "days": days}
    else:
        step = gettext("Log in met uw eigen account: %(link)s") % {
            "link": link_base + reverse("account_login")
        }
    body = gettext(
        "Beste %(name)s,\n\n"
        "U kunt nu op Kansrijk zelf zien welke gegevens over u worden bewaard en wie ze heeft bekeken.\n\n"
        "%(step)s\n\n"
        "Verwachtte u deze e-mail niet? Dan kunt u hem negeren."
    ) % {"name": greeting_name, "step": step}
    send_mail(
        subject=gettext("Uw gegevens bekijken op Kansrijk"),
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )


def parent_identity_provide(*, email: str, given_name: str, family_name: str, actor: User) -> ParentIdentity:
    """The identity step: find or make the parent's account for `email` (no roles, no password).

    The one place to replace for DigiD via an OIDC broker (docs/identity.md)."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError({"email": BAD_EMAIL}) from exc
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name=given_name.strip(), last_name=family_name.strip()
        )
        record(
            actor=actor, action="user.created", obj=user, changes={"email": email, "by": "ouder-uitnodiging"}
        )
        # As for accounts an organisation's admin makes: the set-password link, which only reaches that
        # mailbox, proves the address.
        email_mark_verified(user=user, actor=actor)
        return ParentIdentity(user=user, needs_password=True)
    if not user.is_active:
        raise ValidationError({"email": ACCOUNT_DISABLED})
    # A work account never becomes a parent's: otherwise a professional could link their own (or a
    # colleague's) account to a family and read its log and consents through the family's view.
    if user.pk == actor.pk or user.memberships.exists():
        raise ValidationError({"email": ACCOUNT_HAS_ROLES})
    return ParentIdentity(user=user, needs_password=not user.has_usable_password())


@transaction.atomic
def parent_invite(
    ctx: AccessContext, *, episode_id: UUID, person: Person, email: str = "", link_base: str = ""
) -> Person:
    """Invite a parent (or partner) of the family to their own view: link an account and mail them.

    `email` defaults to the person's own e-mail address; `link_base` is the site's address for the link.
    Inviting again re-sends the link while the account has no password yet."""
    access = require_category(ctx, episode_id, DataCategory.IDENTIFICATION)
    assert ctx.user is not None  # a professional context always has a user
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.episode_id != access.episode.pk:
        raise ValidationError(PERSON_OUTSIDE)
    if person.role == PersonRole.CHILD:
        raise ValidationError(CHILD_NO_ACCOUNT)
    email = (email or person.email).strip()
    if not email:
        raise ValidationError({"email": NO_EMAIL})
    if person.account is not None and person.account.has_usable_password():
        raise ValidationError(ALREADY_LINKED)
    identity = parent_identity_provide(
        email=email, given_name=person.given_name, family_name=person.family_name, actor=ctx.user
    )
    if person.account_id != identity.user.pk:
        if access.episode.persons.filter(account=identity.user).exclude(pk=person.pk).exists():
            raise ValidationError({"email": ACCOUNT_IN_FAMILY})
        person.account = identity.user
        person.save(update_fields=["account", "updated_at"])
    timeline_add(
        ctx,
        access.episode,
        kind="ouder_uitgenodigd",
        text=gettext("Ouder uitgenodigd om de eigen gegevens te bekijken"),
        category=DataCategory.IDENTIFICATION,
    )
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="ouder.uitnodigen",
        basis=access.basis,
        episode_id=access.episode.public_id,
        detail={"categorieen": [DataCategory.IDENTIFICATION], "persoon": str(person.public_id)},
    )
    # Sent last, inside the transaction: a failing mail server rolls the whole invitation back.
    _mail_invitation(identity, person.given_name, link_base)
    return person
