"""Unattended follow-up of referrals (issue 12), run daily by `kansrijk verwijzingen verloop|herinner`.

- `referrals_expire`: a referral that is sent or received (`EXPIRABLE`) and was sent more than
  KANSRIJK_REFERRAL_EXPIRY_DAYS ago expires ("verlopen: geen reactie") through the one transition
  function, as the system side: a transition, an access-log entry and a timeline line each, and the
  receiving team's limited view ends with it.
- `referrals_remind_overdue`: every team with a referral that is overdue for the first contact (either
  side, as far as the team still sees it) gets at most one reminder a day. The mail says nothing about
  any family, not even how many referrals wait (in a small team a count can point to a family): only
  that something needs attention, and the link to the team's worklist.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.audit.actors import SystemActor
from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext, ActingAs, system_context
from kansrijk.care.models import CareTeam, Referral, ReferralStatus
from kansrijk.care.referral_states import AWAITING_FIRST_CONTACT, EXPIRABLE
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.care.services.referrals import referral_transition, team_recipients

# The named system actors of this unattended work (kansrijk.audit.actors: one per kind of work).
EXPIRY = SystemActor("verwijzingen-verloop")
REMINDER = SystemActor("verwijzingen-herinnering")

REMINDER_SUBJECT = _("Verwijzingen in Kansrijk vragen uw aandacht")
REMINDER_BODY = _(
    "Er staan verwijzingen voor u klaar die aandacht nodig hebben.\n\n"
    "Log in en bekijk ze in uw werklijst: %(link)s\n\n"
    "In deze e-mail staan bewust geen gegevens over gezinnen."
)


def expiry_cutoff(now: datetime | None = None) -> datetime:
    """Referrals sent before this moment and still without a response expire."""
    return (now or timezone.now()) - timedelta(days=settings.KANSRIJK_REFERRAL_EXPIRY_DAYS)


def referrals_expiring(now: datetime | None = None) -> list[tuple[UUID, int]]:
    """(public id, version) of the referrals that expire now, the oldest first."""
    rows = (
        Referral.objects.filter(status__in=EXPIRABLE, sent_at__lt=expiry_cutoff(now))
        .order_by("sent_at", "pk")
        .values_list("public_id", "version")
    )
    return list(rows)


def _sent_before(sent_at: datetime | None, cutoff: datetime) -> bool:
    return sent_at is not None and sent_at < cutoff


def referrals_expire(now: datetime | None = None) -> int:
    """Expire every referral nobody responded to in time; returns how many expired. Each referral in its
    own transaction (through `referral_transition`): an interrupted run is simply started again. A
    referral someone acted on at the same moment (its version changed) is read again and left alone when
    it is no longer waiting."""
    ctx = system_context(EXPIRY, purpose=Purpose.REFERRAL)
    cutoff = expiry_cutoff(now)
    expired = 0
    for public_id, version in referrals_expiring(now):
        for _attempt in range(2):
            try:
                referral_transition(ctx, referral_id=public_id, version=version, to=ReferralStatus.EXPIRED)
            except ValidationError:
                fresh = (
                    Referral.objects.filter(public_id=public_id)
                    .values("status", "sent_at", "version")
                    .first()
                )
                if (
                    fresh is None
                    or fresh["status"] not in EXPIRABLE
                    or not _sent_before(fresh["sent_at"], cutoff)
                ):
                    break
                version = fresh["version"]
            except Http404:  # removed meanwhile (the family's retention)
                break
            else:
                expired += 1
                break
    return expired


# --- reminders -------------------------------------------------------------------------------------------------


def _overdue(today: date) -> Q:
    return Q(status__in=AWAITING_FIRST_CONTACT, due_on__lt=today)


def _team_view(team: CareTeam) -> AccessContext:
    """The team's view of its referrals, for deciding whom to remind: read-only, never logged (nothing of
    a family leaves this module: the mail has no content). Built as the named system actor acting for the
    team, so the one visibility rule (`referrals_visible_to`) decides, not a copy of it."""
    return AccessContext(
        user=None,
        acting_as=ActingAs.PROFESSIONAL,
        purpose=Purpose.REFERRAL,
        organisation=team.organisation,
        team=team,
        system_label=REMINDER.label,
    )


def overdue_link(team: CareTeam) -> str:
    """The site's address (KANSRIJK_SITE_URL, when set) and the team's overdue worklist."""
    base = settings.KANSRIJK_SITE_URL.rstrip("/")
    return base + reverse("care:worklist_overdue") + "?" + urlencode({"team": str(team.public_id)})


def _mail(recipients: list[str], link: str) -> None:
    subject = str(REMINDER_SUBJECT)
    body = str(REMINDER_BODY) % {"link": link}
    for address in recipients:  # one mail each: members do not see each other's addresses
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[address])


def referrals_remind_overdue(today: date | None = None) -> int:
    """Mail every team with an overdue referral it still sees, at most once a day; returns how many teams
    were reminded. `Referral.reminded_on` records the day: a referral reminded today does not trigger
    another mail, and a team with any overdue referral reminded today is not mailed again that day."""
    today = today or timezone.localdate()
    reminded = 0
    with transaction.atomic():
        # Locked, so two runs at once cannot both mail: the second waits and then finds them reminded.
        candidates = list(
            Referral.objects.select_for_update()
            .filter(_overdue(today))
            .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
            .values_list("pk", "sender_team_id", "receiving_team_id")
        )
        if not candidates:
            return 0
        team_ids = {t for _pk, sender, receiver in candidates for t in (sender, receiver)}
        done_today = set(
            Referral.objects.filter(_overdue(today), reminded_on=today).values_list(
                "sender_team_id", "receiving_team_id"
            )
        )
        already = {t for pair in done_today for t in pair}
        candidate_ids = [pk for pk, _sender, _receiver in candidates]
        for team in (
            CareTeam.objects.filter(pk__in=team_ids - already).select_related("organisation").order_by("pk")
        ):
            # The team is reminded only of what it still sees (not after a withdrawn consent, say).
            mine = Q(sender_team=team) | Q(receiving_team=team)
            if not referrals_visible_to(_team_view(team)).filter(mine, pk__in=candidate_ids).exists():
                continue
            recipients = team_recipients(team)
            if recipients:
                transaction.on_commit(partial(_mail, recipients, overdue_link(team)), robust=True)
                reminded += 1
        Referral.objects.filter(pk__in=candidate_ids).update(reminded_on=today)
    return reminded
