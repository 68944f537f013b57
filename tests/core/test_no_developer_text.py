"""No developer text for users (issue 10): public pages and exports carry no command lines, repository
paths, server paths or internal setting names. Checked through the real views, on the loaded open data."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

DEVELOPER_TEXT = (
    # The server's own paths, wherever it runs (a CI checkout lives elsewhere than a developer's).
    str(settings.KANSRIJK_DATA_DIR),
    str(settings.BASE_DIR),
    "kansrijk data",
    "kansrijk atlas",
    "--format",
    "docs/",
    "/work/",
    "manage.py",
    "KANSRIJK_",
    "make run",
    "src/kansrijk",
)

PUBLIC = [
    "/",
    "/over-de-data/",
    "/toegankelijkheid/",
    "/startfoto/",
    "/startfoto/GM0363/",
    "/startfoto/GM0344/",
    "/startfoto/GM0363/startfoto.csv",
    "/startfoto/GM0363/startfoto.json",
    "/atlas/",
    "/atlas/methode/",
    "/atlas/GM0363/",
    "/atlas/GM0363/atlas.csv",
    "/atlas/GM0363/atlas.csv?excel=1",
    "/menukaart/",
    "/wegwijzer/",
]


@pytest.mark.parametrize("url", PUBLIC)
def test_public_pages_and_exports_have_no_developer_text(client: Client, url: str, db: None) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    body = content.decode()
    found = [text for text in DEVELOPER_TEXT if text in body]
    assert not found, f"{url}: {found}"


@pytest.mark.parametrize("url", ["/startfoto/GM0363/startfoto.pdf"])
def test_pdfs_have_no_developer_text(client: Client, url: str, db: None, tmp_path: Path) -> None:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "out.pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Bron: CBS / PDOK, CC BY 4.0" in text  # the text layer was read at all
    found = [t for t in DEVELOPER_TEXT if t in text]
    assert not found, f"{url}: {found}"
