"""Care layer at volume: the family page and one family's access log, after `kansrijk seed-scale`.

Loads N synthetic families (`kansrijk seed-scale --families N --ja-synthetisch`, timed), signs in one
synthetic professional (a session made in the database, with an authenticator, as after a real login
with password and code), serves the app with gunicorn (2 workers sharing the database cache, as in
production) on loopback and requests, each `--requests` times:
- the family page (URL name `care:family`) of the professional's families in turn;
- one family's access log on the log manager's page (`care:log?gezin=<uuid>`; the professional is made
  log manager of their organisation for this);
- a signed-in page without care data (`mfa_index`) as the baseline.
Every care request writes its access-log entry, as in production. Then times `kansrijk auditlog verify`
over the whole log (entries per second). Targets (issue 11): family page and log p95 < 100 ms.

Usage: .venv/bin/python -m benchmarks.care_scale --families 5000 [--requests 200] [--skip-seed]
PostgreSQL: DATABASE_URL=postgres://… .venv/bin/python -m benchmarks.care_scale --families 100000
(SQLite otherwise, in var/bench/care.sqlite3; --skip-seed reuses what an earlier run loaded.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request

from benchmarks.common import BENCH_VAR, bench_env, kansrijk_bin, served, summary

# Run inside the benchmark's database: pick the professional with the largest caseload, give them an
# authenticator, make a signed-in session, and list their families and the URLs to time.
PREPARE = """
import json, sys, time, django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.db.models import Count
from django.urls import NoReverseMatch, reverse
from kansrijk.accounts.models import Role
from kansrijk.accounts.services import membership_grant, totp_ensure
from kansrijk.care.context import professional_context
from kansrijk.care.models import CareTeam
from kansrijk.care.selectors.access import episodes_visible_to
from kansrijk.care.synthetic import SYNTHETIC

requests, log_name = int(sys.argv[1]), sys.argv[2]
team = (CareTeam.objects.filter(organisation__name__startswith="Verloskundigenpraktijk Fictief")
        .annotate(n=Count("relations")).order_by("-n").first())
user = team.members.order_by("user__email").first().user
with transaction.atomic():
    totp_ensure(user=user, actor=SYNTHETIC)
    # The same person as log manager of the organisation, to time one family's log (`?gezin=`).
    membership_grant(user=user, organisation=team.organisation, role=Role.LOG_MANAGER, actor=SYNTHETIC)
families = list(episodes_visible_to(professional_context(user, team=team))
                .order_by("public_id").values_list("public_id", flat=True)[:requests])
session = SessionStore()
now = time.time()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session["account_authentication_methods"] = [
    {"method": "password", "at": now, "email": user.email}, {"method": "mfa", "at": now, "type": "totp"}]
session.create()

def url(name, pk):
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None

print(json.dumps({
    "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    "user": user.email, "team": str(team), "families": len(families),
    "family_urls": [u for u in (url("care:family", f) for f in families) if u],
    "log_url": (reverse(log_name) + f"?gezin={families[0]}") if families else None,
    "baseline_url": reverse("mfa_index"),
}))
"""


def fetch_signed_in(url: str, cookie: str) -> float:
    """One GET with the session cookie; fails on anything but the page itself (a redirect to the login
    would otherwise be timed as a fast page)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 - loopback only
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback only
        response.read()
        if response.status != 200 or response.geturl() != url:
            raise RuntimeError(f"{url}: HTTP {response.status}, ended at {response.geturl()}")
    return (time.perf_counter() - started) * 1000


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - started, out


def _entries(env: dict[str, str]) -> int:
    code = "import django;django.setup();from kansrijk.care.models import AccessLogEntry as A;print(A.objects.count())"
    return int(
        subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        ).stdout
    )


def run(families: int, requests: int, skip_seed: bool, log_url_name: str, workers: int) -> dict[str, object]:
    env = bench_env()
    if "DATABASE_URL" not in os.environ:  # its own file: the other benchmarks keep a database without volume
        env["DATABASE_URL"] = f"sqlite:///{BENCH_VAR / 'care.sqlite3'}"
    subprocess.run([kansrijk_bin(), "setup", "--no-demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    result: dict[str, object] = {"benchmark": "care_scale", "database": env["DATABASE_URL"].split(":", 1)[0]}
    if not skip_seed:
        seconds, out = _timed(
            [kansrijk_bin(), "seed-scale", "--families", str(families), "--ja-synthetisch"], env
        )
        result["seed_scale"] = {"families": families, "seconds": round(seconds, 1), "output": out.strip()}
    result["log_entries_total"] = _entries(env)
    prepared = json.loads(
        subprocess.run(
            [sys.executable, "-c", PREPARE, str(requests), log_url_name],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    cookie = prepared.pop("cookie")
    family_urls, log_url = prepared.pop("family_urls"), prepared.pop("log_url")
    result["signed_in_as"] = prepared
    with served(env, workers=workers) as url:
        for _ in range(20):  # warm up both workers (imports, templates)
            fetch_signed_in(url + prepared["baseline_url"], cookie)
        result["baseline_signed_in_ms"] = summary(
            [fetch_signed_in(url + prepared["baseline_url"], cookie) for _ in range(requests)]
        )
        if family_urls:
            pages = [family_urls[i % len(family_urls)] for i in range(requests)]
            result["family_page_ms"] = summary([fetch_signed_in(url + page, cookie) for page in pages])
        else:
            result["family_page_ms"] = "not measured: URL name care:family does not exist yet"
        if log_url:
            result["family_log_ms"] = summary(
                [fetch_signed_in(url + log_url, cookie) for _ in range(requests)]
            )
        else:
            result["family_log_ms"] = f"not measured: URL name {log_url_name} does not exist yet"
    entries = _entries(env)
    try:
        seconds, _out = _timed([kansrijk_bin(), "auditlog", "verify"], env)
        result["auditlog_verify"] = {
            "entries": entries,
            "seconds": round(seconds, 1),
            "per_s": round(entries / seconds),
        }
    except subprocess.CalledProcessError as error:
        result["auditlog_verify"] = (
            f"not measured: exit {error.returncode}: {(error.stderr or '').strip()[-200:]}"
        )
    result["targets"] = {"family_page_p95_ms": 100, "family_log_p95_ms": 100}
    prefix = (
        [f"DATABASE_URL={os.environ['DATABASE_URL'].split(':', 1)[0]}://…"]
        if "DATABASE_URL" in os.environ
        else []
    )
    result["command"] = " ".join([*prefix, ".venv/bin/python -m benchmarks.care_scale", *sys.argv[1:]])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--families", type=int, default=5000, help="synthetic families to load")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the families an earlier run loaded")
    parser.add_argument(
        "--log-url-name", default="care:log", help="URL name of the log page (filtered by ?gezin=)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    print(
        json.dumps(
            run(args.families, args.requests, args.skip_seed, args.log_url_name, args.workers), indent=2
        )
    )


if __name__ == "__main__":
    main()
