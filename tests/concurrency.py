"""Running test code in threads at the same moment (races on PostgreSQL: each thread its own connection)."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_together(*targets: Callable[[], None], timeout: float = 30) -> None:
    """Start every target in its own thread and wait for all (each target closes its own connection)."""
    threads = [threading.Thread(target=target) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
