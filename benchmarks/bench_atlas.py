"""Atlas: model computation over all wijken (default and fitted) and page latency under gunicorn.

Measures in-process: inputs + default model + interval over all wijken, and a fit on simulated counts
for all wijken (with 5-fold cross-validation). Then serves the app (1 worker) on loopback and requests
/atlas/, /atlas/<GM>/ for every municipality and /api/v1/atlas/<GM> (warm cache, after one cold pass).

Usage: .venv/bin/python -m benchmarks.bench_atlas [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary

COMPUTE = """
import time, json, numpy as np, django
django.setup()
from scipy.special import expit
from kansrijk.atlas.inputs import load_inputs, standardise
from kansrijk.atlas.compute import compute
from kansrijk.atlas.fit import Observed
t0 = time.perf_counter(); table = load_inputs(); t1 = time.perf_counter(); compute(table); t2 = time.perf_counter()
z, _, _ = standardise(table)
n = np.rint(table.births * 3); rng = np.random.default_rng(1)
k = rng.binomial(n.astype(int), expit(-2.6 + z @ np.array([0.45, 0.1, 0.3, 0.12, 0.2, -0.18]))).astype(float)
t3 = time.perf_counter(); compute(table, observed=Observed(table.wijk_codes, n, k, [2023], len(n))); t4 = time.perf_counter()
print(json.dumps({"wijken": len(table), "inputs_s": round(t1 - t0, 3), "default_model_s": round(t2 - t1, 3),
                  "fit_and_predict_s": round(t4 - t3, 3)}))
"""


def run(limit: int | None) -> dict[str, object]:
    env = bench_env()
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    compute = json.loads(
        subprocess.run(
            [sys.executable, "-c", COMPUTE], env=env, check=True, capture_output=True, text=True
        ).stdout
    )
    started = time.perf_counter()
    subprocess.run([kansrijk_bin(), "atlas", "GM0599"], env=env, check=True, stdout=subprocess.DEVNULL)
    first_use_s = time.perf_counter() - started  # includes creating the default model when there is none
    codes_out = subprocess.run(
        [kansrijk_bin(), "atlas", "--all", "--format", "csv"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()[1:]
    codes = sorted({line.split(",", 1)[0] for line in codes_out})[:limit]
    with served(env) as url:
        for _ in range(10):
            fetch_ms(f"{url}/toegankelijkheid/")
        for code in codes:  # cold pass fills the per-version cache
            fetch_ms(f"{url}/atlas/{code}/")
        index = [fetch_ms(f"{url}/atlas/") for _ in range(50)]
        pages = [fetch_ms(f"{url}/atlas/{code}/") for code in codes]
        api = [fetch_ms(f"{url}/api/v1/atlas/{code}") for code in codes]
        method = [fetch_ms(f"{url}/atlas/methode/") for _ in range(50)]
    return {
        "benchmark": "atlas",
        "compute": compute,
        "cli_first_use_s": round(first_use_s, 2),
        "municipalities": len(codes),
        "index_ms": summary(index),
        "municipality_page_ms": summary(pages),
        "api_ms": summary(api),
        "method_ms": summary(method),
        "targets": {"fit_and_predict_s": 5, "page_p95_ms": 150},
        "cpus": os.cpu_count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N municipalities")
    print(json.dumps(run(parser.parse_args().limit), indent=2))


if __name__ == "__main__":
    main()
