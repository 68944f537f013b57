"""Startfoto HTML latency over all municipalities against a trivial page on the same stack.

Serves the app with gunicorn (1 worker) on loopback, requests every municipality's startfoto page
(first pass: cold cache; second pass: warm) and a trivial shell page (/toegankelijkheid/) as often,
and reports p50/p95 and the ratio of the p95s.

Usage: .venv/bin/python -m benchmarks.bench_startfoto_html [--limit N]
"""

from __future__ import annotations

import argparse
import json
import subprocess

from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary


def municipality_codes(env: dict[str, str]) -> list[str]:
    code = (
        "from kansrijk.areas.selectors import municipalities_current;"
        "print(' '.join(a.code for a in municipalities_current()))"
    )
    out = subprocess.run(
        [kansrijk_bin().replace("kansrijk", "python"), "-c", f"import django;django.setup();{code}"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout.split()


def run(limit: int | None) -> dict[str, object]:
    env = bench_env()
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    codes = municipality_codes(env)[:limit]
    with served(env) as url:
        for _ in range(20):  # warm up the worker (imports, template loading)
            fetch_ms(f"{url}/toegankelijkheid/")
        cold = [fetch_ms(f"{url}/startfoto/{code}/") for code in codes]
        warm = [fetch_ms(f"{url}/startfoto/{code}/") for code in codes]
        trivial = [fetch_ms(f"{url}/toegankelijkheid/") for _ in codes]
    result = {
        "benchmark": "startfoto_html",
        "municipalities": len(codes),
        "startfoto_cold_ms": summary(cold),
        "startfoto_warm_ms": summary(warm),
        "trivial_ms": summary(trivial),
    }
    result["ratio_p95_warm_vs_trivial"] = round(
        result["startfoto_warm_ms"]["p95"] / result["trivial_ms"]["p95"], 2
    )
    result["ratio_p95_cold_vs_trivial"] = round(
        result["startfoto_cold_ms"]["p95"] / result["trivial_ms"]["p95"], 2
    )
    result["targets"] = {"p95_ms": 100, "ratio": 3}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N municipalities")
    print(json.dumps(run(parser.parse_args().limit), indent=2))


if __name__ == "__main__":
    main()
