"""Helpers for the open-data import tests: raw-file readers independent of the importer, broken
copies of the data directory, and a fingerprint of the database state."""

from __future__ import annotations

import csv
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

from kansrijk.areas.models import Area, ImportRun, Indicator, Observation
from kansrijk.audit.models import AuditEvent


def raw_rows(path: Path) -> list[dict[str, str]]:
    """A CSV as plain dicts (the csv module, not polars: independent of the importer)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


def broken_copy(data_dir: Path, tmp_path: Path, relative: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the data directory (symlinks) in which one file is replaced by `change(content)`."""
    target = tmp_path / "open-data"
    for path in data_dir.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(data_dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(path)
    dest = target / relative
    content = (data_dir / relative).read_bytes()
    dest.unlink()
    dest.write_bytes(change(content))
    return target


def replace_cell(content: bytes, *, line: int, column: str, value: str) -> bytes:
    """Replace one cell (1-based line, header = line 1) of a simple comma-separated file."""
    lines = content.decode("utf-8").split("\n")
    header = lines[0].rstrip("\r").split(",")
    cells = lines[line - 1].split(",")
    cells[header.index(column)] = value
    lines[line - 1] = ",".join(cells)
    return "\n".join(lines).encode("utf-8")


def copy_dir(data_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "open-data-copy"
    shutil.copytree(data_dir, target)
    return target


def db_state() -> dict[str, object]:
    """Counts and a digest of every observation: they change if an import wrote anything at all.

    A digest of the rows in key order, not a SUM of the float columns: PostgreSQL may add floats
    in a different order on each run (parallel aggregation), so two sums of the same rows can
    differ in the last digits (CI failed on exactly that)."""
    digest = hashlib.sha256()
    rows = (
        Observation.objects.order_by("pk").values_list("pk", "value", "numerator").iterator(chunk_size=20_000)
    )
    count = 0
    for row in rows:
        digest.update(repr(row).encode())
        count += 1
    obs = {"n": count, "digest": digest.hexdigest()}
    return {
        "areas": Area.objects.count(),
        "areas_current": Area.objects.filter(current=True).count(),
        "indicators": Indicator.objects.count(),
        "observations": obs,
        "runs": ImportRun.objects.count(),
        "audit": AuditEvent.objects.count(),
    }
