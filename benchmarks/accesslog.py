"""`kansrijk auditlog verify` throughput: N generated access-log entries with correct HMAC chains, then the
real command, timed. Target (issue 11): ≥ 100,000 entries per second on PostgreSQL.

Entries are spread like production: one chain per family (~CHAIN_LENGTH entries each) and a few long
list chains (an organisation's worklist), bulk-inserted with their MACs computed exactly as log_access
does. SQLite by default (a fresh var/bench/accesslog.sqlite3); PostgreSQL when DATABASE_URL points there
(the entries are appended under chains named "bench-<run>:…", so run it on a throwaway database).

Usage: .venv/bin/python -m benchmarks.accesslog --entries 200000
       DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.accesslog --entries 1000000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta

from benchmarks.common import BENCH_VAR, bench_env, kansrijk_bin

CHAIN_LENGTH = 10
LIST_SHARE = 0.05  # of the entries, in a handful of long list chains
BATCH = 5000


def _generate(entries: int, run_id: str) -> float:
    """Insert `entries` entries (in this process, on the benchmark's database); return seconds taken."""
    import django

    django.setup()
    from kansrijk.care.accesslog import compute_mac
    from kansrijk.care.models import AccessLogEntry, ChainHead

    started = time.perf_counter()
    at = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)
    heads: dict[str, tuple[int, str]] = {}
    batch: list[AccessLogEntry] = []
    lists = max(1, int(entries * LIST_SHARE) // 50_000)
    families = [uuid.uuid4() for _ in range(max(1, entries // CHAIN_LENGTH))]
    for i in range(entries):
        in_list = i % int(1 / LIST_SHARE) == 0
        family = families[i % len(families)]
        chain = f"bench-{run_id}:lijst:{i % lists}" if in_list else f"bench-{run_id}:gezin:{family}"
        seq, prev = heads.get(chain, (0, ""))
        values = {
            "chain": chain, "seq": seq + 1, "occurred_at": at + timedelta(seconds=i), "event": "lezen",
            "action": "gezin.bekeken", "episode_id": None if in_list else family,
            "episodes": sorted(str(f) for f in families[i % len(families): i % len(families) + 20]) if in_list else [],
            "user_id": 1000 + i % 300, "user_label": f"professional{i % 300}@bench.test",
            "organisation_id": 1 + i % 7, "organisation_label": f"Organisatie {i % 7} (bench)",
            "team_label": f"Team {i % 40}", "responsible_label": f"professional{i % 300}@bench.test",
            "purpose": "zorg", "basis": f"eigen relatie:{family}", "detail": {"categorie": "identificatie"},
        }  # fmt: skip
        mac = compute_mac(values, prev)
        batch.append(AccessLogEntry(**values, prev_mac=prev, mac=mac))
        heads[chain] = (seq + 1, mac)
        if len(batch) == BATCH:
            AccessLogEntry.objects.bulk_create(batch)
            batch = []
    AccessLogEntry.objects.bulk_create(batch)
    ChainHead.objects.bulk_create(
        [ChainHead(chain=c, seq=s, mac=m) for c, (s, m) in heads.items()], batch_size=BATCH
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=200_000, help="entries to generate")
    args = parser.parse_args()
    env = bench_env()
    if "DATABASE_URL" not in os.environ:  # a fresh file of its own
        database = BENCH_VAR / "accesslog.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            database.with_name(database.name + suffix).unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{database}"
    subprocess.run([kansrijk_bin(), "migrate", "-v", "0", "--skip-checks"], env=env, check=True)
    os.environ.update(env)
    generated = _generate(args.entries, uuid.uuid4().hex[:8])
    started = time.perf_counter()
    out = subprocess.run(
        [kansrijk_bin(), "auditlog", "verify", "--zonder-voortgang"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    wall = time.perf_counter() - started
    found = re.search(
        r"(\d+) regels in (\d+) ketens nagerekend in ([\d.]+) s \((\d+) regels per seconde", out
    )
    verified = int(found.group(1)) if found else 0
    print(
        json.dumps(
            {
                "benchmark": "accesslog_verify",
                "database": env["DATABASE_URL"].split(":", 1)[0],
                "generated": args.entries,
                "generate_seconds": round(generated, 1),
                "verified_entries": verified,
                "chains": int(found.group(2)) if found else None,
                "verify_seconds_in_command": float(found.group(3)) if found else None,
                "entries_per_s": int(found.group(4)) if found else None,
                "entries_per_s_wall_incl_startup": round(verified / wall) if wall else None,
                "target_entries_per_s_postgresql": 100_000,
                "command": " ".join(["python -m benchmarks.accesslog", *sys.argv[1:]]),
                "output": out.strip(),
            },
            indent=1,
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
