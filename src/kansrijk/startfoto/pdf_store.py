"""Where startfoto PDFs are kept: one file per municipality and import run, on disk.

A file store, not the page cache: every worker process (and a worker that has just started) finds a
PDF rendered by another process or by the pre-render after an import, without a 0.5 MB value per
municipality in Redis. Files are written under a temporary name and renamed, so a reader never sees
half a PDF; the directories of older import runs are removed after a complete pre-render.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings

from kansrijk.areas.models import ImportRun

# Raise when the PDF's layout changes, so PDFs of the old layout are not served again.
PDF_LAYOUT_VERSION = 3


def store_dir() -> Path:
    return Path(settings.KANSRIJK_PDF_DIR)


def _run_dir(run_id: int | None) -> Path:
    # The run's time as well as its id: a fresh database numbers its runs from 1 again, and must not
    # be served the PDFs of an earlier database's run 1.
    at = ImportRun.objects.filter(id=run_id).values_list("at", flat=True).first() if run_id else None
    stamp = at.strftime("%Y%m%d%H%M%S%f") if at else "0"
    return store_dir() / f"v{PDF_LAYOUT_VERSION}-run{run_id or 0}-{stamp}"


def stored_pdf(code: str, run_id: int | None) -> bytes | None:
    """The stored PDF of a municipality for this import run, or None."""
    try:
        return (_run_dir(run_id) / f"{code}.pdf").read_bytes()
    except FileNotFoundError:
        return None


def store_pdf(code: str, run_id: int | None, pdf: bytes) -> None:
    folder = _run_dir(run_id)
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, folder / f"{code}.pdf")  # atomic: readers see the old file or the new
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_other_runs(run_id: int | None) -> int:
    """Remove the PDFs of every other import run or layout; returns the number of folders removed."""
    keep = _run_dir(run_id)
    removed = 0
    if store_dir().is_dir():
        for folder in store_dir().iterdir():
            if folder.is_dir() and folder != keep:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed
