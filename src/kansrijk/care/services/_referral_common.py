"""What the referral services share (private to care.services): the messages, loading a referral for a
write, the optimistic-locking update, and the access-log entry and timeline line every write adds.

The public API is `kansrijk.care.services.referrals` (which re-exports the messages).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db.models import F
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Role, User
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext, ActingAs
from kansrijk.care.models import AccessEvent, CareTeam, Referral, ReferralTransition, TimelineEvent
from kansrijk.care.selectors.referrals import NO_BASIS_YET, log_basis, referrals_visible_to
from kansrijk.care.services.episodes import timeline_add

CHANGED_BY_SOMEONE_ELSE = _("Iemand anders heeft deze verwijzing net gewijzigd. Laad de pagina opnieuw.")
NO_BASIS = NO_BASIS_YET
NOT_YOUR_SIDE = _(
    "Deze stap is niet aan u: alleen de verwijzer of de ontvanger van deze verwijzing kan hem zetten."
)
TEXT_LIMIT = 5000
# Timeline and access log: what happened, never the content (reason, message, handover fields).
TIMELINE_KIND = "verwijzing"
TIMELINE_CATEGORY = DataCategory.HANDOVER


def load(ctx: AccessContext, referral_id: UUID) -> Referral:
    """The referral for a write: visible to the context (404 otherwise); the system sees every one."""
    referrals = Referral.objects.all() if ctx.acting_as == ActingAs.SYSTEM else referrals_visible_to(ctx)
    referral = (
        referrals.filter(public_id=referral_id)
        .select_related("episode", "receiving_organisation", "receiving_team", "sender_organisation")
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def check_version(referral: Referral, version: int) -> None:
    if referral.version != version:
        raise ValidationError(CHANGED_BY_SOMEONE_ELSE)


def save(referral: Referral, version: int, **fields: Any) -> None:
    """Write `fields` only if nobody changed the referral since `version` was read, and bump the version.

    One conditional UPDATE: two writers of the same version cannot both succeed (on PostgreSQL the second
    waits for the first's row lock, then finds the version changed and updates nothing)."""
    now = timezone.now()
    rows = Referral.objects.filter(pk=referral.pk, version=version).update(
        **fields, version=F("version") + 1, updated_at=now
    )
    if rows != 1:
        raise ValidationError(CHANGED_BY_SOMEONE_ELSE)
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.version = version + 1
    referral.updated_at = now


def transition_add(
    ctx: AccessContext, referral: Referral, *, side: str, source: str, reason: str = ""
) -> None:
    ReferralTransition.objects.create(
        referral=referral,
        from_status=source,
        to_status=referral.status,
        side=side,
        by=ctx.user,
        organisation=ctx.organisation,
        reason=reason,
    )


def timeline(ctx: AccessContext, referral: Referral, text: str) -> None:
    """One line on the family's timeline; unattended work (expiry) writes it under the sender."""
    if ctx.organisation is None:
        TimelineEvent.objects.create(
            episode=referral.episode,
            organisation=referral.sender_organisation,
            kind=TIMELINE_KIND,
            text=text[:300],
            category=TIMELINE_CATEGORY,
            actor=None,
        )
    else:
        timeline_add(ctx, referral.episode, kind=TIMELINE_KIND, text=text[:300], category=TIMELINE_CATEGORY)


def log(
    ctx: AccessContext,
    referral: Referral,
    side: str | None,
    *,
    action: str,
    event: str = AccessEvent.UPDATE,
    categories: list[str] | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    """One access-log entry naming the referral, its status and the categories involved (no content)."""
    detail: dict[str, Any] = {
        "verwijzing": str(referral.public_id),
        "status": referral.status,
        "categorieen": categories if categories is not None else list(referral.categories),
    }
    detail.update(extra or {})
    log_access(
        ctx,
        event=event,
        action=action,
        basis=log_basis(ctx, referral, side),
        episode_id=referral.episode.public_id,
        detail=detail,
    )


# --- mail --------------------------------------------------------------------------------------------------


def team_recipients(team: CareTeam) -> list[str]:
    """The e-mail addresses of the team's active members who hold the care role in its organisation."""
    users = User.objects.filter(
        care_teams__team=team,
        is_active=True,
        memberships__organisation=team.organisation,
        memberships__role=Role.CARE_PROFESSIONAL,
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def worklist_link() -> str:
    """The link in notification mails: the site's address (KANSRIJK_SITE_URL, when set) and the worklist."""
    return settings.KANSRIJK_SITE_URL.rstrip("/") + reverse("care:worklist")


def mail_incoming(recipients: list[str]) -> None:
    """No personal data: not the family, not the theme, not the sender."""
    body = gettext(
        "Er staat een verwijzing voor u klaar in Kansrijk.\n\n"
        "Log in om de verwijzing te bekijken: %(link)s\n\n"
        "In deze e-mail staan bewust geen gegevens over het gezin."
    ) % {"link": worklist_link()}
    for address in recipients:  # one mail each: members do not see each other's addresses
        send_mail(
            subject=gettext("Er staat een verwijzing voor u klaar in Kansrijk"),
            message=body,
            from_email=None,
            recipient_list=[address],
        )
