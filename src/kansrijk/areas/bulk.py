"""Fast insert of many observations: one executemany per batch, bypassing model instantiation.

The open-data load writes ~100,000 observations; through `bulk_create` the ORM spends most of the
time building model instances and SQL (~15 s here). The rows are plain values, so a parameterised
INSERT is both safe and portable (Django translates %s for every backend).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from kansrijk.areas.models import Observation

COLUMNS = (
    "area_id",
    "indicator_id",
    "year",
    "value",
    "numerator",
    "denominator",
    "approximate",
    "note",
    "source",
)
BATCH = 5000

# One observation row in COLUMNS order.
ObservationValues = tuple[int, int, int, float | None, float | None, float | None, bool, str, str]


def observations_insert(rows: Iterable[ObservationValues]) -> int:
    """Insert rows (COLUMNS order); the caller holds the transaction. Returns the number inserted."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608 - names are constants, values are parameters
    count = 0
    batch: list[ObservationValues] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
