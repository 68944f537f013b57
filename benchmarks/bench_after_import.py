"""What a reader meets after an import: the pre-render's time, then every municipality's first page
view and a sample of PDFs served by freshly started workers (2 gunicorn workers sharing Redis, as in
production). For comparison the same first views without the pre-render (an empty shared cache).

Needs a Redis server: --redis redis://127.0.0.1:6390/5 (its database is emptied).

Usage: .venv/bin/python -m benchmarks.bench_after_import --redis URL [--limit N] [--pdf-sample 40]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time

from benchmarks.bench_startfoto_html import municipality_codes
from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary


def _flush(env: dict[str, str]) -> None:
    code = "from django.core.cache import caches; caches['pages'].clear()"
    python = kansrijk_bin().replace("kansrijk", "python")
    subprocess.run([python, "-c", f"import django;django.setup();{code}"], env=env, check=True)


def _first_views(env: dict[str, str], codes: list[str], pdf_codes: list[str]) -> dict[str, object]:
    with served(env, workers=2) as url:
        for _ in range(20):  # both workers import their modules and load templates
            fetch_ms(f"{url}/toegankelijkheid/")
        pages = [fetch_ms(f"{url}/startfoto/{code}/") for code in codes]
        pdfs = [fetch_ms(f"{url}/startfoto/{code}/startfoto.pdf") for code in pdf_codes]
    result: dict[str, object] = {"first_page_view_ms": summary(pages)}
    if pdfs:
        result["pdf_ms"] = summary(pdfs)
    return result


def run(redis: str, limit: int | None, pdf_sample: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as pdf_dir:
        env = {
            **bench_env(),
            "KANSRIJK_REDIS_URL": redis,
            "KANSRIJK_PDF_DIR": pdf_dir,
            "KANSRIJK_PRERENDER": "0",
        }
        subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        codes = municipality_codes(env)[:limit]
        step = max(1, len(codes) // pdf_sample)
        pdf_codes = codes[::step][:pdf_sample]
        _flush(env)
        without = _first_views(env, codes, [])  # nothing pre-rendered: every first view renders
        _flush(env)
        started = time.perf_counter()
        # What an import starts in the background (all municipalities), or one by one for --limit.
        commands = (
            [["startfoto", "--voorbereiden"]]
            if limit is None
            else [["startfoto", code, "--voorbereiden"] for code in codes]
        )
        for command in commands:
            subprocess.run([kansrijk_bin(), *command], env=env, check=True, stderr=subprocess.DEVNULL)
        prerender_s = time.perf_counter() - started
        after = _first_views(env, codes, pdf_codes)
    return {
        "benchmark": "after_import",
        "municipalities": len(codes),
        "prerender_s": round(prerender_s, 1),
        "without_prerender": without,
        "after_prerender": after,
        "targets": {"first_page_view_p95_ms": 100, "pdf_first_render_p95_ms": 1500},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis", required=True, help="a Redis database for the shared cache (emptied)")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--pdf-sample", type=int, default=40)
    args = parser.parse_args()
    print(json.dumps(run(args.redis, args.limit, args.pdf_sample), indent=2))


if __name__ == "__main__":
    main()
