"""End-to-end set-up: the real app (`kansrijk setup` + gunicorn) on its own database, and headless Chromium.

The server runs in a separate process, exactly as `make run` would, so these tests see what a user sees.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM

# pytest-django and Playwright's sync API share the main thread; Django would refuse ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_PASSWORD = "demo-wachtwoord-e2e"
# Every demo account gets this authenticator secret (KANSRIJK_DEMO_TOTP_SECRET, honoured by `kansrijk demo`).
E2E_TOTP_SECRET = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU"
TOTP_PERIOD = 30
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "src" / "kansrijk" / "static" / "vendor" / "axe" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _e2e_database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}"
    import psycopg

    base, _, name = url.rpartition("/")
    e2e_name = f"{name}_e2e"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{e2e_name}"')
        conn.execute(f'CREATE DATABASE "{e2e_name}"')
    return f"{base}/{e2e_name}"


# The server's console log (stdout and stderr, including the console e-mail backend's mails).
SERVER_LOG: dict[str, Path] = {}


def server_log() -> str:
    return SERVER_LOG["path"].read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DATABASE_URL": _e2e_database_url(tmp),
        "KANSRIJK_VAR_DIR": str(tmp),
        "KANSRIJK_DEMO_PASSWORD": E2E_PASSWORD,
        "KANSRIJK_DEMO_TOTP_SECRET": E2E_TOTP_SECRET,
        "DJANGO_SETTINGS_MODULE": "kansrijk.settings",
    }
    kansrijk = str(Path(sys.executable).parent / "kansrijk")
    # Exactly what `make run` does: migrate, collectstatic, load the open data, create the demo accounts.
    setup = subprocess.run(
        [kansrijk, "setup"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600
    )
    if setup.returncode != 0:
        pytest.fail(f"`kansrijk setup` failed for the e2e server:\n{setup.stdout[-4000:]}")
    if f"totp-geheim: {E2E_TOTP_SECRET}" not in setup.stdout:
        pytest.fail(f"`kansrijk setup` showed no demo TOTP secret:\n{setup.stdout[-4000:]}")
    port = _free_port()
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - closed in teardown
    SERVER_LOG["path"] = tmp / "server.log"
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "kansrijk.wsgi", "-b", f"127.0.0.1:{port}"),
            *("-w", "2", "--timeout", "60", "--limit-request-line", "16384"),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/gezond/", timeout=1)  # noqa: S310 - loopback only
            break
        except OSError:
            time.sleep(0.2)
    else:
        server.terminate()
        raise RuntimeError((tmp / "server.log").read_text())
    try:
        yield url
    finally:
        server.terminate()
        server.wait(10)
        log.close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # The default en-US would switch the site to English.
    return {**browser_context_args, "locale": "nl-NL"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1 A and AA) on the current page and return its violations."""
    # Evaluated through the DevTools protocol, not as a <script> tag: the site's Content-Security-Policy
    # (no inline scripts) rightly blocks the latter, and the policy must stay on while testing.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE.read_text(encoding='utf-8')}\n;window.axe = axe; }}")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        {
            "id": v["id"],
            "impact": v.get("impact"),
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": (v["nodes"][0].get("failureSummary") or "").replace("\n", " ")[:300]
            if v["nodes"]
            else "",
        }
        for v in result["violations"]
    ]


def format_violations(found: dict[str, list[dict[str, Any]]]) -> str:
    """One readable block per page, so a failing run says what to fix where."""
    lines = []
    for where, violations in found.items():
        lines.append(f"{where}:")
        for v in violations:
            lines.append(f"  - {v['id']} ({v['impact']}): {v['help']}")
            lines.append(f"      elements: {v['nodes']}")
            if v.get("summary"):
                lines.append(f"      {v['summary']}")
    return "\n".join(lines)


def hotp(secret: str, counter: int, digits: int = 6) -> str:
    """RFC 4226 HOTP, as any authenticator app computes it (independent of allauth's own code)."""
    key = base64.b32decode(secret.replace(" ", "").upper(), casefold=True)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**digits:0{digits}d}"


def totp_now(secret: str) -> str:
    return hotp(secret, int(time.time()) // TOTP_PERIOD)


# The last TOTP time step used per account: the server refuses a code it has seen (allauth's replay
# guard, in the cache all workers share), so a second login in the same step waits for the next one.
_USED_STEP: dict[str, int] = {}


def fresh_totp(email: str, secret: str = E2E_TOTP_SECRET) -> str:
    """A code for `email` that the server has not seen yet and that stays valid for a few seconds."""
    while True:
        now = time.time()
        step = int(now) // TOTP_PERIOD
        left = (step + 1) * TOTP_PERIOD - now
        if _USED_STEP.get(email, -1) < step and left > 3:
            _USED_STEP[email] = step
            return hotp(secret, step)
        time.sleep(left + 0.2)


def login(page: Any, app_url: str, email: str, password: str = E2E_PASSWORD) -> None:
    """Sign in as a user does: password, then the code from the authenticator app (every account has one)."""
    page.goto(f"{app_url}/account/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/login/" not in url)
    assert "/account/2fa/authenticate/" in page.url, f"no second step after the password: {page.url}"
    page.get_by_label("Code").fill(fresh_totp(email))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/account/2fa/authenticate/" not in url)
