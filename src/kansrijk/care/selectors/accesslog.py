"""Reading the access log: one family's entries for the family's own view, an organisation's entries for
its log manager (logbeheerder), and the unusual access the log manager must look at.

These selectors do not log; the view that shows their result writes the one entry for that reading
(a parent looking at their log, a log manager reviewing). Not visible is 404, as everywhere in care.

The meldcode rule (issue 11, "the family's own view"): entries made under a legal basis whose kind is in
HIDDEN_FROM_FAMILY_WHILE_ACTIVE are left out of the family's view while that basis is active; the moment
the professional ends it (`legal_basis_end`) they are shown, with their original time.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour
from django.http import Http404
from django.utils import timezone

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.care.context import AccessContext, ActingAs
from kansrijk.care.models import (
    HIDDEN_FROM_FAMILY_WHILE_ACTIVE,
    AccessEvent,
    AccessLogEntry,
    Episode,
    LegalBasis,
)
from kansrijk.care.selectors.access import episodes_visible_to

# Office hours for the "outside working hours" flag: 07:00 up to 20:00, local time.
WORK_STARTS, WORK_ENDS = 7, 20
# Opening a family: reading or exporting its record (a list naming it is not opening it).
OPENING_EVENTS = (AccessEvent.READ, AccessEvent.EXPORT)


def _names_family(public_id: UUID) -> Q:
    """Entries about one family: its own chain, and lists that named it among others."""
    if connection.vendor == "postgresql":
        in_list = Q(episodes__contains=[str(public_id)])  # uses the GIN index of migration 0003
    else:
        in_list = Q(episodes__icontains=str(public_id))  # SQLite: text match on the JSON list
    return Q(episode_id=public_id) | in_list


def hidden_legal_bases(episode: Episode) -> QuerySet[LegalBasis]:
    """The legal bases whose work the family may not see now: active, of a kind that requires it."""
    return LegalBasis.objects.filter(
        episode=episode, kind__in=HIDDEN_FROM_FAMILY_WHILE_ACTIVE, ended_at__isnull=True
    )


def hidden_bases(episode: Episode) -> list[str]:
    """The basis labels ("meldcode:<uuid>") whose entries the family may not see now."""
    active = hidden_legal_bases(episode)
    return [f"{kind}:{public_id}" for kind, public_id in active.values_list("kind", "public_id")]


def family_log(ctx: AccessContext, episode: Episode) -> QuerySet[AccessLogEntry]:
    """Who looked at or changed this family's data, newest first, for a parent of the family.

    404 unless `ctx` is a parent who belongs to `episode`. Leaves out entries made under an active
    basis that hides them from the family (the meldcode rule above). A list entry (a team's worklist
    naming this family among others) is made under no basis of this family, yet it names the receiving
    organisation: while a hidden basis is active, list entries of its receiving organisations are left
    out too; after it ends they are shown."""
    if not ctx.is_parent or not episodes_visible_to(ctx).filter(pk=episode.pk).exists():
        raise Http404
    receiving = list(hidden_legal_bases(episode).values_list("receiving_organisation_id", flat=True))
    return (
        AccessLogEntry.objects.filter(_names_family(episode.public_id))
        .exclude(basis__in=hidden_bases(episode))
        .exclude(episode_id__isnull=True, organisation_id__in=receiving)
        .order_by("-occurred_at", "-id")
    )


# --- The log manager ----------------------------------------------------------------------------------


def log_manager_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose log `user` reviews (none: the log page is a 404)."""
    if not user.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=Role.LOG_MANAGER).distinct()


@dataclass(frozen=True)
class LogFilter:
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    episode_id: UUID | None = None


def _require_log_manager(ctx: AccessContext) -> Organisation:
    if ctx.acting_as != ActingAs.LOG_MANAGER or ctx.organisation is None:
        raise Http404
    return ctx.organisation


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def organisation_log(ctx: AccessContext, flt: LogFilter) -> QuerySet[AccessLogEntry]:
    """The entries of what the log manager's organisation did (its people, its teams), newest first."""
    organisation = _require_log_manager(ctx)
    entries = AccessLogEntry.objects.filter(organisation_id=organisation.pk)
    if flt.user_id is not None:
        entries = entries.filter(user_id=flt.user_id)
    if flt.date_from is not None:
        entries = entries.filter(occurred_at__gte=_day_start(flt.date_from))
    if flt.date_to is not None:
        entries = entries.filter(occurred_at__lt=_day_start(flt.date_to + timedelta(days=1)))
    if flt.episode_id is not None:
        entries = entries.filter(_names_family(flt.episode_id))
    return entries.order_by("-occurred_at", "-id")


def outside_hours(moment: datetime) -> bool:
    hour = timezone.localtime(moment).hour
    return hour < WORK_STARTS or hour >= WORK_ENDS


@dataclass(frozen=True)
class ManyFamilies:
    """A user opened more distinct families in a short time than the threshold allows."""

    user_id: int | None
    user_label: str
    families: int
    first: datetime
    last: datetime


@dataclass(frozen=True)
class OffHours:
    user_id: int | None
    user_label: str
    entries: int


@dataclass(frozen=True)
class Unusual:
    many_families: list[ManyFamilies]
    off_hours: list[OffHours]

    def __bool__(self) -> bool:
        return bool(self.many_families or self.off_hours)


def _bursts(
    rows: list[tuple[int | None, str, datetime, UUID | None]], limit: int, window: timedelta
) -> list[ManyFamilies]:
    """Per user, the first time window in which more than `limit` distinct families were opened
    (a sliding window over their openings in time order: O(n) per user)."""
    found: dict[int | None, ManyFamilies] = {}
    by_user: dict[int | None, list[tuple[datetime, UUID | None, str]]] = {}
    for user_id, label, at, episode in rows:
        by_user.setdefault(user_id, []).append((at, episode, label))
    for user_id, opened in by_user.items():
        inside: deque[tuple[datetime, UUID | None, str]] = deque()
        counts: dict[UUID | None, int] = {}
        for item in opened:
            inside.append(item)
            counts[item[1]] = counts.get(item[1], 0) + 1
            while item[0] - inside[0][0] > window:
                gone = inside.popleft()[1]
                counts[gone] -= 1
                if not counts[gone]:
                    del counts[gone]
            if len(counts) > limit and user_id not in found:
                found[user_id] = ManyFamilies(user_id, item[2], len(counts), inside[0][0], item[0])
    return sorted(found.values(), key=lambda f: f.first)


def unusual_access(ctx: AccessContext, flt: LogFilter) -> Unusual:
    """The flags for the log manager over the filtered entries: many families opened by one user within
    KANSRIJK_UNUSUAL_ACCESS_MINUTES, and access outside 07:00–20:00."""
    entries = organisation_log(ctx, flt).order_by()
    opened = (
        entries.filter(event__in=OPENING_EVENTS, episode_id__isnull=False)
        .order_by("occurred_at")
        .values_list("user_id", "user_label", "occurred_at", "episode_id")
    )
    limit = settings.KANSRIJK_UNUSUAL_ACCESS_FAMILIES
    window = timedelta(minutes=settings.KANSRIJK_UNUSUAL_ACCESS_MINUTES)
    late = (
        entries.annotate(hour=ExtractHour("occurred_at"))
        .filter(Q(hour__lt=WORK_STARTS) | Q(hour__gte=WORK_ENDS))
        .values("user_id", "user_label")
        .annotate(n=Count("id"))
        .order_by("-n", "user_label")
    )
    return Unusual(
        many_families=_bursts(list(opened), limit, window),
        off_hours=[OffHours(r["user_id"], r["user_label"], r["n"]) for r in late],
    )


def families_named(entries: list[AccessLogEntry]) -> list[UUID]:
    """The families a page of entries names (for the one log-review entry about that page)."""
    named: set[str] = set()
    for entry in entries:
        if entry.episode_id is not None:
            named.add(str(entry.episode_id))
        named.update(entry.episodes)
    return [UUID(e) for e in sorted(named)]
