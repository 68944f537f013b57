"""Time the full open-data import (`kansrijk data load`) on a fresh database.

Usage: .venv/bin/python -m benchmarks.bench_import [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time

from benchmarks.common import BENCH_VAR, bench_env, kansrijk_bin


def run(runs: int) -> dict[str, object]:
    env = bench_env()
    env["DATABASE_URL"] = f"sqlite:///{BENCH_VAR / 'import.sqlite3'}"
    (BENCH_VAR / "import.sqlite3").unlink(missing_ok=True)
    subprocess.run([kansrijk_bin(), "migrate", "-v", "0"], env=env, check=True)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [kansrijk_bin(), "data", "-v", "0", "load"], env=env, check=True, stdout=subprocess.DEVNULL
        )
        timings.append(round(time.perf_counter() - started, 2))
    return {"benchmark": "import", "seconds": timings, "best": min(timings), "target_s": 20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    print(json.dumps(run(parser.parse_args().runs), indent=2))


if __name__ == "__main__":
    main()
