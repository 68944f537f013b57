"""Consume care's outbox into the tallies: claim a batch, count it, one upsert, mark it consumed — all in
one transaction, so every event is counted exactly once (a failure rolls back the claim and the counts).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from typing import Any

from django.db import connection, transaction

from kansrijk.care.aggregation import outbox_claim, outbox_mark_consumed
from kansrijk.monitoring.metrics import increments
from kansrijk.monitoring.models import Tally
from kansrijk.monitoring.periods import local_day

COLUMNS = ("coalition_id", "municipality", "wijk", "day", "metric", "bucket", "is_synthetic", "value")
Key = tuple[int, str, str, dt.date, str, int, bool]  # the unique key of a tally row


def _max_params() -> int:
    if connection.vendor == "sqlite":
        raw = connection.connection
        if raw is not None and hasattr(raw, "getlimit"):
            return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
        return 999
    return 65535


def tally_add(counts: Counter[Key]) -> int:
    """Add the counts to the tallies: INSERT … ON CONFLICT … DO UPDATE SET value = value + excluded.value
    (PostgreSQL and SQLite); one statement unless the batch holds more rows than the driver takes
    parameters. Returns the number of distinct tally rows touched."""
    if not counts:
        return 0
    table = connection.ops.quote_name(Tally._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    key_cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS[:-1])
    value = connection.ops.quote_name("value")
    rows = sorted(counts.items())  # a fixed order: concurrent workers lock rows in the same order
    per_statement = max(1, _max_params() // len(COLUMNS))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            placeholders = ", ".join(["(" + ", ".join(["%s"] * len(COLUMNS)) + ")"] * len(chunk))
            params: list[Any] = []
            for key, n in chunk:
                params.extend(key)
                params.append(n)
            cursor.execute(
                f"INSERT INTO {table} ({cols}) VALUES {placeholders} "  # noqa: S608 (names quoted; values bound)
                f"ON CONFLICT ({key_cols}) DO UPDATE SET {value} = {table}.{value} + excluded.{value}",
                params,
            )
    return len(rows)


def monitor_consume(limit: int = 1000) -> int:
    """Consume up to `limit` pending outbox events; returns how many were consumed (0: nothing pending)."""
    with transaction.atomic():
        events = outbox_claim(limit)
        if not events:
            return 0
        counts: Counter[Key] = Counter()
        for event in events:
            day = local_day(event.occurred_at)
            for metric, bucket in increments(event.kind, event.attrs):
                counts[
                    (
                        event.coalition_id,
                        event.municipality,
                        event.wijk,
                        day,
                        metric,
                        bucket,
                        event.is_synthetic,
                    )
                ] += 1
        tally_add(counts)
        outbox_mark_consumed([e.id for e in events])
        return len(events)


def monitor_consume_all(limit: int = 1000) -> int:
    """Consume batches until nothing is pending; returns the total."""
    total = 0
    while n := monitor_consume(limit):
        total += n
    return total
