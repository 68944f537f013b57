"""`kansrijk startfoto`: exit codes and messages through the real console script, content in-process."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kansrijk.startfoto.exports import CSV_COLUMNS, UNKNOWN_CODE

KANSRIJK = str(Path(sys.executable).parent / "kansrijk")


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A migrated (empty) database of its own: the subprocess cannot see the test database."""
    var = tmp_path_factory.mktemp("var")
    env = {**os.environ, "KANSRIJK_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "kansrijk.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([KANSRIJK, "migrate", "-v", "0"], env=env, check=True, capture_output=True, timeout=300)
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([KANSRIJK, *args], env=env, capture_output=True, text=True, timeout=120)


def test_unknown_code_exits_2_with_one_dutch_line(cli_env: dict[str, str]) -> None:
    result = _run(["startfoto", "GM9999", "--format", "pdf"], cli_env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == ["Fout: " + UNKNOWN_CODE.format(code="GM9999")]


def test_missing_code_exits_2(cli_env: dict[str, str]) -> None:
    result = _run(["startfoto"], cli_env)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Geef een gemeentecode" in result.stderr


@pytest.mark.django_db
def test_json_to_stdout() -> None:
    out = io.StringIO()
    call_command("startfoto", "gm0014", stdout=out)
    data = json.loads(out.getvalue())
    assert data["gemeente"]["naam"] == "Groningen"
    assert data["bron_vermelding"] == "Bron: CBS / PDOK, CC BY 4.0"


@pytest.mark.django_db
def test_csv_to_file_has_one_row_per_indicator(tmp_path: Path) -> None:
    target = tmp_path / "groningen.csv"
    call_command("startfoto", "GM0014", "--format", "csv", "-o", str(target), stderr=io.StringIO())
    rows = list(csv.DictReader(target.open(encoding="utf-8", newline="")))
    out = io.StringIO()
    call_command("startfoto", "GM0014", stdout=out)
    data = json.loads(out.getvalue())
    assert list(rows[0]) == CSV_COLUMNS
    expected = len(data["indicatoren"]) + len(data["perinataal"]["landelijke_referenties"])
    assert len(rows) == expected
    assert {r["bron_vermelding"] for r in rows} == {"Bron: CBS / PDOK, CC BY 4.0"}


@pytest.mark.django_db
def test_unknown_code_in_process_raises_command_error() -> None:
    with pytest.raises(CommandError) as info:
        call_command("startfoto", "GM9999")
    assert str(info.value) == UNKNOWN_CODE.format(code="GM9999")
    assert info.value.returncode == 2


@pytest.mark.django_db
def test_pdf_default_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # the default name is relative to the working directory
    call_command("startfoto", "GM0344", "--format", "pdf", stderr=io.StringIO())
    assert (tmp_path / "startfoto-GM0344.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.django_db
def test_all_writes_one_file_per_municipality(tmp_path: Path) -> None:
    call_command("startfoto", "--all", "--format", "csv", "-o", str(tmp_path / "uit"), stderr=io.StringIO())
    files = sorted((tmp_path / "uit").glob("startfoto-GM*.csv"))
    assert len(files) == 342
    assert files[0].read_text(encoding="utf-8").startswith("key,titel,")


@pytest.mark.django_db
def test_all_needs_a_directory() -> None:
    with pytest.raises(CommandError, match="geef met -o een map"):
        call_command("startfoto", "--all", "--format", "pdf")
