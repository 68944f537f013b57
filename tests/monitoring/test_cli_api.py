"""`kansrijk monitor` and /api/v1/monitor/…: the published figures in the issue's shape
({"indicatoren": [{"key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt"}]}), the worker
subcommands, Dutch errors with exit status 2, and the pages' access rules on the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kansrijk.care.aggregation import outbox_pending_count
from kansrijk.monitoring.models import Publication
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from tests.coalitions.conftest import client_for
from tests.monitoring.support import add, at, entry
from tests.personas import Cast

KEYS = {"key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt"}
COLUMNS = ["key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt"]
OCTOBER = dt.date(2026, 10, 1)
KANSRIJK = shutil.which("kansrijk") or str(Path(sys.executable).with_name("kansrijk"))


def _october(cast: Cast) -> None:
    c = cast.coalition
    days = [at(OCTOBER + dt.timedelta(days=i % 28)) for i in range(60)]
    add(
        [
            *(entry(c, "gezin_aangemeld", when=days[i], wijk="WK034401" if i % 2 else "WK034402") for i in range(40)),
            *(entry(c, "niveau_besloten", when=days[i], niveau="kwetsbaar") for i in range(25)),
            *(entry(c, "niveau_besloten", when=days[i], niveau="zeer_kwetsbaar") for i in range(3)),
            *(entry(c, "eerste_contact", when=days[i], thema="financien", dagen=i % 9, warm=i < 12) for i in range(20)),
        ]
    )  # fmt: skip


@pytest.fixture
def published(cast: Cast, monthly: None) -> Cast:
    _october(cast)
    monitor_consume_all()
    assert monitor_publish(now=at(dt.date(2026, 11, 2)))
    return cast


def _json(*args: str) -> dict[str, list[dict[str, object]]]:
    out = io.StringIO()
    call_command("monitor", *args, stdout=out)
    return json.loads(out.getvalue())


def _row(rows: list[dict[str, object]], key: str, gebied: str) -> dict[str, object]:
    [row] = [r for r in rows if r["key"] == key and r["gebied"] == gebied]
    return row


def test_cli_json_has_the_issue_shape_and_the_published_figures(published: Cast) -> None:
    payload = _json("test", "--format", "json")
    assert list(payload) == ["indicatoren"]
    rows = payload["indicatoren"]
    assert rows and all(set(r) == KEYS for r in rows)
    assert {r["periode"] for r in rows} == {"oktober 2026"}
    coalition = "coalitie Coalitie Test"
    assert _row(rows, "gezinnen_aangemeld", coalition) == {
        "key": "gezinnen_aangemeld",
        "periode": "oktober 2026",
        "gebied": coalition,
        "teller": 40,
        "noemer": None,
        "waarde": 40.0,
        "onderdrukt": False,
    }
    assert _row(rows, "gezinnen_aangemeld", "gemeente Utrecht (GM0344)")["teller"] == 40
    # A category: key "indicator:category"; three "zeer kwetsbaar" are withheld, with every count null.
    assert _row(rows, "niveau:zeer_kwetsbaar", coalition) == {
        "key": "niveau:zeer_kwetsbaar",
        "periode": "oktober 2026",
        "gebied": coalition,
        "teller": None,
        "noemer": None,
        "waarde": None,
        "onderdrukt": True,
    }
    # 25 "kwetsbaar" alone would give the three away through the total (28): so that goes too.
    assert _row(rows, "niveau:kwetsbaar", coalition)["onderdrukt"] is True
    median = _row(rows, "eerste_contact_mediaan", coalition)
    # Days 0–8 over 20 contacts: the 10th is 3 days, the 18th 7 days (nearest rank).
    assert (median["noemer"], median["waarde"], median["onderdrukt"]) == (20, 3.0, False)
    assert _row(rows, "eerste_contact_p90", coalition)["waarde"] == 7.0
    # No wijk rows and no other coalition in a coalition's export.
    assert not [r for r in rows if str(r["gebied"]).startswith("wijk ")]
    assert not [r for r in rows if "Elders" in str(r["gebied"])]


def test_cli_csv_has_the_same_rows(published: Cast) -> None:
    out = io.StringIO()
    call_command("monitor", "test", "--format", "csv", stdout=out)
    reader = csv.reader(io.StringIO(out.getvalue()))
    header, *body = list(reader)
    assert header == COLUMNS
    rows = _json("test")["indicatoren"]
    assert len(body) == len(rows)
    first = dict(zip(COLUMNS, body[0], strict=True))
    assert first["key"] == rows[0]["key"] and first["gebied"] == rows[0]["gebied"]
    suppressed = next(dict(zip(COLUMNS, b, strict=True)) for b in body if b[6] == "ja")
    assert (suppressed["teller"], suppressed["noemer"], suppressed["waarde"]) == ("", "", "")


def test_cli_national_holds_nederland_ggd_regions_and_coalitions(published: Cast) -> None:
    rows = _json("--landelijk", "--format", "json")["indicatoren"]
    assert all(set(r) == KEYS for r in rows)
    gebieden = {r["gebied"] for r in rows}
    assert "Nederland" in gebieden and "coalitie Coalitie Test" in gebieden
    assert any(g.startswith("GGD") for g in gebieden)  # type: ignore[union-attr]
    assert not any(str(g).startswith(("gemeente ", "wijk ")) for g in gebieden)
    assert _row(rows, "gezinnen_aangemeld", "Nederland")["teller"] == 40


def _fails(*args: str) -> str:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("monitor", *args, stdout=io.StringIO(), stderr=err)
    assert exc.value.code == 2
    return err.getvalue().strip()


def test_cli_errors_are_one_dutch_line_with_status_2_and_write_nothing(
    published: Cast, tmp_path: Path
) -> None:
    # (The console script itself, with its exit status, is run in test_console_script_… below.)
    target = tmp_path / "uit.json"
    assert _fails("bestaat-niet", "--format", "json", "-o", str(target)) == (
        "Onbekende coalitie: bestaat-niet. Zie `kansrijk coalitie list` voor de slugs."
    )
    assert not target.exists()
    assert _fails("test", "--landelijk") == "Geef een coalitie óf --landelijk, niet allebei."
    assert _fails() == "Geef de slug van een coalitie, --landelijk, 'verwerk' of 'publiceer'."
    assert _fails("test", "--perioden", "0") == "--perioden moet minstens 1 zijn."
    with pytest.raises(CommandError):
        call_command("monitor", "test", "--format", "xml")


def test_cli_verwerk_consumes_and_publishes(cast: Cast, monthly: None) -> None:
    _october(cast)
    out = io.StringIO()
    call_command("monitor", "verwerk", stdout=out)
    assert "88 gebeurtenissen verwerkt" in out.getvalue() and "1 periode(n) gepubliceerd" in out.getvalue()
    assert outbox_pending_count() == 0
    assert Publication.objects.filter(period_start=OCTOBER).exists()
    call_command("monitor", "publiceer", stdout=io.StringIO())  # nothing new: nothing changes
    assert Publication.objects.count() == 1


def test_console_script_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "KANSRIJK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kansrijk.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([KANSRIJK, "migrate", "-v", "0"], env=env, check=True, capture_output=True, timeout=300)
    unknown = subprocess.run(
        [KANSRIJK, "monitor", "bestaat-niet"], env=env, capture_output=True, text=True, timeout=120
    )
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.strip().splitlines() == [
        "Onbekende coalitie: bestaat-niet. Zie `kansrijk coalitie list` voor de slugs."
    ]
    worker = subprocess.Popen(  # noqa: S603
        [KANSRIJK, "monitor", "verwerk", "--blijf", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    assert "Ctrl-C" in worker.stdout.readline()  # started and waiting
    time.sleep(1)  # a few rounds
    worker.send_signal(signal.SIGINT)
    out, err = worker.communicate(timeout=60)
    assert worker.returncode == 0, err
    assert out.strip().splitlines()[-1] == "Gestopt."
    assert "Traceback" not in err


# --- the API -----------------------------------------------------------------------------------------------

API = "/api/v1/monitor"


def test_api_coalition_rows_equal_the_cli_for_those_who_see_the_coalition(published: Cast) -> None:
    cli = _json("test")
    for user in (published.coordinator, published.national):
        response = client_for(user).get(f"{API}/coalities/test")
        assert response.status_code == 200, user
        assert response.json() == cli


def test_api_coalition_is_404_for_everyone_else(published: Cast) -> None:
    for user in (published.other_coordinator, published.professional):
        response = client_for(user).get(f"{API}/coalities/test")
        assert response.status_code == 404, user
        assert "indicatoren" not in response.json()
    assert client_for(published.national).get(f"{API}/coalities/bestaat-niet").status_code == 404


def test_api_needs_login(published: Cast) -> None:
    anonymous = Client()
    assert anonymous.get(f"{API}/coalities/test").status_code == 401
    assert anonymous.get(f"{API}/landelijk").status_code == 401


def test_api_national_is_for_the_national_programme_only(published: Cast) -> None:
    response = client_for(published.national).get(f"{API}/landelijk")
    assert response.status_code == 200
    assert response.json() == _json("--landelijk")
    for user in (published.coordinator, published.other_coordinator, published.professional):
        assert client_for(user).get(f"{API}/landelijk").status_code == 404, user
