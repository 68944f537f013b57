"""The area layer's door for "an import has finished": layers above register what should follow.

After new figures are imported, the startfoto pre-renders its PDFs and warms the page cache (issue 10:
"PDFs pre-rendered after an import so users rarely wait for one"). The startfoto sits above the area
layer and may not be imported from here (import contracts, pyproject.toml), so it registers a callback
in its `AppConfig.ready()`. Callbacks run once the import's transaction has committed, so they never
see half-written data and never run for an import that rolled back.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from kansrijk.areas.models import ImportRun

ImportDone = Callable[[ImportRun], None]
_callbacks: list[ImportDone] = []


def register_import_done(callback: ImportDone) -> None:
    """Called by a layer above, once, from its AppConfig.ready()."""
    if callback not in _callbacks:
        _callbacks.append(callback)


def import_done_on_commit(run: ImportRun) -> None:
    """Called by an import inside its transaction: the callbacks run after the commit."""

    def notify() -> None:
        for callback in _callbacks:
            callback(run)

    transaction.on_commit(notify)
