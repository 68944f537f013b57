"""Municipality search: p50/p95 of `municipality_search` over 200 queries, in-process and over HTTP.

The 200 queries are fixed (seeded): official names, short prefixes, names with one typo, common names,
PC4 and full postcodes, CBS codes and a few that find nothing. Each is timed in-process (the function
every page calls) after one warm-up pass, then through `/api/v1/gemeenten?q=` under gunicorn (1 worker).

Usage: .venv/bin/python -m benchmarks.search [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.parse

from benchmarks.common import bench_env, fetch_ms, kansrijk_bin, served, summary

IN_PROCESS = """
import json, random, sys, time, django
django.setup()
from kansrijk.areas.models import PostcodeArea
from kansrijk.areas.selectors import ALIASES, municipalities_current, municipality_search

rng = random.Random(10)
names = sorted(a.name for a in municipalities_current())
postcodes = sorted(PostcodeArea.objects.values_list("postcode", flat=True))

def typo(word):
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice("dsr")  # delete, swap, replace
    if kind == "d":
        return word[:i] + word[i + 1:]
    if kind == "s":
        return word[:i - 1] + word[i] + word[i - 1] + word[i + 1:]
    return word[:i] + rng.choice("aeioun") + word[i + 1:]

queries = (
    rng.sample(names, 50)
    + [n[: rng.randint(3, 6)] for n in rng.sample(names, 30)]
    + [typo(n) for n in rng.sample([n for n in names if len(n) >= 6], 40)]
    + ["Den Haag", "Den Bosch", "s-Hertogenbosch", "'s Hertogenbosch", "Sudwest Fryslan", "the hague",
       "zuidwest friesland", "den ha", "Amsterdm", "Utreht"]
    + rng.sample(postcodes, 35)
    + [f"{p} {rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRSTVWX')}" for p in rng.sample(postcodes, 15)]
    + [str(int(c[2:])) for c in rng.sample([a.code for a in municipalities_current()], 10)]
    + ["0000", "zzzzqqq", "Atlantis", "12345", "gm9999", "x", "", "1099", "Nieuwegijn", "Rijswijk"]
)
assert len(queries) == 200, len(queries)
rounds = int(sys.argv[1])
for q in queries:  # warm-up: the name normalisation cache and the database pages
    municipality_search(q)
times = []
for _ in range(rounds):
    for q in queries:
        started = time.perf_counter()
        municipality_search(q)
        times.append((time.perf_counter() - started) * 1000)
print(json.dumps({"queries": queries, "times_ms": times}))
"""


def run(rounds: int) -> dict[str, object]:
    env = bench_env()
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = json.loads(
        subprocess.run(
            [sys.executable, "-c", IN_PROCESS, str(rounds)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    queries: list[str] = out["queries"]
    with served(env) as url:
        for q in queries:  # warm-up pass
            fetch_ms(f"{url}/api/v1/gemeenten?q={urllib.parse.quote(q)}")
        http = [fetch_ms(f"{url}/api/v1/gemeenten?q={urllib.parse.quote(q)}") for q in queries if q]
    return {
        "command": f".venv/bin/python -m benchmarks.search --rounds {rounds}",
        "queries": len(queries),
        "in_process_ms": summary(out["times_ms"]),
        "api_http_ms": summary(http),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="timed passes over the 200 queries")
    print(json.dumps(run(parser.parse_args().rounds), indent=2))


if __name__ == "__main__":
    main()
