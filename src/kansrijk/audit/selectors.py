"""Reads of the audit log for other apps (they never query the table themselves)."""

from __future__ import annotations

from collections.abc import Iterable

from kansrijk.audit.models import AuditEvent


def latest_events(
    *, object_type: str, object_ids: Iterable[str], actions: Iterable[str]
) -> dict[str, AuditEvent]:
    """object id → the newest event with one of these actions on that object, in one query.

    For "who asked for this, and when" on screens that decide about it (e.g. requested coalitions)."""
    out: dict[str, AuditEvent] = {}
    events = AuditEvent.objects.filter(
        object_type=object_type, object_id__in=list(object_ids), action__in=list(actions)
    ).order_by("at", "id")
    for event in events:
        out[event.object_id] = event  # later events overwrite earlier ones
    return out
