"""Care layer part 2 at volume: worklists, accepting a referral, and `kansrijk auditlog verify` (full and
incremental from a checkpoint), on data loaded by `kansrijk seed-scale` (run it first, e.g.
`kansrijk seed-scale --landelijk --ja-synthetisch`; this benchmark does not load anything).

- Worklists (issue 12 target: p95 < 100 ms with ≤ 10 queries a page): one synthetic professional of the
  receiving team with the most referrals waiting and one of the sending team with the most referrals
  sent, each signed in (a session made in the database with an authenticator, as after a real login),
  served by gunicorn with `--workers` workers sharing the database cache, on loopback; every list page
  1..`--pages` in turn, `--requests` requests per list. Every request writes its access-log entry, as in
  production. Queries per page are counted in-process (Django test client, same session).
- Accepting a referral (target p95 < 150 ms): `referral_transition(ctx, …, to="geaccepteerd")` in its own
  transaction, `--accepts` times, for referrals in status "ontvangen" of that receiving team (this
  CHANGES the data: run it on a benchmark database only).
- `kansrijk auditlog verify` over the whole log (entries/s), then `auditlog checkpoint`, the writes above
  happen after it, and `auditlog verify --checkpoint … --vanaf-checkpoint` (entries/s of the increment).

Usage: DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.care_referrals [--requests 100]
       [--pages 4] [--accepts 100] [--workers 2] [--processen 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from benchmarks.care_scale import fetch_signed_in
from benchmarks.common import bench_env, kansrijk_bin, served, summary

# Inside the benchmark's database: pick the two professionals, make their sessions, list the URLs, and
# count the queries of every list page in-process.
PREPARE = r"""
import json, sys, time, django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from kansrijk.accounts.services import totp_ensure
from kansrijk.care.models import CareTeam
from kansrijk.care.synthetic import SYNTHETIC

pages = int(sys.argv[1])
def busiest(related, statuses):
    return (CareTeam.objects.filter(organisation__name__contains="(synthetisch)")
            .annotate(n=Count(related, filter=Q(**{f"{related}__status__in": statuses})))
            .order_by("-n").first())
receiving = busiest("referrals_received", ["verstuurd", "ontvangen"])
sending = busiest("referrals_sent", ["verstuurd", "ontvangen", "geaccepteerd", "eerste_contact"])

def session_for(team):
    user = team.members.order_by("user__email").first().user
    with transaction.atomic():
        totp_ensure(user=user, actor=SYNTHETIC)
    session = SessionStore()
    now = time.time()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": user.email}, {"method": "mfa", "at": now, "type": "totp"}]
    session.create()
    return user, session.session_key

lists = {
    "waiting": ("care:worklist_waiting", receiving), "overdue": ("care:worklist_overdue", receiving),
    "visits": ("care:worklist_visits", receiving), "sent": ("care:worklist_sent", sending),
    "reassess": ("care:worklist_reassess", sending),
}
sessions = {team.pk: session_for(team) for team in {receiving, sending}}
out = {"receiving_team": str(receiving), "receiving_team_pk": receiving.pk, "sending_team": str(sending),
       "lists": {}}
for key, (name, team) in lists.items():
    user, session_key = sessions[team.pk]
    base = reverse(name)
    urls = [f"{base}?pagina={p}" for p in range(1, pages + 1)]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    queries = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")
        queries.append(len(captured.captured_queries))
    out["lists"][key] = {
        "urls": urls, "queries_per_page": queries,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}", "user": user.email,
    }
# The same signed-in request on a page without care data: what session, MFA and layout cost anyway.
client = Client(HTTP_HOST="127.0.0.1")
client.cookies[settings.SESSION_COOKIE_NAME] = sessions[receiving.pk][1]
with CaptureQueriesContext(connection) as captured:
    client.get(reverse("mfa_index"))
out["baseline_queries_signed_in_page"] = len(captured.captured_queries)
print(json.dumps(out))
"""

# Accept `n` referrals in status "ontvangen" (of all receiving teams, oldest first), each by a member of
# its receiving team in its own transaction, timed one by one (the context is made before the clock).
ACCEPT = r"""
import json, sys, time, django
django.setup()
from kansrijk.care.context import professional_context
from kansrijk.care.models import Referral
from kansrijk.care.services.referrals import referral_transition

n = int(sys.argv[1])
waiting = list(Referral.objects.filter(status="ontvangen").select_related("receiving_team").order_by("id")[:n])
contexts, times = {}, []
for referral in waiting:
    team = referral.receiving_team
    if team.pk not in contexts:
        contexts[team.pk] = professional_context(team.members.order_by("user__email").first().user, team=team)
    started = time.perf_counter()
    referral_transition(contexts[team.pk], referral_id=referral.public_id, version=referral.version, to="geaccepteerd")
    times.append((time.perf_counter() - started) * 1000)
print(json.dumps({"accepted": len(times), "teams": len(contexts), "times_ms": times}))
"""

VERIFY_LINE = re.compile(
    r"(\d+) regels (?:na het checkpoint )?in (\d+) ketens nagerekend in ([\d.]+) s \((\d+) regels"
)


def _python(code: str, args: list[str], env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{done.stdout[-500:]}\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout))


def _verify(env: dict[str, str], *extra: str) -> dict[str, object]:
    started = time.perf_counter()
    done = subprocess.run(
        [kansrijk_bin(), "auditlog", "verify", "--zonder-voortgang", *extra],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - started
    found = VERIFY_LINE.search(done.stdout)
    result: dict[str, object] = {
        "exit": done.returncode,
        "wall_s": round(wall, 1),
        "output": done.stdout.strip(),
    }
    if found:
        result |= {
            "entries": int(found.group(1)),
            "chains": int(found.group(2)),
            "seconds": float(found.group(3)),
            "entries_per_s": int(found.group(4)),
        }
    return result


def run(args: argparse.Namespace) -> dict[str, object]:
    env = bench_env()
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database seed-scale loaded.")
    result: dict[str, object] = {"benchmark": "care_referrals", "database": "postgres"}
    processes = ["--processen", str(args.processen)]
    if not args.skip_verify:
        result["auditlog_verify_full"] = _verify(env, *processes)
    point = Path(tempfile.mkdtemp()) / "checkpoint.json"
    subprocess.run(
        [kansrijk_bin(), "auditlog", "checkpoint", "--uit", str(point)],
        env=env,
        check=True,
        capture_output=True,
    )
    prepared = _python(PREPARE, [str(args.pages)], env)
    lists: dict[str, dict[str, object]] = prepared.pop("lists")  # type: ignore[assignment]
    result["teams"] = prepared
    timings: dict[str, object] = {}
    with served(env, workers=args.workers) if args.requests else nullcontext("") as url:
        for key, info in lists.items() if args.requests else []:
            urls, cookie = list(info["urls"]), str(info["cookie"])  # type: ignore[call-overload]
            for _ in range(5):  # warm up both workers
                fetch_signed_in(url + urls[0], cookie)
            times = [fetch_signed_in(url + urls[i % len(urls)], cookie) for i in range(args.requests)]
            timings[key] = {"ms": summary(times), "queries_per_page": info["queries_per_page"]}
    result["worklists"] = timings
    accepted = _python(ACCEPT, [str(args.accepts)], env)
    times_ms: list[float] = list(accepted["times_ms"])  # type: ignore[call-overload]
    result["referral_accept_ms"] = summary(times_ms) if times_ms else "no referral in status ontvangen"
    result["referral_accept_teams"] = accepted["teams"]
    result["auditlog_verify_incremental"] = _verify(
        env, "--checkpoint", str(point), "--vanaf-checkpoint", *processes
    )
    result["targets"] = {
        "worklist_p95_ms": 100,
        "worklist_queries": 10,
        "accept_p95_ms": 150,
        "verify_per_s": 100_000,
    }
    result["command"] = " ".join(
        ["DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.care_referrals", *sys.argv[1:]]
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=100, help="requests per worklist")
    parser.add_argument("--pages", type=int, default=4, help="list pages to cycle through")
    parser.add_argument("--accepts", type=int, default=100, help="referrals to accept")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--processen", type=int, default=2, help="verify worker processes")
    parser.add_argument("--skip-verify", action="store_true", help="skip the full verify")
    print(json.dumps(run(parser.parse_args()), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
