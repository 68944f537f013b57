"""Wegwijzer: server time per page (cold and warm cache) and the compressed transfer of HTML + CSS + JS.

Serves the app with gunicorn (1 worker) on loopback on the benchmark database with the demo (its
confirmed demo coalition gives Utrecht and Nieuwegein a local Wegwijzer; the other municipalities get
the national version). Requests the demo city repeatedly and N other municipalities twice (cold, warm).

Usage: .venv/bin/python -m benchmarks.wegwijzer [--limit N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import urllib.request

from benchmarks.bench_startfoto_html import municipality_codes
from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary

LOCAL = "GM0344"  # Utrecht: the demo coalition


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return bytes(response.read())


def transfer(url: str, path: str) -> dict[str, int]:
    """Compressed bytes (gzip -6, as a front proxy or WhiteNoise would send) of the page and what it loads."""
    html = _get(url + path)
    assets = re.findall(rb'<(?:link rel="stylesheet"|script)[^>]*(?:href|src)="([^"]+)"', html)
    loaded = [_get(url + a.decode()) for a in assets]
    return {
        "html": len(gzip.compress(html, 6)),
        "css_js": sum(len(gzip.compress(body, 6)) for body in loaded),
        "total": len(gzip.compress(html, 6)) + sum(len(gzip.compress(b, 6)) for b in loaded),
        "assets": len(loaded),
    }


def run(limit: int) -> dict[str, object]:
    env = bench_env()
    subprocess.run([kansrijk_bin(), "setup"], env=env, check=True, stdout=subprocess.DEVNULL)
    codes = [c for c in municipality_codes(env) if c != LOCAL][:limit]
    with served(env, workers=2) as url:  # two workers sharing one cache, as in production
        for _ in range(20):  # warm up the worker (imports, template loading)
            fetch_ms(f"{url}/toegankelijkheid/")
        local_cold = fetch_ms(f"{url}/wegwijzer/{LOCAL}/")
        local = [fetch_ms(f"{url}/wegwijzer/{LOCAL}/") for _ in range(200)]
        cold = [fetch_ms(f"{url}/wegwijzer/{code}/") for code in codes]
        warm = [fetch_ms(f"{url}/wegwijzer/{code}/") for code in codes]
        sizes = {
            "local": transfer(url, f"/wegwijzer/{LOCAL}/"),
            "national": transfer(url, f"/wegwijzer/{codes[0]}/"),
        }
    return {
        "benchmark": "wegwijzer",
        "local_first_ms": round(local_cold, 1),
        "local_warm_ms": summary(local),
        "national_cold_ms": summary(cold),
        "national_warm_ms": summary(warm),
        "transfer_bytes_gzip": sizes,
        "targets": {"p95_ms": 100, "transfer_bytes": 100_000},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=100, help="how many other municipalities")
    print(json.dumps(run(parser.parse_args().limit), indent=2))


if __name__ == "__main__":
    main()
