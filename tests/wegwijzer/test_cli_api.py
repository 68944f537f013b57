"""`kansrijk wegwijzer CODE --format json|pdf` and the public /api/v1/wegwijzer/{code}: the same data."""

from __future__ import annotations

import io
import json
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.wegwijzer.conftest import Wegwijzer


def _pages(pdf: bytes) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "w.pdf"
        path.write_bytes(pdf)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_api_is_public_and_equals_the_cli(ww: Wegwijzer) -> None:
    response = Client().get("/api/v1/wegwijzer/GM0344")
    assert response.status_code == 200 and not response.cookies
    out = io.StringIO()
    call_command("wegwijzer", "GM0344", "--format", "json", stdout=out)
    assert response.json() == json.loads(out.getvalue())
    data = response.json()
    assert data["gemeente"] == {"code": "GM0344", "naam": "Utrecht"} and data["versie"] == "lokaal"
    offer = next(t for t in data["themas"] if t["code"] == "financien")["aanbod"][0]
    assert offer["telefoon"] == "030-1234567" and "Achterlijn" not in json.dumps(data)


def test_api_unknown_municipality(ww: Wegwijzer) -> None:
    assert Client().get("/api/v1/wegwijzer/GM9999").status_code == 404


def test_cli_unknown_municipality_exits_2(ww: Wegwijzer) -> None:
    with pytest.raises(SystemExit) as info:
        call_command("wegwijzer", "GM9999", stderr=io.StringIO())
    assert info.value.code == 2


def test_cli_pdf_is_one_page(ww: Wegwijzer, tmp_path: Path) -> None:
    target = tmp_path / "w.pdf"
    call_command("wegwijzer", "GM0344", "--format", "pdf", "-o", str(target))
    assert _pages(target.read_bytes()) == 1
    # The national version (no coalition) too.
    call_command("wegwijzer", "GM0014", "--format", "pdf", "-o", str(target))
    assert _pages(target.read_bytes()) == 1
