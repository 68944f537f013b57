"""Run every benchmark and print the results (see docs/performance.md for the recorded figures)."""

from __future__ import annotations

import json

from benchmarks import bench_atlas, bench_import, bench_pdf, bench_startfoto_html


def main() -> None:
    for result in (
        bench_import.run(3),
        bench_startfoto_html.run(None),
        bench_pdf.run(40, True),
        bench_atlas.run(None),
    ):
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
