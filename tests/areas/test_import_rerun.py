"""Re-running the load: same tables (no duplicates), same area ids; --if-changed skips quickly."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from kansrijk.areas.models import Area, ImportRun, Observation
from kansrijk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    by_level = dict(Area.objects.values_list("level").annotate(n=Count("id")))
    return {**by_level, "observations": Observation.objects.count()}


def test_load_twice_gives_the_same_tables() -> None:
    before = counts()
    ids = dict(Area.objects.values_list("code", "id"))
    runs = ImportRun.objects.count()
    out = StringIO()
    call_command("data", "load", stdout=out)
    assert counts() == before
    assert dict(Area.objects.values_list("code", "id")) == ids  # areas are updated, never recreated
    assert ImportRun.objects.count() == runs + 1
    text = out.getvalue()
    assert "kwb/kwb_gemeente_2022.csv: 345 regels" in text
    assert "342 gemeenten" in text and "Bron: CBS / PDOK, CC BY 4.0" in text


def test_if_changed_skips_when_nothing_changed() -> None:
    runs, events = ImportRun.objects.count(), AuditEvent.objects.count()
    out = StringIO()
    call_command("data", "load", "--if-changed", stdout=out)
    assert "ongewijzigd" in out.getvalue()
    assert (ImportRun.objects.count(), AuditEvent.objects.count()) == (runs, events)


def test_if_changed_loads_when_a_file_changed(data_dir: Path, tmp_path: Path) -> None:
    from tests.areas.helpers import broken_copy

    changed = broken_copy(data_dir, tmp_path, "README.md", lambda c: c + b"\nextra\n")
    runs = ImportRun.objects.count()
    call_command("data", "load", "--if-changed", "--data-dir", str(changed), verbosity=0)
    assert ImportRun.objects.count() == runs + 1
