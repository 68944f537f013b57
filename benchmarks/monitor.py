"""The monitor at national volume: consume, publish, a burst of 10,000 events, and the two pages.

The monitor reads nothing of the care layer but its outbox, so national volume here means outbox events
at national volume: one coalition per current municipality (342), each with the demo's made-up months
(`kansrijk.monitoring.demo.synthetic_events`: about 75 registrations per municipality and month, with
screenings, levels, referrals, first contacts, pregnancies and home visits; about 25,000 registrations a
month nationally, more than the ~14,000 births a month in the Netherlands). All of it is synthetic and
published as such.

Steps, each timed: load the events of `--months` closed months; consume them (`monitor_consume`, batches
of 5,000); publish every closed period (`monitor_publish`); then a burst of 10,000 events in the open
period drained by one worker, and another burst drained by two workers at once (SKIP LOCKED). Then the
app runs under gunicorn (2 workers sharing one cache, as in production) and the coalition monitor (the
coordinator of the largest coalition) and the national monitor (a national-programme user) are requested
`--requests` times each. Targets (issue 14): coalition monitor p95 < 200 ms, national monitor < 1 s.

Usage: DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.monitor [--months 12] [--requests 100]
(SQLite otherwise, in var/bench/monitor.sqlite3; --skip-load reuses what an earlier run published.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchmarks.care_scale import fetch_signed_in
from benchmarks.common import BENCH_VAR, bench_env, kansrijk_bin, served, summary

# Inside the benchmark's database: one coalition per municipality, the events, consume and publish.
LOAD = """
import json, sys, time, django
django.setup()
from django.utils import timezone
from kansrijk.areas.selectors import municipalities_current
from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant
from kansrijk.care.aggregation import outbox_add_synthetic
from kansrijk.care.synthetic import SYNTHETIC
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.services import coalition_create
from kansrijk.monitoring.demo import synthetic_events
from kansrijk.monitoring.services.consume import monitor_consume
from kansrijk.monitoring.services.publish import monitor_publish

months = int(sys.argv[1])
today = timezone.localdate()
out = {}
started = time.perf_counter()
# The coordinator of the largest municipality's coalition (Amsterdam), whose monitor page is timed.
org, _ = Organisation.objects.get_or_create(name="Gemeente (benchmark)", kind=OrganisationKind.GEMEENTE)
coordinator = User.objects.filter(email="coordinator@benchmark.invalid").first() or User.objects.create_user(
    "coordinator@benchmark.invalid")
membership_grant(user=coordinator, organisation=org, role=Role.COORDINATOR, actor=SYNTHETIC)
coalitions = []
for area in municipalities_current():
    slug = f"benchmark-{area.code.lower()}"
    c = Coalition.objects.filter(slug=slug).first() or coalition_create(
        name=f"Benchmarkcoalitie {area.name}", slug=slug, municipalities=[area], actor=SYNTHETIC,
        first_coordinator=coordinator if area.code == "GM0363" else None)
    coalitions.append(c)
Coalition.objects.filter(slug__startswith="benchmark-").update(status=CoalitionStatus.CONFIRMED)
out["coalitions"] = {"count": len(coalitions), "seconds": round(time.perf_counter() - started, 1)}
started = time.perf_counter()
events = sum(outbox_add_synthetic(synthetic_events(c, today, months)) for c in coalitions)
out["load_events"] = {"events": events, "seconds": round(time.perf_counter() - started, 1)}
started = time.perf_counter()
consumed = 0
while n := monitor_consume(limit=5000):
    consumed += n
seconds = time.perf_counter() - started
out["consume"] = {"events": consumed, "seconds": round(seconds, 1), "per_s": round(consumed / seconds)}
started = time.perf_counter()
published = monitor_publish()
out["publish"] = {"periods": len(published), "seconds": round(time.perf_counter() - started, 1)}
print(json.dumps(out))
"""

# A burst of events in the open period, spread over every benchmark coalition.
BURST = """
import sys, django
django.setup()
from itertools import cycle, islice
from django.utils import timezone
from kansrijk.care.aggregation import SyntheticEvent, outbox_add_synthetic
from kansrijk.coalitions.models import Coalition

n = int(sys.argv[1])
now = timezone.now()
units = [(c.pk, m.pk) for c in Coalition.objects.filter(slug__startswith="benchmark-")
         for m in c.municipalities.all()]
events = (SyntheticEvent(kind="gezin_aangemeld", occurred_at=now, coalition_id=c, municipality_id=m,
          wijk_id=None, attrs={"fase": "zwanger"}) for c, m in islice(cycle(units), n))
print(outbox_add_synthetic(events))
"""

DRAIN = """
import django, time
django.setup()
from kansrijk.monitoring.services.consume import monitor_consume
total = 0
while n := monitor_consume(limit=1000):
    total += n
print(total)
"""

# Signed-in sessions (password and authenticator, as after a real login) for the coordinator of the
# Amsterdam benchmark coalition and a national-programme user, and the URLs.
SESSIONS = """
import json, time, django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, totp_ensure
from kansrijk.care.synthetic import SYNTHETIC
from kansrijk.coalitions.models import Coalition

def session_for(user):
    totp_ensure(user=user, actor=SYNTHETIC)
    s = SessionStore()
    now = time.time()
    s[SESSION_KEY] = str(user.pk)
    s[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email}, {"method": "mfa", "at": now, "type": "totp"}]
    s.create()
    return f"{settings.SESSION_COOKIE_NAME}={s.session_key}"

org, _ = Organisation.objects.get_or_create(name="Landelijk programma (benchmark)", kind=OrganisationKind.LANDELIJK)
national = User.objects.filter(email="landelijk@benchmark.invalid").first() or User.objects.create_user(
    "landelijk@benchmark.invalid")
membership_grant(user=national, organisation=org, role=Role.NATIONAL, actor=SYNTHETIC)
coordinator = User.objects.get(email="coordinator@benchmark.invalid")
coalition = Coalition.objects.get(slug="benchmark-gm0363")
print(json.dumps({
    "coalition": coalition.name,
    "coordinator_cookie": session_for(coordinator), "national_cookie": session_for(national),
    "coalition_url": reverse("monitoring:coalition", args=[coalition.public_id]),
    "national_url": reverse("monitoring:national"),
    "api_url": reverse("api:monitor_coalitie", args=[coalition.slug]),
}))
"""


def _python(code: str, env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def _burst(env: dict[str, str], workers: int, events: int) -> dict[str, object]:
    _python(BURST, env, str(events))
    started = time.perf_counter()
    procs = [
        subprocess.Popen(  # noqa: S603 - our own interpreter and script
            [sys.executable, "-c", DRAIN], env=env, stdout=subprocess.PIPE, text=True
        )
        for _ in range(workers)
    ]
    counts = [int((p.communicate()[0] or "0").strip() or 0) for p in procs]
    seconds = time.perf_counter() - started
    return {
        "events": events,
        "workers": workers,
        "consumed_per_worker": counts,
        "seconds": round(seconds, 2),
        "per_s": round(sum(counts) / seconds),
    }


def run(months: int, requests: int, skip_load: bool, workers: int) -> dict[str, object]:
    env = bench_env()
    if "DATABASE_URL" not in os.environ:
        env["DATABASE_URL"] = f"sqlite:///{BENCH_VAR / 'monitor.sqlite3'}"
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    result: dict[str, object] = {"benchmark": "monitor", "database": env["DATABASE_URL"].split(":", 1)[0]}
    if not skip_load:
        result.update(json.loads(_python(LOAD, env, str(months))))
    result["burst_one_worker"] = _burst(env, 1, 10_000)
    result["burst_two_workers"] = _burst(env, 2, 10_000)
    prepared = json.loads(_python(SESSIONS, env))
    result["coalition"] = prepared["coalition"]
    with served(env, workers=workers) as url:
        pages = {
            "coalition_monitor_ms": (prepared["coalition_url"], prepared["coordinator_cookie"]),
            "coalition_api_ms": (prepared["api_url"], prepared["coordinator_cookie"]),
            "national_monitor_ms": (prepared["national_url"], prepared["national_cookie"]),
        }
        for path, cookie in pages.values():  # warm up both workers
            for _ in range(4):
                fetch_signed_in(url + path, cookie)
        for name, (path, cookie) in pages.items():
            result[name] = summary([fetch_signed_in(url + path, cookie) for _ in range(requests)])
    result["targets"] = {"coalition_monitor_p95_ms": 200, "national_monitor_p95_ms": 1000}
    prefix = ["DATABASE_URL=postgres://…"] if "DATABASE_URL" in os.environ else []
    result["command"] = " ".join([*prefix, ".venv/bin/python -m benchmarks.monitor", *sys.argv[1:]])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--months", type=int, default=12, help="closed months of events to load")
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--skip-load", action="store_true", help="reuse what an earlier run published")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    print(json.dumps(run(args.months, args.requests, args.skip_load, args.workers), indent=2))


if __name__ == "__main__":
    main()
