"""The PDF's layout (issue 10): no text collisions and no nearly empty pages, for real municipalities.

Checked on WeasyPrint's box tree (`pdf_layout`): a number wider than its column, a header outside its
table or a cover label running into its value is text outside its box."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.test import Client

from kansrijk.areas.selectors import municipality_by_code
from kansrijk.startfoto.pdf import startfoto_document
from kansrijk.startfoto.pdf_charts import (
    PANELS_PER_CHART,
    trend_chart_groups,
    trend_facet_spec,
    trend_figures,
)
from kansrijk.startfoto.pdf_wijken import wijk_map_for
from kansrijk.startfoto.selectors import latest_import_run_id, startfoto_get
from tests.startfoto.pdf_layout import fill, overflows

# The largest municipality (most wijken, largest numbers), the smallest, long names and long peer groups.
CODES = ("GM0363", "GM0088", "GM0344", "GM1900", "GM0796")
MIN_FILL = 0.4  # a page between the cover and the last page holds at least this share of its height


def _document(code: str):  # type: ignore[no-untyped-def]
    municipality = municipality_by_code(code)
    assert municipality is not None
    sf = startfoto_get(municipality=municipality, run_id=latest_import_run_id())
    return startfoto_document(sf, wijk_map=wijk_map_for(municipality=municipality))


@pytest.mark.django_db
@pytest.mark.parametrize("code", CODES)
def test_no_text_leaves_its_box_and_no_page_is_nearly_empty(code: str) -> None:
    document = _document(code)
    assert [str(o) for o in overflows(document)] == []
    shares = fill(document)
    # The cover stands alone by design; the last page ends wherever the text ends.
    thin = [(page, round(share, 2)) for page, share in enumerate(shares[1:-1], start=2) if share < MIN_FILL]
    assert thin == [], f"bijna lege pagina's (pagina, deel gevuld): {thin}"


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "sf.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.django_db
def test_trend_charts_in_the_pdf_mark_a_boundary_change(client: Client, tmp_path: Path) -> None:
    """Amsterdam kept its code when Weesp joined (2023): the PDF's trend charts show the break, as the
    page's charts do; a municipality without a change shows none."""
    amsterdam = _text(client.get("/startfoto/GM0363/startfoto.pdf").content, tmp_path)
    assert "grens 2023" in amsterdam  # the label beside the dotted line, drawn in the chart
    assert "andere grenzen vanaf 2023 (Weesp ging op in Amsterdam" in " ".join(amsterdam.split())
    response = client.get("/startfoto/GM0344/startfoto.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="startfoto-GM0344.pdf"'  # a download
    utrecht = _text(response.content, tmp_path)
    assert "grens 20" not in utrecht and "andere grenzen vanaf" not in utrecht


@pytest.mark.django_db
def test_share_charts_start_at_zero_and_count_charts_leave_out_nederland() -> None:
    municipality = municipality_by_code("GM0363")
    assert municipality is not None
    sf = startfoto_get(municipality=municipality, run_id=latest_import_run_id())
    groups = trend_chart_groups(trend_figures(sf.figures))
    assert groups and all(len(members) <= PANELS_PER_CHART for members, _zero in groups)
    checked = 0
    for members, from_zero in groups:
        assert from_zero == all(f.unit == "%" for f in members)
        spec = trend_facet_spec(members, sf.name, from_zero=from_zero)
        assert spec["spec"]["layer"][0]["encoding"]["y"]["scale"]["zero"] is from_zero
        counts = {f.title for f in members if f.unit == "aantal"}
        for value in spec["data"]["values"]:
            if any(value["paneel"].startswith(title) for title in counts):
                assert value["gebied"] != "Nederland"
                checked += 1
    assert checked > 0  # inhabitants and households: counts with a trend
