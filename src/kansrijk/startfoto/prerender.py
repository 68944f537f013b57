"""Pre-render after an import: every startfoto PDF into the file store and every startfoto page into
the page cache, so that readers rarely wait (issue 10: first PDF render p95 < 1.5 s, first page view
after an import or a worker start < 100 ms).

An import (open data or perinatal) calls `import_done` after its commit (areas/hooks.py); with
`KANSRIJK_PRERENDER` on, that starts `kansrijk startfoto --voorbereiden` as a background process at
low priority, so the import itself does not wait ~6 minutes for 342 PDFs. The work stops when a newer
import arrives: that import starts its own pre-render.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from kansrijk.areas.models import ImportRun
from kansrijk.areas.selectors import municipalities_current
from kansrijk.startfoto.pdf_store import remove_other_runs, store_dir
from kansrijk.startfoto.selectors import latest_import_run_id

Progress = Callable[[int, int, str, float], None]  # done, total, municipality code, seconds it took
LOG_NAME = "voorbereiden.log"


@dataclass
class PrerenderResult:
    run_id: int
    done: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    stopped: bool = False  # a newer import arrived; its own pre-render takes over


def _host() -> str:
    """A host name the site answers to (the page is rendered as a reader would request it)."""
    return next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h and "*" not in h), "localhost")


def prerender(
    *, codes: list[str] | None = None, pages: bool = True, progress: Progress | None = None
) -> PrerenderResult:
    """Render the PDF of every current municipality (or of `codes`) into the store and, with `pages`,
    request its startfoto page once so the shared page cache holds it."""
    from django.test import Client  # Django's own client: the request a reader makes, middleware and all

    from kansrijk.startfoto.pdf import startfoto_pdf_for_municipality  # WeasyPrint only when needed

    run_id = latest_import_run_id()
    result = PrerenderResult(run_id=run_id)
    municipalities = list(municipalities_current().order_by("code"))
    if codes is not None:
        municipalities = [m for m in municipalities if m.code in set(codes)]
    # secure=True: behind SECURE_SSL_REDIRECT a plain request would only get a redirect.
    reader = Client(HTTP_HOST=_host(), secure=settings.SECURE_SSL_REDIRECT)
    for municipality in municipalities:
        if latest_import_run_id() != run_id:
            result.stopped = True
            break
        started = time.perf_counter()
        try:
            startfoto_pdf_for_municipality(municipality, run_id=run_id)
            if pages:
                response = reader.get(reverse("startfoto:detail", args=[municipality.code]))
                if response.status_code != 200:
                    raise RuntimeError(f"pagina gaf status {response.status_code}")
        except Exception as exc:  # noqa: BLE001 - one municipality must not stop the other 341
            result.failed.append((municipality.code, str(exc) or type(exc).__name__))
        else:
            result.done.append(municipality.code)
        if progress is not None:
            progress(
                len(result.done) + len(result.failed),
                len(municipalities),
                municipality.code,
                time.perf_counter() - started,
            )
    if codes is None and not result.stopped and not result.failed:
        remove_other_runs(run_id)
    return result


def log_path() -> Path:
    return Path(settings.VAR_DIR) / "logs" / LOG_NAME


def import_done(run: ImportRun) -> None:
    """After an import (areas/hooks.py): start the pre-render in the background when it is on."""
    if not settings.KANSRIJK_PRERENDER:
        return
    log = log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    store_dir().mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "kansrijk.cli", "startfoto", "--voorbereiden"]
    if shutil.which("nice"):
        command = ["nice", "-n", "10", *command]  # readers' requests go first
    with log.open("ab") as out:
        subprocess.Popen(  # noqa: S603 - our own command, no user input
            command,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives the import command
            env=os.environ.copy(),
        )
    print(
        f"De startfoto's (PDF en pagina) worden op de achtergrond voorbereid na import {run.pk}; "
        f"voortgang: {log}",
        file=sys.stderr,
    )
