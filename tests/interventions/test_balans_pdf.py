"""The balans PDF: members and the national programme only; A4 landscape, tagged, with themes, gaps and credit."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from django.test import Client
from django.urls import reverse

from kansrijk.interventions.models import BalansNote, Need
from tests.interventions import balans_support as support
from tests.interventions.conftest import client_for
from tests.personas import Cast


def _text(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "balans.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout


def _info(pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "balans.pdf"
        path.write_bytes(pdf)
        return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_pdf_access_and_content(cast: Cast) -> None:
    support.atlas()
    BalansNote.objects.create(
        coalition=cast.coalition, phase="zwangerschap", need=Need.FINANCIEN, gaps="Geen tolk."
    )
    url = reverse("interventions:balans_pdf", args=["test"])
    assert Client().get(url).status_code == 302
    for user in (cast.other_coordinator, cast.outsider):
        assert client_for(user).get(url).status_code == 404
    response = client_for(cast.partner_member).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    text = " ".join(_text(pdf).split())
    for label in ("Financiële problemen en schulden", "Huiselijk geweld", "Roken", "Ouderschap en hechting"):
        assert label in text, label
    assert "Gat" in text and "Geen tolk." in text
    assert "Bron: CBS / PDOK, CC BY 4.0" in text and "geen open cijfer" in text.lower()
    assert "Per wijk" in text and "Schatting" in text
    info = {
        k.strip(): v.strip()
        for k, v in (line.split(":", 1) for line in _info(pdf).splitlines() if ":" in line)
    }
    assert info["Tagged"] == "yes"
    width, height = (float(x) for x in info["Page size"].split("pts")[0].split(" x "))
    assert width > height  # landscape
    assert client_for(cast.national).get(url).status_code == 200
