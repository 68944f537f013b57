"""The writer of the monitor's outbox (private to care.services; docs: `care/models/outbox.py`).

Each function adds at most one entry, inside the caller's transaction, so an entry exists exactly when
the event it records was committed (a refused write rolls back both). An entry carries where
(coalition, municipality, wijk: taken from the episode's foreign-key columns, no query), when, the kind
and the kind's attributes: never a name, a BSN, an e-mail address or a reference to the family.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from kansrijk.accounts.models import OrganisationKind
from kansrijk.care.models import (
    CareRelation,
    Episode,
    EpisodeStage,
    HomeVisit,
    LevelDecision,
    MonitorEventKind,
    OutboxEntry,
    Referral,
    ReferralStatus,
    Screening,
    ScreeningStatus,
    VisitStatus,
    WarmHandover,
    WarmHandoverStatus,
)
from kansrijk.care.selectors.access import _live_relations

K = MonitorEventKind
# A visit that reached one of these has been resolved: held, or (declined, not held) not.
VISIT_RESOLVED = frozenset({VisitStatus.HELD, VisitStatus.DECLINED, VisitStatus.NOT_HELD})


def outbox_add(episode: Episode, kind: str, **attrs: object) -> OutboxEntry:
    """One entry for `episode`'s place and synthetic label; the attributes as given (JSON values)."""
    return OutboxEntry.objects.create(
        kind=kind,
        coalition_id=episode.coalition_id,
        municipality_id=episode.municipality_id,
        wijk_id=episode.wijk_id,
        attrs=attrs,
        is_synthetic=episode.is_synthetic,
    )


def outbox_screening_finished(episode: Episode, screening: Screening) -> None:
    """`gezin_gescreend` for the episode's first finished screening only (the episode row is locked)."""
    earlier = episode.screenings.filter(status=ScreeningStatus.DONE).exclude(pk=screening.pk)
    if not earlier.exists():
        outbox_add(episode, K.FAMILY_SCREENED)


def outbox_level_decided(episode: Episode, decision: LevelDecision) -> None:
    """`niveau_besloten` for the episode's first level decision only (the episode row is locked)."""
    if not episode.level_decisions.exclude(pk=decision.pk).exists():
        outbox_add(episode, K.LEVEL_DECIDED, niveau=decision.level)


def outbox_pregnancy_ended(episode: Episode) -> None:
    """`zwangerschap_afgerond` when the episode is still at stage zwanger (call before the stage moves):
    `jgz` says whether a team of a JGZ organisation is in the family's care team at this moment."""
    if episode.stage != EpisodeStage.PREGNANT:
        return
    jgz = CareRelation.objects.filter(
        _live_relations(), episode_id=episode.pk, team__organisation__kind=OrganisationKind.JGZ
    ).exists()
    outbox_add(episode, K.PREGNANCY_ENDED, jgz=jgz)


def _local_date(moment: datetime | None) -> date:
    return timezone.localtime(moment).date() if moment is not None else timezone.localdate()


def outbox_referral(referral: Referral) -> None:
    """The entry for the status the referral just reached (sent, accepted, first contact; others none)."""
    episode, need = referral.episode, referral.need
    if referral.status == ReferralStatus.SENT:
        outbox_add(episode, K.REFERRAL_SENT, thema=need, toestemming=referral.consent_id is not None)
    elif referral.status == ReferralStatus.ACCEPTED:
        on_time: bool | None = None
        if referral.expected_days is not None:
            waited = (_local_date(referral.accepted_at) - referral.signalled_on).days
            on_time = waited <= referral.expected_days
        outbox_add(episode, K.REFERRAL_ACCEPTED, thema=need, op_tijd=on_time)
    elif referral.status == ReferralStatus.FIRST_CONTACT and referral.first_contact_on is not None:
        days = max(0, (referral.first_contact_on - referral.signalled_on).days)
        warm = WarmHandover.objects.filter(referral_id=referral.pk, status=WarmHandoverStatus.HELD).exists()
        outbox_add(episode, K.FIRST_CONTACT, thema=need, dagen=days, warm=warm)


def outbox_visit(episode: Episode, visit: HomeVisit) -> None:
    """The entry for the status the visit just reached: offered, or resolved (held or not)."""
    if visit.status == VisitStatus.OFFERED:
        outbox_add(episode, K.VISIT_OFFERED)
    elif visit.status in VISIT_RESOLVED:
        outbox_add(episode, K.VISIT_RESOLVED, gehouden=visit.status == VisitStatus.HELD)
