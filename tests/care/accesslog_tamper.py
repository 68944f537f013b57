"""Helpers for the access-log tests: write entries, tamper with them like an attacker with database
access would (raw SQL, the PostgreSQL append-only trigger switched off first), run the command."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from django.core.management import call_command
from django.db import connection, transaction

from kansrijk.care.accesslog import log_access
from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessEvent, AccessLogEntry

TABLE = AccessLogEntry._meta.db_table
TRIGGER = "care_accesslog_append_only"


@contextmanager
def tampering() -> Iterator[None]:
    """Switch the append-only trigger off (PostgreSQL; inside the test's transaction, so it comes back)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER {TRIGGER}")
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER {TRIGGER}")


def read_entries(ctx: AccessContext, episode_id: UUID, n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            log_access(
                ctx, event=AccessEvent.READ, action="gezin.bekeken", basis="eigen relatie:test",
                episode_id=episode_id, detail={"keer": i, "tekst": "ë€ \"quote\""},
            )  # fmt: skip


def run(*args: str) -> tuple[int, str]:
    """Run `kansrijk auditlog …`; return (exit code, output)."""
    out = io.StringIO()
    try:
        extra = ["--zonder-voortgang"] if args[0] == "verify" else []
        call_command("auditlog", *args, *extra, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def sql(statement: str, params: list[object] | None = None) -> None:
    """Run `statement` ("{table}" stands for the log's table) with the trigger off."""
    with tampering(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=TABLE), params or [])


def entry(chain: str, seq: int) -> AccessLogEntry:
    return AccessLogEntry.objects.get(chain=chain, seq=seq)
