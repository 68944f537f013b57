"""Writes of the ketenafspraken: create, change, delete, drafts from the regional checklist, and the
review reminders the coordinators get by e-mail (once per agreement per review date)."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.audit.actors import REMINDERS
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Agreement, AgreementLevel, Coalition, CoalitionPartner, PartnerStatus
from kansrijk.coalitions.models.agreements import (
    REVIEW_NOTICE_DAYS,
    AgreementReviewReminder,
    AgreementStatus,
)
from kansrijk.coalitions.selectors.access import coordinators_of
from kansrijk.coalitions.selectors.agreements import checklist_point
from kansrijk.coalitions.services._common import ensure_coordinator
from kansrijk.core.mail import single_line

logger = logging.getLogger(__name__)

TOO_FEW_PARTNERS = _("Noem minstens twee partners: een ketenafspraak maken partners met elkaar.")
PARTNER_NOT_IN_COALITION = _("Alle partners van een afspraak moeten partner van deze coalitie zijn.")
REVIEW_BEFORE_START = _("De evaluatiedatum mag niet vóór de ingangsdatum liggen.")
NO_CHECKLIST_POINTS = _("Kies minstens één punt van de checklist.")
UNKNOWN_CHECKLIST_POINT = _("Punt {number} staat niet op de checklist.")
MIN_PARTNERS = 2


def _validate(
    *,
    coalition: Coalition,
    partners: list[CoalitionPartner],
    start_date: datetime.date,
    review_date: datetime.date,
    status: str,
) -> None:
    """All rule errors at once, per field, so the form can show each next to its field."""
    errors: dict[str, list[str]] = defaultdict(list)
    # Only accepted partners count (docs/adr/0007): a proposed one has not agreed to take part.
    if any(p.coalition_id != coalition.pk or p.status != PartnerStatus.ACCEPTED for p in partners):
        errors["partners"].append(str(PARTNER_NOT_IN_COALITION))
    # A concept (from the checklist) may still lack partners; an agreement in force is between partners.
    elif status == AgreementStatus.AGREED and len(set(partners)) < MIN_PARTNERS:
        errors["partners"].append(str(TOO_FEW_PARTNERS))
    if start_date and review_date and review_date < start_date:
        # The database check (agreement_review_after_start) is the last line; this is the message.
        errors["review_date"].append(str(REVIEW_BEFORE_START))
    if errors:
        raise ValidationError(dict(errors))


def _state(agreement: Agreement, partners: Iterable[CoalitionPartner]) -> dict[str, object]:
    return {
        "level": agreement.level,
        "status": agreement.status,
        "topic": agreement.topic,
        "text": agreement.text,
        "start_date": agreement.start_date.isoformat(),
        "review_date": agreement.review_date.isoformat(),
        "partners": sorted(p.organisation.name for p in partners),
    }


@transaction.atomic
def agreement_create(
    *,
    coalition: Coalition,
    level: str,
    topic: str,
    text: str,
    partners: Iterable[CoalitionPartner],
    start_date: datetime.date,
    review_date: datetime.date,
    actor: User,
    status: str = AgreementStatus.AGREED,
    checklist_point: int | None = None,
) -> Agreement:
    ensure_coordinator(actor, coalition)
    partners = list(partners)
    _validate(
        coalition=coalition, partners=partners, start_date=start_date, review_date=review_date, status=status
    )
    agreement = Agreement(
        coalition=coalition,
        level=level,
        status=status,
        topic=topic.strip(),
        text=text.strip(),
        start_date=start_date,
        review_date=review_date,
        checklist_point=checklist_point,
    )
    agreement.full_clean()
    agreement.save()
    agreement.partners.set(partners)
    record(
        actor=actor,
        action="coalition.agreement_created",
        obj=agreement,
        changes={
            "coalition": coalition.slug,
            "checklist_point": checklist_point,
            **_state(agreement, partners),
        },
    )
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    level: str,
    topic: str,
    text: str,
    partners: Iterable[CoalitionPartner],
    start_date: datetime.date,
    review_date: datetime.date,
    status: str,
    actor: User,
) -> Agreement:
    coalition = agreement.coalition
    ensure_coordinator(actor, coalition)
    partners = list(partners)
    _validate(
        coalition=coalition, partners=partners, start_date=start_date, review_date=review_date, status=status
    )
    before = _state(agreement, agreement.partners.select_related("organisation"))
    agreement.level, agreement.topic, agreement.text = level, topic.strip(), text.strip()
    agreement.start_date, agreement.review_date, agreement.status = start_date, review_date, status
    agreement.full_clean()
    agreement.save()
    agreement.partners.set(partners)
    after = _state(agreement, partners)
    diff = audit_diff(before, after)
    record(actor=actor, action="coalition.agreement_changed", obj=agreement, changes=diff)
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, actor: User) -> None:
    ensure_coordinator(actor, agreement.coalition)
    record(
        actor=actor,
        action="coalition.agreement_deleted",
        obj=agreement,
        changes={"coalition": agreement.coalition.slug, "topic": agreement.topic, "level": agreement.level},
    )
    agreement.delete()


@transaction.atomic
def agreements_from_checklist(
    *,
    coalition: Coalition,
    points: Iterable[int],
    start_date: datetime.date,
    review_date: datetime.date,
    actor: User,
    partners: Iterable[CoalitionPartner] = (),
) -> list[Agreement]:
    """One concept agreement per chosen point of Kansrijk's own regional checklist (all or nothing)."""
    ensure_coordinator(actor, coalition)
    numbers = sorted(set(points))
    if not numbers:
        raise ValidationError({"points": NO_CHECKLIST_POINTS})
    templates = []
    for number in numbers:
        point = checklist_point(number)
        if point is None:
            raise ValidationError({"points": str(UNKNOWN_CHECKLIST_POINT).format(number=number)})
        templates.append(point)
    partners = list(partners)
    return [
        agreement_create(
            coalition=coalition,
            level=point["niveau"],
            topic=point["onderwerp"],
            text=point["tekst"],
            partners=partners,
            start_date=start_date,
            review_date=review_date,
            actor=actor,
            status=AgreementStatus.CONCEPT,
            checklist_point=point["nummer"],
        )
        for point in templates
    ]


# --- review reminders ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderMail:
    coalition: str
    recipients: list[str]
    agreements: list[str]
    error: str = ""  # why this coalition's mail failed; empty when it was sent


def agreements_needing_reminder(*, today: datetime.date) -> list[Agreement]:
    """Agreed agreements whose review is due (passed or within REVIEW_NOTICE_DAYS) and whose coordinators
    have not yet been mailed about this review date."""
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    sent = AgreementReviewReminder.objects.filter(
        agreement=OuterRef("pk"), review_date=OuterRef("review_date")
    )
    return list(
        Agreement.objects.filter(status=AgreementStatus.AGREED, review_date__lte=horizon)
        .exclude(Exists(sent))
        .select_related("coalition")
        .order_by("coalition__name", "review_date", "topic")
    )


def _mail_text(coalition: Coalition, agreements: list[Agreement], today: datetime.date, link: str) -> str:
    lines = [
        f"De volgende ketenafspraken van coalitie {coalition.name} zijn toe aan evaluatie:",
        "",
    ]
    levels = dict(AgreementLevel.choices)
    for a in agreements:
        when = "verlopen sinds" if a.review_date < today else "evaluatie op"
        lines.append(f"- {a.topic} ({levels[a.level]}): {when} {a.review_date:%d-%m-%Y}")
    lines += [
        "",
        "Bespreek ze met de partners en leg een nieuwe evaluatiedatum vast.",
        f"Bekijk de afspraken: {link}",
        "",
        "U krijgt deze herinnering één keer per afspraak per evaluatiedatum.",
    ]
    return "\n".join(lines)


def agreement_review_reminders_send(
    *, today: datetime.date | None = None, base_url: str = "", dry_run: bool = False
) -> list[ReminderMail]:
    """Mail each coalition's coordinators about agreements due for review; idempotent.

    Per coalition one transaction: the reminder rows, the audit events and the mail. When sending fails
    the rows roll back, so the next run tries again; a coalition without coordinators is skipped (and
    tried again later) rather than marked as reminded. A coalition whose mail fails comes back with
    `error` set, and the other coalitions still get theirs.
    """
    today = today or timezone.localdate()
    per_coalition: dict[int, list[Agreement]] = defaultdict(list)
    for agreement in agreements_needing_reminder(today=today):
        per_coalition[agreement.coalition_id].append(agreement)
    mails: list[ReminderMail] = []
    for agreements in per_coalition.values():
        # One coalition's bad data (or a refused mail) must not stop the reminders for all the others.
        try:
            mail = _review_reminder_send(agreements, today=today, base_url=base_url, dry_run=dry_run)
        except Exception as exc:
            logger.exception("Herinnering voor coalitie %s mislukt", agreements[0].coalition.slug)
            topics = [a.topic for a in agreements]
            mails.append(
                ReminderMail(agreements[0].coalition.slug, [], topics, error=str(exc) or type(exc).__name__)
            )
            continue
        if mail is not None:
            mails.append(mail)
    return mails


@transaction.atomic
def _review_reminder_send(
    agreements: list[Agreement], *, today: datetime.date, base_url: str, dry_run: bool
) -> ReminderMail | None:
    coalition = agreements[0].coalition
    # Coordinators by effective participation (docs/adr/0007): only who may act on the agreements now.
    recipients = sorted(u.email for u in coordinators_of(coalition) if u.email)
    if not recipients:
        return None
    mail = ReminderMail(coalition.slug, recipients, [a.topic for a in agreements])
    if dry_run:
        return mail
    link = base_url.rstrip("/") + reverse("coalitions:afspraken", args=[coalition.slug])
    with transaction.atomic():
        for agreement in agreements:
            AgreementReviewReminder.objects.create(
                agreement=agreement, review_date=agreement.review_date, recipients=len(recipients)
            )
            record(
                actor=REMINDERS,
                action="coalition.agreement_review_reminder_sent",
                obj=agreement,
                changes={
                    "coalition": coalition.slug,
                    "review_date": agreement.review_date.isoformat(),
                    "recipients": len(recipients),
                },
            )
        send_mail(
            subject=f"Ketenafspraken toe aan evaluatie — {single_line(coalition.name)} (Kansrijk)",
            message=_mail_text(coalition, agreements, today, link),
            from_email=None,
            recipient_list=recipients,
        )
    return mail
