"""Removing a family's personal data after the retention period (issue 11, "Retention"; docs/accesslog.md).

An episode that ended more than KANSRIJK_CARE_RETENTION_DAYS ago loses everything that is about a person:
the persons (name, birth date, contact, BSN), screenings and their answers, consents and other legal
bases with their reasons, correction requests, the timeline's texts, the care relations, the free text
of level decisions and home visits, the due date and the wijk. What stays is an anonymous shell for
aggregates: the Episode row (coalition, municipality, stage, registering organisation, closing date,
`anonymised_at`), each level decision's level and each home visit's status.

One episode per transaction, locked and re-checked, so a run that stops halfway (or two runs at once)
leaves every episode either untouched or fully done; the next run simply continues. Each removal writes
one access-log entry in the family's chain ("verwijderd na bewaartermijn", counts, never content) under
the system actor "retentie": the chain stays intact and verifiable, and the log itself is kept longer
(KANSRIJK_ACCESS_LOG_RETENTION_DAYS) than the data it is about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from kansrijk.audit.actors import SystemActor
from kansrijk.audit.services import record
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import Purpose
from kansrijk.care.context import AccessContext, system_context
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    Consent,
    CorrectionRequest,
    Episode,
    EpisodeStatus,
    HomeVisit,
    LegalBasis,
    LevelDecision,
    OutboxEntry,
    Person,
    Screening,
    TimelineEvent,
)

RETENTION = SystemActor("retentie")
REMOVED = "verwijderd na bewaartermijn"
BATCH = 200


def retention_cutoff(today: date | None = None) -> date:
    """Episodes that ended before this day are past their retention period."""
    return (today or timezone.localdate()) - timedelta(days=settings.KANSRIJK_CARE_RETENTION_DAYS)


def episodes_due(today: date | None = None) -> QuerySet[Episode]:
    """Ended episodes past the retention period whose personal data are still there."""
    return Episode.objects.filter(
        status=EpisodeStatus.CLOSED, ended_on__lt=retention_cutoff(today), anonymised_at__isnull=True
    ).order_by("ended_on", "pk")


def _counts(episode: Episode) -> dict[str, int]:
    return {
        "personen": Person.objects.filter(episode=episode).count(),
        "screenings": Screening.objects.filter(episode=episode).count(),
        "toestemmingen": Consent.objects.filter(episode=episode).count(),
        "andere_grondslagen": LegalBasis.objects.filter(episode=episode).count(),
        "correctieverzoeken": CorrectionRequest.objects.filter(episode=episode).count(),
        "tijdlijnregels": TimelineEvent.objects.filter(episode=episode).count(),
        "zorgrelaties": CareRelation.objects.filter(episode=episode).count(),
        "niveaubesluiten": LevelDecision.objects.filter(episode=episode).count(),
        "huisbezoeken": HomeVisit.objects.filter(episode=episode).count(),
    }


@dataclass
class RetentionReport:
    episodes: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, counts: dict[str, int]) -> None:
        self.episodes += 1
        for key, n in counts.items():
            self.totals[key] = self.totals.get(key, 0) + n


def retention_preview(today: date | None = None) -> RetentionReport:
    """What a run would remove now (`kansrijk retentie --proef`): counts only, nothing changes."""
    report = RetentionReport()
    for episode in episodes_due(today).iterator(chunk_size=BATCH):
        report.add(_counts(episode))
    return report


def episode_anonymise(
    ctx: AccessContext, *, episode_pk: int, today: date | None = None
) -> dict[str, int] | None:
    """Remove one episode's personal data in one transaction; None when it was no longer due
    (another run did it, or it was reopened). Only the retention system context may do this."""
    if ctx.system_label != RETENTION.label or ctx.purpose != Purpose.RETENTION:
        raise PermissionError("episode_anonymise runs only as the retention system actor")
    with transaction.atomic():
        episode = episodes_due(today).select_for_update().filter(pk=episode_pk).first()
        if episode is None:
            return None
        counts = _counts(episode)
        # Order matters: relations PROTECT consents and legal bases; decisions PROTECT screenings.
        CareRelation.objects.filter(episode=episode).delete()
        decisions = LevelDecision.objects.filter(episode=episode)
        decisions.update(screening=None, decided_by=None, reassess_on=None)
        # A reason is required where the level differs from the proposal (a constraint): keep that
        # there was one, not what it said.
        decisions.exclude(reason="").update(reason=REMOVED)
        HomeVisit.objects.filter(episode=episode).update(outcome="", next_steps="", by=None, planned_on=None)
        for model in (Screening, TimelineEvent, CorrectionRequest, LegalBasis, Consent, Person):
            model.objects.filter(episode=episode).delete()
        episode.due_date = None
        episode.wijk = None
        episode.end_reason = ""
        episode.anonymised_at = timezone.now()
        episode.save(update_fields=["due_date", "wijk", "end_reason", "anonymised_at", "updated_at"])
        log_access(
            ctx,
            event=AccessEvent.DELETE,
            action="bewaartermijn.verwijderd",
            basis="bewaartermijn",
            episode_id=episode.public_id,
            detail={"reden": REMOVED, "aantallen": counts},
        )
    return counts


def retention_run(
    *, today: date | None = None, limit: int | None = None, progress: Callable[[int], None] | None = None
) -> RetentionReport:
    """Remove the personal data of every episode past its retention period, one episode at a time."""
    ctx = system_context(RETENTION, purpose=Purpose.RETENTION)
    report = RetentionReport()
    for pk in _due_pks(today, limit):
        counts = episode_anonymise(ctx, episode_pk=pk, today=today)
        if counts is not None:
            report.add(counts)
        if progress is not None:
            progress(1)
    if report.episodes:
        with transaction.atomic():
            record(
                actor=RETENTION,
                action="care.retention_run",
                object_type="care.Episode",
                changes={"gezinnen": report.episodes, **report.totals},
                purpose=Purpose.RETENTION,
            )
    return report


def _due_pks(today: date | None, limit: int | None) -> Iterator[int]:
    """The due episodes' keys, read in batches (a new query each batch, so a long run sees episodes
    done by a parallel run disappear instead of holding one long cursor)."""
    done, last = 0, 0
    while limit is None or done < limit:
        size = BATCH if limit is None else min(BATCH, limit - done)
        batch = list(
            episodes_due(today).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size]
        )
        if not batch:
            return
        yield from batch
        done, last = done + len(batch), batch[-1]


# --- the monitor's outbox ---------------------------------------------------------------------------------


def outbox_cutoff(now: datetime | None = None) -> datetime:
    """Outbox entries consumed before this moment may go: their counts are in the monitor's tallies."""
    return (now or timezone.now()) - timedelta(days=settings.KANSRIJK_OUTBOX_RETENTION_DAYS)


def outbox_due(now: datetime | None = None) -> QuerySet[OutboxEntry]:
    """Consumed entries past the outbox retention period; an entry not yet consumed never goes."""
    return OutboxEntry.objects.filter(consumed_at__lt=outbox_cutoff(now))


@transaction.atomic
def outbox_prune(*, now: datetime | None = None) -> int:
    """Remove the consumed outbox entries past their retention period (they hold no personal data, but
    they grow with every event); one audit event with the number. Returns how many went."""
    removed, _ = outbox_due(now).delete()
    if removed:
        record(
            actor=RETENTION,
            action="care.outbox_pruned",
            object_type="care.OutboxEntry",
            changes={"verwijderd": removed, "verwerkt_voor": outbox_cutoff(now).isoformat()},
            purpose=Purpose.RETENTION,
        )
    return removed
