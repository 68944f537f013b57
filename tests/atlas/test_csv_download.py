"""The atlas download (issue 10): every row says it is an estimate and carries the CBS credit; a plain
CSV and one Dutch Excel opens directly; the same rows as the CLI."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kansrijk.atlas.compute import NO_ESTIMATE
from kansrijk.atlas.exports import CSV_COLUMNS, KIND

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def _rows(text: str, delimiter: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter))


@pytest.mark.django_db
def test_plain_csv_has_estimate_label_and_credit_on_every_row(client: Client) -> None:
    response = client.get("/atlas/GM0363/atlas.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="atlas-GM0363.csv"' in response["Content-Disposition"]
    rows = _rows(response.content.decode(), ",")
    assert rows and list(rows[0]) == list(CSV_COLUMNS)
    assert all(r["bron_vermelding"] == CREDIT for r in rows)
    # An estimate says it is one; a wijk where nobody lives says it has none (and has empty cells).
    assert all(r["soort_cijfer"] == (KIND if r["aandeel"] else NO_ESTIMATE) for r in rows)
    assert any(r["soort_cijfer"] == KIND for r in rows)
    assert all(r["gemeentecode"] == "GM0363" for r in rows)
    # Decimal point in the plain file: shares parse as numbers.
    assert all(0 <= float(r["aandeel"]) <= 1 for r in rows if r["aandeel"])


@pytest.mark.django_db
def test_excel_csv_has_bom_semicolons_and_decimal_comma(client: Client) -> None:
    content = client.get("/atlas/GM0363/atlas.csv?excel=1").content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8")
    rows = _rows(text, ";")
    plain = _rows(client.get("/atlas/GM0363/atlas.csv").content.decode(), ",")
    assert len(rows) == len(plain)
    shares = [r["aandeel"] for r in rows if r["aandeel"]]
    assert shares and all("," in s and "." not in s for s in shares if s not in ("0", "1"))
    assert [r["code"] for r in rows] == [r["code"] for r in plain]


@pytest.mark.django_db
def test_unknown_municipality_is_404(client: Client) -> None:
    assert client.get("/atlas/GM9999/atlas.csv").status_code == 404


@pytest.mark.django_db
def test_the_page_links_both_downloads_and_no_command(client: Client) -> None:
    html = client.get("/atlas/GM0363/").content.decode()
    assert 'href="/atlas/GM0363/atlas.csv"' in html and 'href="/atlas/GM0363/atlas.csv?excel=1"' in html
    assert "kansrijk atlas" not in html
