"""The startfoto PDF: real WeasyPrint (PDF/UA-1) and real vl-convert, checked with poppler's tools."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from kansrijk.startfoto.pdf import startfoto_pdf
from kansrijk.startfoto.pdf_charts import _signed_area, render_svg, rewind, trend_facet_spec, trend_figures
from tests.startfoto.test_export import sample_startfoto

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def _info(pdf: bytes, tmp_path: Path) -> tuple[dict[str, str], str]:
    path = tmp_path / "startfoto.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return {k.strip(): v.strip() for k, v in fields.items()}, text.stdout


def test_rewind_makes_exteriors_clockwise_and_holes_counter_clockwise() -> None:
    ccw = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]  # RFC 7946 exterior
    cw_hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]
    polygon = rewind({"type": "Polygon", "coordinates": [ccw, cw_hole]})
    exterior, hole = polygon["coordinates"]
    assert _signed_area(exterior) < 0 < _signed_area(hole)
    multi = rewind({"type": "MultiPolygon", "coordinates": [[ccw]]})
    assert _signed_area(multi["coordinates"][0][0]) < 0


def test_trend_chart_renders_as_vector_svg_with_dutch_numbers() -> None:
    sf = sample_startfoto()
    svg = render_svg(trend_facet_spec(trend_figures(sf.figures), sf.name))
    assert svg.startswith("<svg") and "<path" in svg
    assert "Inwoners 0 tot 15 jaar (%)" in svg


def test_sample_pdf_is_tagged_a4_with_cover_toc_and_credit(tmp_path: Path) -> None:
    pdf = startfoto_pdf(sample_startfoto(), generated=dt.date(2026, 11, 22))
    assert pdf.startswith(b"%PDF-")
    info, text = _info(pdf, tmp_path)
    # PDF/UA identification in the XMP metadata (its stream is compressed: read it with poppler).
    meta = subprocess.run(
        ["pdfinfo", "-meta", str(tmp_path / "startfoto.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert 'pdfuaid:part="1"' in meta
    assert info["Tagged"] == "yes"
    assert info["Page size"].startswith("595.276 x 841.89")  # A4
    assert info["Title"] == "Startfoto Kansrijke Start – Amsterdam"
    for expected in ("Startfoto Kansrijke Start", "22 november 2026", "Inhoud", "Context", CREDIT):
        assert expected in text
    assert "Niet geladen." in text and "Vroeggeboorte" in text  # the perinatal section explains
    assert "Er zijn geen wijkgrenzen" in text


def test_loaded_perinatal_figures_are_shown(tmp_path: Path) -> None:
    _, text = _info(startfoto_pdf(sample_startfoto(perinatal=True)), tmp_path)
    assert "Niet geladen." not in text
    assert "6,5" in text  # Dutch decimal comma


@pytest.mark.django_db
def test_pdf_view_of_a_real_municipality_has_the_wijk_map(client: Client, tmp_path: Path) -> None:
    response = client.get("/startfoto/GM0344/startfoto.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    info, text = _info(response.content, tmp_path)
    assert info["Tagged"] == "yes"
    assert "Utrecht" in text and "Wijken" in text and "Wijk 06 Binnenstad" in text
    assert "Bronnen en definities" in text and CREDIT in text


@pytest.mark.django_db
def test_pdf_view_unknown_code_is_404(client: Client) -> None:
    assert client.get("/startfoto/GM9999/startfoto.pdf").status_code == 404
