"""Bulk loading for `kansrijk seed-scale` on PostgreSQL: COPY instead of INSERT, secondary indexes
dropped before a large load and rebuilt after it.

`copy_models` writes model instances with COPY (psycopg 3 `cursor.copy`). COPY returns no keys, so the
keys are taken from the table's sequence first (`allocate_ids`) and the foreign keys of rows that point
at objects made in the same batch are filled in from those objects, as bulk_create would.

`secondary_indexes_dropped` removes the indexes (and the (chain, seq) uniqueness of the access log) that
only speed up reading, for the duration of the load, and always rebuilds them afterwards, also when the
load fails. Every statement is idempotent (IF EXISTS / IF NOT EXISTS / checked in the catalogue), so a
load killed halfway is repaired by `kansrijk seed-scale --herstel-indexen` (or the next large load).
Only the seed command uses this, never the application.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

from kansrijk.care.models import (
    AccessLogEntry,
    CareRelation,
    Consent,
    Episode,
    HomeVisit,
    LevelDecision,
    OutboxEntry,
    Person,
    Referral,
    ReferralTransition,
    Screening,
    TimelineEvent,
)

# The tables whose Meta.indexes go during a large load (the access log also loses its (chain, seq)
# uniqueness; the seed's ChainBuilder numbers every chain itself).
INDEXED_MODELS: tuple[type[models.Model], ...] = (
    AccessLogEntry, Episode, Person, Consent, CareRelation, TimelineEvent, Screening, LevelDecision,
    Referral, ReferralTransition, HomeVisit, OutboxEntry,
)  # fmt: skip
UNIQUE_DROPPED: tuple[type[models.Model], ...] = (AccessLogEntry,)


def allocate_ids(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """Give every row without a key one from the table's own sequence (so later rows can point at it)."""
    missing = [row for row in rows if row.pk is None]
    if not missing:
        return
    table, column = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, column, len(missing)],
        )
        for row, (key,) in zip(missing, cursor.fetchall(), strict=True):
            row.pk = key


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def copy_models(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """COPY `rows` (keys allocated) into the model's table, with the values bulk_create would write."""
    if not rows:
        return
    fields = list(model._meta.concrete_fields)
    relations = _foreign_keys(model)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            for relation in relations:
                if getattr(row, relation.attname) is None and relation.is_cached(row):
                    target = relation.get_cached_value(row)
                    if target is not None:
                        setattr(row, relation.attname, target.pk)
            copy.write_row([f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields])


def copy_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY plain tuples (the access log's rows, already in text form)."""
    sql = f"COPY {connection.ops.quote_name(table)} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def _statements(model: type[models.Model]) -> tuple[list[str], list[tuple[str, str]]]:
    """(drop statements, [(name, create statement)]) for the model's secondary indexes."""
    table = connection.ops.quote_name(model._meta.db_table)
    drops, creates = [], []
    with connection.schema_editor(collect_sql=True) as editor:
        for index in model._meta.indexes:
            assert index.name  # noqa: S101 - every Meta.indexes entry here is named
            drops.append(f"DROP INDEX IF EXISTS {connection.ops.quote_name(index.name)}")
            create = str(index.create_sql(model, editor)).replace(
                "CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1
            )
            creates.append((index.name, create))
        if model in UNIQUE_DROPPED:
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None:
                    drops.append(f"ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {constraint.name}")
                    creates.append((constraint.name, str(constraint.create_sql(model, editor))))
    return drops, creates


def _exists(name: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_class WHERE relname = %s UNION SELECT 1 FROM pg_constraint WHERE conname = %s",
            [name, name],
        )
        return cursor.fetchone() is not None


def rebuild_indexes(say: Callable[[str], None]) -> int:
    """Create every secondary index of INDEXED_MODELS that is missing; returns how many were made."""
    made = 0
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '512MB'")
        for model in INDEXED_MODELS:
            for name, create in _statements(model)[1]:
                if _exists(name):
                    continue
                say(f"Index {name} van {model._meta.db_table} opnieuw opbouwen…")
                cursor.execute(create)
                made += 1
    return made


@contextmanager
def secondary_indexes_dropped(say: Callable[[str], None]) -> Iterator[None]:
    """Drop the secondary indexes for the duration of the block (PostgreSQL), rebuild them after."""
    if connection.vendor != "postgresql":
        yield
        return
    say(
        "Indexen tijdelijk verwijderd voor het laden. Breekt het laden af, draai dan "
        "`kansrijk seed-scale --herstel-indexen`."
    )
    with connection.cursor() as cursor:
        for model in INDEXED_MODELS:
            for drop in _statements(model)[0]:
                cursor.execute(drop)
    try:
        yield
    finally:
        rebuild_indexes(say)
        with connection.cursor() as cursor:
            say("Statistieken bijwerken (ANALYZE)…")
            for model in INDEXED_MODELS:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
