"""Care's aggregation interface: the ONLY care module the monitoring app may import (design.md §2).

It hands out the monitor's outbox (`care.models.outbox`): events without personal data, each naming only
where (coalition, CBS codes of municipality and wijk), when, what kind and its attributes. A consumer
claims a batch inside its own transaction, adds the events to its tallies and marks them consumed in that
same transaction, so an event is counted exactly once (a rollback leaves it pending for the next run).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Min
from django.utils import timezone

from kansrijk.care.models import MonitorEventKind, OutboxEntry

__all__ = [
    "MonitorEventKind",
    "OutboxEvent",
    "SyntheticEvent",
    "outbox_add_synthetic",
    "outbox_claim",
    "outbox_mark_consumed",
    "outbox_oldest_pending",
    "outbox_pending_count",
]


@dataclass(frozen=True)
class OutboxEvent:
    id: int
    kind: str
    occurred_at: datetime
    coalition_id: int
    municipality: str  # CBS code GMxxxx
    wijk: str  # CBS code WKxxxxxx, or "" when unknown
    attrs: Mapping[str, object]
    is_synthetic: bool


@dataclass(frozen=True)
class SyntheticEvent:
    """An event for load tests and benchmarks (stored with is_synthetic=True)."""

    kind: str
    occurred_at: datetime
    coalition_id: int
    municipality_id: int
    wijk_id: int | None = None
    attrs: Mapping[str, object] = field(default_factory=dict)


_COLUMNS = ("kind", "occurred_at", "coalition_id", "municipality_id", "wijk_id", "attrs", "is_synthetic")


def outbox_claim(limit: int = 1000) -> list[OutboxEvent]:
    """The oldest unconsumed entries (by id), locked for this transaction: on PostgreSQL with SKIP LOCKED,
    so two workers never take the same entry (SQLite ignores the lock: it has one writer anyway).
    Call inside transaction.atomic() and mark them consumed in the same transaction."""
    rows = (
        OutboxEntry.objects.filter(consumed_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("municipality", "wijk")
        .only(*_COLUMNS, "municipality__code", "wijk__code")  # areas are wide rows: only their code
        .order_by("id")[:limit]
    )
    return [
        OutboxEvent(
            id=row.id,
            kind=row.kind,
            occurred_at=row.occurred_at,
            coalition_id=row.coalition_id,
            municipality=row.municipality.code,
            wijk=row.wijk.code if row.wijk is not None else "",
            attrs=dict(row.attrs),
            is_synthetic=row.is_synthetic,
        )
        for row in rows
    ]


def outbox_mark_consumed(ids: Sequence[int]) -> None:
    """Mark claimed entries consumed (in the transaction that added them to the tallies)."""
    if ids:
        OutboxEntry.objects.filter(pk__in=list(ids), consumed_at__isnull=True).update(
            consumed_at=timezone.now()
        )


def outbox_oldest_pending() -> datetime | None:
    """When the oldest unconsumed event happened (None when nothing is pending)."""
    oldest: datetime | None = OutboxEntry.objects.filter(consumed_at__isnull=True).aggregate(
        oldest=Min("occurred_at")
    )["oldest"]
    return oldest


def outbox_pending_count() -> int:
    return OutboxEntry.objects.filter(consumed_at__isnull=True).count()


def outbox_add_synthetic(events: Iterable[SyntheticEvent], *, batch_size: int = 5000) -> int:
    """Bulk insert synthetic events (labelled is_synthetic=True); returns how many were added."""
    kinds = set(MonitorEventKind.values)
    rows = []
    for event in events:
        if event.kind not in kinds:
            raise ValueError(f"Onbekende soort gebeurtenis: {event.kind}")
        rows.append(
            OutboxEntry(
                kind=event.kind,
                occurred_at=event.occurred_at,
                coalition_id=event.coalition_id,
                municipality_id=event.municipality_id,
                wijk_id=event.wijk_id,
                attrs=dict(event.attrs),
                is_synthetic=True,
            )
        )
    OutboxEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)
