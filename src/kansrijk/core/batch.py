"""Batch commands (cron jobs over all coalitions or municipalities): one bad item never stops the rest.

Each item runs on its own (its own transaction where it writes); a failure is reported on stderr as
`mislukt: <item>: <reason>` and the command goes on, ending with a non-zero exit code.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

from kansrijk.core.mail import single_line

T = TypeVar("T")
R = TypeVar("R")

logger = logging.getLogger(__name__)


def report_failure(item: object, reason: object) -> str:
    """The one line a batch command writes on stderr for a failed item (kept on one line for grep)."""
    return f"mislukt: {single_line(item)}: {single_line(reason) or 'onbekende fout'}"


def run_each(
    items: Iterable[T], action: Callable[[T], R], *, label: Callable[[T], str] = str
) -> tuple[list[R], list[tuple[str, str]]]:
    """Run `action` on every item; return the results and (label, reason) for each item that failed."""
    results: list[R] = []
    failures: list[tuple[str, str]] = []
    for item in items:
        try:
            results.append(action(item))
        except Exception as exc:  # one item's bad data must not stop the batch
            logger.exception("Batch-item %s mislukt", label(item))
            failures.append((label(item), str(exc) or type(exc).__name__))
    return results, failures
