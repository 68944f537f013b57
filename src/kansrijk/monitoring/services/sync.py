"""Load `monitoring/data/indicators.json` into IndicatorDefinition: idempotent (the file is the truth;
rows for keys no longer in the file are removed). Run by the data migration 0002 and again at the start
of `kansrijk monitor verwerk`, so an edited file takes effect without a new migration."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "indicators.json"
FIELDS = (
    "title",
    "phase",
    "indicator_set",
    "numerator",
    "denominator",
    "source",
    "source_url",
    "unit",
    "suppression",
    "defined",
)


def indicator_rows(path: Path = DATA_FILE) -> list[dict[str, Any]]:
    """The definitions in the file, in order, checked: unique keys, every field present, and an
    undefined indicator never carries a numerator or denominator (unknown parts stay empty)."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["indicators"]
    seen: set[str] = set()
    for row in rows:
        missing = [f for f in ("key", *FIELDS) if f not in row]
        if missing:
            raise ValueError(f"{path.name}: indicator {row.get('key', '?')} mist {', '.join(missing)}")
        if row["key"] in seen:
            raise ValueError(f"{path.name}: indicator {row['key']} staat er dubbel in")
        seen.add(row["key"])
        if row["defined"] and not row["numerator"]:
            raise ValueError(f"{path.name}: indicator {row['key']} heeft defined=true maar geen teller")
    return rows


def sync_definitions(model: Any = None, path: Path = DATA_FILE) -> int:
    """Write the file's definitions (through `model`: the historical model in a migration, the real one
    otherwise); returns how many rows changed or were added or removed."""
    if model is None:
        from kansrijk.monitoring.models import IndicatorDefinition

        model = IndicatorDefinition
    rows = indicator_rows(path)
    changed = 0
    with transaction.atomic():
        existing = {d.key: d for d in model.objects.all()}
        for order, row in enumerate(rows, start=1):
            values = {f: row[f] for f in FIELDS} | {"order": order}
            current = existing.pop(row["key"], None)
            if current is None:
                model.objects.create(key=row["key"], **values)
                changed += 1
            elif any(getattr(current, f) != v for f, v in values.items()):
                for f, v in values.items():
                    setattr(current, f, v)
                current.save()
                changed += 1
        if existing:
            model.objects.filter(key__in=list(existing)).delete()
            changed += len(existing)
    return changed
