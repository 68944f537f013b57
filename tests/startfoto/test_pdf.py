"""The startfoto PDF: real WeasyPrint (PDF/UA-1) and real vl-convert, checked with poppler's tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import vl_convert
from django.test import Client
from weasyprint import HTML

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.areas.selectors import municipality_by_code
from kansrijk.startfoto import pdf as pdf_module
from kansrijk.startfoto.pdf import _collector_paused, _StartfotoHTML, _weasy, startfoto_pdf
from kansrijk.startfoto.pdf_charts import (
    CONFIG,
    FONT,
    MEASURING_FAMILY,
    _signed_area,
    lean_svg,
    measuring_family,
    render_svg,
    rewind,
    trend_facet_spec,
    trend_figures,
    wijk_map_spec,
)
from kansrijk.startfoto.pdf_wijken import wijk_map_for
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


# --- speed measures: each must leave the PDF as it was ---------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"


def _nodes(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter())  # noqa: S314 - our own output


def test_lean_svg_keeps_what_is_drawn_and_drops_the_rest() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'class="marks" width="100" height="50" viewBox="0 0 100 50">'
        '<rect width="100" height="50" fill="white"/>'
        '<g fill="none" transform="translate(5,6)">'
        '<g><g transform="translate(0,0)">'
        '<path class="background" aria-hidden="true" d="M0,0h90v40h-90Z"/>'  # neither fill nor stroke
        '<path class="foreground" d="" display="none"/>'
        '<line transform="translate(29.16666,0)" x2="0" y2="5" stroke="#888" opacity="1"/>'
        '<line transform="translate(58.33333,0)" x2="0" y2="5" stroke="#888" opacity="1"/>'
        '<text transform="translate(12.04999,14)" font-family="Meetletter" fill="#000">2012</text>'
        '<text transform="translate(20,14)" font-family="Meetletter" fill="#000" opacity="0">2014</text>'
        '<path d="M1.23456,2.34567L3.45678,4.56789" stroke="#1a4e8a" role="graphics-symbol"/>'
        '<path d="M0,0h10v10h-10Z" fill="#eff3ff"/>'
        '<text transform="translate(10,8)" fill="#000"><tspan>Twee</tspan><tspan x="0" dy="11.5">regels</tspan></text>'
        "</g></g></g></svg>"
    )
    lean = lean_svg(svg, fonts={"Meetletter": FONT})
    nodes = _nodes(lean)
    tags = [n.tag.removeprefix(SVG_NS) for n in nodes]
    # backdrop, invisible paths, the hidden label and the bare groups are gone
    assert tags == ["svg", "g", "path", "text", "path", "path", "text", "tspan", "tspan"]
    ticks, label, line, area, wrapped, first, second = nodes[2:]
    assert (wrapped.get("x"), wrapped.get("y"), second.get("x"), second.get("dy")) == (
        "10",
        "8",
        "10",
        "11.5",
    )
    assert "transform" not in wrapped.attrib and "x" not in first.attrib
    assert ticks.get("d") == "M29.2,0L29.2,5M58.3,0L58.3,5" and ticks.get("stroke") == "#888"
    assert (label.text, label.get("x"), label.get("y")) == ("2012", "12", "14")
    assert label.get("font-family") == FONT and "transform" not in label.attrib
    assert line.get("d") == "M1.2,2.3L3.5,4.6" and "role" not in line.attrib
    assert area.get("fill") == "#eff3ff"
    assert nodes[1].get("transform") == "translate(5,6)"  # a group that moves things stays


def test_charts_are_measured_with_the_fast_subset_exactly_as_with_the_pdf_font() -> None:
    if measuring_family() != MEASURING_FAMILY:
        pytest.skip(f"{FONT} is niet geïnstalleerd: vl-convert meet met het systeemlettertype")
    sf = sample_startfoto()
    spec = trend_facet_spec(trend_figures(sf.figures), sf.name)
    options = {"format_locale": "nl-NL", "time_format_locale": "nl-NL", "allowed_base_urls": []}
    with_font = vl_convert.vegalite_to_svg(spec, config={**CONFIG, "font": FONT}, **options)
    with_subset = vl_convert.vegalite_to_svg(spec, config={**CONFIG, "font": MEASURING_FAMILY}, **options)
    assert with_subset.replace(MEASURING_FAMILY, FONT) == with_font  # same layout, glyph for glyph
    svg = render_svg(spec)
    assert f'font-family="{FONT}"' in svg and MEASURING_FAMILY not in svg


def test_long_panel_titles_are_wrapped_not_cut_off() -> None:
    sf = sample_startfoto()
    long = dataclasses.replace(sf.figures[0], title="Meerpersoonshuishoudens zonder kinderen")
    svg = render_svg(trend_facet_spec([long], sf.name))
    lines = [t.text for t in _nodes(svg) if t.tag == f"{SVG_NS}tspan"]
    assert lines == ["Meerpersoonshuishoudens zonder", "kinderen (%)"]
    assert "…" not in svg


def test_lean_user_agent_stylesheet_changes_nothing_in_the_pdf(tmp_path: Path) -> None:
    assert _weasy()[2] is not None, "WeasyPrint's user-agent stylesheet changed: check UA_MARKER_RULE"
    html = (
        '<html lang="nl"><body><h1>Kop</h1><ol class="toc__list"><li><a href="#x">Eén</a></li>'
        '<li id="x">Twee</li></ol><ul class="wijklijst"><li>Wijk: <strong>1,5</strong></li></ul>'
        '<table class="figures"><tr><th scope="row">Rij</th><td class="num">2,0</td></tr></table>'
        "</body></html>"
    )
    fonts, css, _ua = _weasy()
    pages = []
    for cls in (HTML, _StartfotoHTML):
        pdf = cls(string=html).write_pdf(stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")
        path = tmp_path / f"{cls.__name__}.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(path)], check=True)
        pages.append([png.read_bytes() for png in sorted(tmp_path.glob(f"{cls.__name__}.pdf*.png"))])
    assert pages[0] == pages[1]  # pixel for pixel
    _, text = _info(pdf, tmp_path)
    assert re.search(r"^\s*1\.\s+Eén", text, re.MULTILINE)  # the list markers are still there


def test_garbage_collector_is_paused_during_a_render_only() -> None:
    assert gc.isenabled()
    with _collector_paused():
        assert not gc.isenabled()
        with _collector_paused():  # a second render in another thread
            assert not gc.isenabled()
        assert not gc.isenabled()  # back on only when the last render is done
    assert gc.isenabled()
    gc.disable()  # someone else's choice is left alone
    try:
        with _collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled() and pdf_module._paused == 0
    finally:
        gc.enable()


@pytest.mark.django_db
def test_lean_map_svg_still_draws_every_wijk() -> None:
    municipality = municipality_by_code("GM0344")
    assert municipality is not None
    wijk_map = wijk_map_for(municipality=municipality)
    assert wijk_map is not None
    spec = wijk_map_spec(wijk_map)
    assert spec is not None
    with_geometry = Area.objects.filter(level=AreaLevel.WIJK, parent=municipality).exclude(geometry="")
    shapes = re.findall(r'<path [^>]*stroke-width="0.4"', render_svg(spec))  # the wijk outlines
    assert len(shapes) == with_geometry.count() > 1
