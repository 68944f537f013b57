"""PDF time per municipality (over HTTP, the path a user takes) and for all municipalities (the CLI).

Usage: .venv/bin/python -m benchmarks.bench_pdf [--sample 40] [--all]   (--sample 0: all over HTTP)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time

from benchmarks.bench_startfoto_html import municipality_codes
from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary


def run(sample: int, run_all: bool) -> dict[str, object]:
    # An empty PDF store: every PDF below is a first render (the store keeps them per import run).
    env = {**bench_env(), "KANSRIJK_PDF_DIR": tempfile.mkdtemp(prefix="bench-pdf-")}
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    codes = municipality_codes(env)
    step = max(1, len(codes) // sample) if sample else 1
    chosen = codes[::step][:sample] if sample else codes  # --sample 0: every municipality
    # Warm up fonts, vl-convert and imports on a municipality outside the sample: PDFs are cached
    # per import run, so warming up on a sampled one would time that one from the cache.
    warm_up = next((code for code in codes if code not in chosen), chosen[0])
    with served(env) as url:
        fetch_ms(f"{url}/startfoto/{warm_up}/startfoto.pdf")
        per_pdf = [fetch_ms(f"{url}/startfoto/{code}/startfoto.pdf") for code in chosen]
    result: dict[str, object] = {
        "benchmark": "pdf",
        "per_municipality_ms": summary(per_pdf),
        "target_ms": 1500,
    }
    if run_all:
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            subprocess.run(
                [kansrijk_bin(), "startfoto", "--all", "--format", "pdf", "-o", out],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            result["all_municipalities_s"] = round(time.perf_counter() - started, 1)
            result["all_count"] = len(codes)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument(
        "--all", action="store_true", help="also time `kansrijk startfoto --all --format pdf`"
    )
    args = parser.parse_args()
    print(json.dumps(run(args.sample, args.all), indent=2))


if __name__ == "__main__":
    main()
