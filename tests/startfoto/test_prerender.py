"""Pre-render after an import (issue 10): PDFs in a store every worker shares, pages in the page cache,
started by the import's commit and stopped by a newer import."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kansrijk.areas import hooks
from kansrijk.areas.models import ImportRun
from kansrijk.areas.perinatal_errors import PerinatalFileError
from kansrijk.startfoto.pdf_store import store_pdf, stored_pdf
from kansrijk.startfoto.prerender import prerender
from kansrijk.startfoto.selectors import latest_import_run_id

pytestmark = pytest.mark.django_db
HEADER = "gebiedscode;jaar;indicator;teller;noemer;percentage"


def _page_queries(client: Client, code: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/startfoto/{code}/").status_code == 200
    return len(queries)


def test_prerender_stores_the_pdf_and_warms_the_page(client: Client) -> None:
    run_id = latest_import_run_id()
    assert stored_pdf("GM0088", run_id) is None
    result = prerender(codes=["GM0088"])
    assert result.done == ["GM0088"] and not result.failed and not result.stopped
    pdf = stored_pdf("GM0088", run_id)
    assert pdf is not None and pdf.startswith(b"%PDF-")
    # The page was rendered once by the pre-render: a reader's first view is served from the cache
    # (two queries: the content versions and the duidingen) …
    assert _page_queries(client, "GM0088") <= 3
    # … where a municipality that was not pre-rendered renders its cards first.
    assert _page_queries(client, "GM0096") > 3


def test_the_pdf_view_serves_the_stored_pdf_without_rendering(client: Client) -> None:
    store_pdf("GM0088", latest_import_run_id(), b"%PDF-1.7 stored by another worker")
    response = client.get("/startfoto/GM0088/startfoto.pdf")
    assert response.content == b"%PDF-1.7 stored by another worker"
    assert response["Content-Disposition"] == 'attachment; filename="startfoto-GM0088.pdf"'


def test_a_newer_import_stops_the_prerender() -> None:
    def newer_import(done: int, *_args: object) -> None:
        if done == 1:
            ImportRun.objects.create(kind="perinataal", source="test")

    result = prerender(codes=["GM0088", "GM0096", "GM0093"], pages=False, progress=newer_import)
    assert result.stopped and result.done == ["GM0088"]


def _perinatal_file(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "perined.csv"
    path.write_text(f"{HEADER}\n{line}\n", encoding="utf-8")
    return path


def test_an_import_calls_the_registered_callbacks_after_its_commit_only(
    tmp_path: Path, django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kansrijk.areas.perinatal import perinatal_import
    from kansrijk.startfoto.prerender import import_done

    assert import_done in hooks._callbacks  # the startfoto registered itself (apps.py)
    seen: list[ImportRun] = []
    monkeypatch.setattr(hooks, "_callbacks", [seen.append])
    with django_capture_on_commit_callbacks(execute=True):
        run = perinatal_import(path=_perinatal_file(tmp_path, "GM0363;2022;vroeggeboorte;600;9700;"))
    assert seen == [run]
    # A refused file writes nothing and starts nothing.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PerinatalFileError):
        perinatal_import(path=_perinatal_file(tmp_path, "GM0363;2022;vroeggeboorte;9800;9700;"))
    assert seen == [run]


def test_the_background_prerender_starts_only_when_switched_on(
    settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from kansrijk.startfoto import prerender as module

    entry = subprocess.run(
        [sys.executable, "-m", "kansrijk.cli", "startfoto", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert entry.returncode == 0 and "--voorbereiden" in entry.stdout
    started: list[list[str]] = []
    # The real process would render all 342 municipalities: record the command instead (above: the
    # entry point exists; below: the command's work for one municipality).
    monkeypatch.setattr(module.subprocess, "Popen", lambda command, **_kw: started.append(command))
    settings.VAR_DIR = tmp_path
    run = ImportRun.objects.create(kind="perinataal", source="test")
    settings.KANSRIJK_PRERENDER = False
    module.import_done(run)
    assert started == []
    settings.KANSRIJK_PRERENDER = True
    module.import_done(run)
    assert len(started) == 1 and started[0][-4:] == ["-m", "kansrijk.cli", "startfoto", "--voorbereiden"]
    assert "op de achtergrond voorbereid" in capsys.readouterr().err


def test_command_prepares_one_municipality_and_refuses_an_unknown_code() -> None:
    err = io.StringIO()
    call_command("startfoto", "GM0088", "--voorbereiden", stderr=err)
    assert "1/1 GM0088 klaar" in err.getvalue() and "1 gemeenten voorbereid" in err.getvalue()
    assert stored_pdf("GM0088", latest_import_run_id()) is not None
    with pytest.raises(CommandError, match="GM9999") as refused:
        call_command("startfoto", "GM9999", "--voorbereiden", stderr=io.StringIO())
    assert refused.value.returncode == 2
