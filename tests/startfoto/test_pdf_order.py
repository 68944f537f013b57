"""The PDF tells the same story as the page (issue 10): "Wat valt op" first, then birth, context last,
and births as one number with honest precision."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_pdf_leads_with_what_stands_out_and_writes_births_once(client: Client, tmp_path: Path) -> None:
    response = client.get("/startfoto/GM0363/startfoto.pdf")
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    path = tmp_path / "sf.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    body = text[text.index("Zo leest u deze startfoto") :]  # after the table of contents
    what, birth, context = (body.index(h) for h in ("Wat valt op", "Geboorte en kraamperiode", "\nContext\n"))
    assert what < birth < context
    assert "Zo kiezen we" in body
    assert "≈ 9.700" in body and "9.709" not in text
