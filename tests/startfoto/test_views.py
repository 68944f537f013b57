"""The startfoto page, its wijk data and URL names (public: anonymous visitors read everything)."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansrijk.areas.models import Area, AreaLevel, Observation

pytestmark = pytest.mark.django_db

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def test_url_names() -> None:
    assert reverse("startfoto:zoek") == "/startfoto/"
    assert reverse("startfoto:detail", args=["GM0344"]) == "/startfoto/GM0344/"
    assert reverse("startfoto:wijken", args=["GM0344"]) == "/startfoto/GM0344/wijken.geojson"
    assert reverse("startfoto:duiding", args=["GM0344"]) == "/startfoto/GM0344/duiding/"
    assert reverse("startfoto:csv", args=["GM0344"]) == "/startfoto/GM0344/startfoto.csv"
    assert reverse("startfoto:json", args=["GM0344"]) == "/startfoto/GM0344/startfoto.json"
    assert reverse("startfoto:pdf", args=["GM0344"]) == "/startfoto/GM0344/startfoto.pdf"


def test_anonymous_reads_the_page_with_credit_source_and_year(client: Client) -> None:
    response = client.get("/startfoto/GM0344/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="utrecht-heading-1">Startfoto Utrecht</h1>' in body
    assert CREDIT in body
    assert "CBS, Kerncijfers wijken en buurten 2024" in body and "Jaar 2024" in body
    for label in ("GGD-regio", "Provincie", "Nederland", "Vergelijkbare gemeenten"):
        assert label in body
    # Direction only where the indicator has one; never a colour-only signal.
    assert 'scope="col">Vergeleken</th>' in body
    # Downloads, map, chart data and the perinatal panel.
    for url in (
        "/startfoto/GM0344/startfoto.pdf",
        "/startfoto/GM0344/startfoto.csv",
        "/startfoto/GM0344/startfoto.json",
    ):
        assert f'href="{url}"' in body
    assert 'data-geojson="/startfoto/GM0344/wijken.geojson?indicator=' in body
    assert '"$schema": "https://vega.github.io/schema/vega-lite/v6.json"' in body
    assert "Perinatale cijfers: nog niet geladen" in body and "De beheerder van het platform" in body
    assert "VZinfo / Perined" in body
    # No developer text for users (issue 10): no commands, repository paths or server paths.
    for developer_text in ("kansrijk data", "docs/", ".csv</code>", "/work/", "manage.py"):
        assert developer_text not in body, developer_text
    assert "vendor/vega/vega-embed" in body and "vendor/leaflet/leaflet.js" in body
    assert "Duiding toevoegen" not in body  # anonymous: read only


def test_merged_municipality_shows_why_a_figure_is_missing(client: Client) -> None:
    body = client.get("/startfoto/GM1992/").content.decode()
    assert "niet beschikbaar in de huidige gemeentelijke indeling" in body
    assert "gemeente bestond in 2019 nog niet in deze indeling" in body


def test_page_needs_few_queries(client: Client) -> None:
    client.get("/startfoto/GM0363/")  # fill the cache
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/startfoto/GM0363/").status_code == 200
    assert len(queries) <= 10


def test_lower_case_code_redirects_and_unknown_code_is_a_dutch_404(client: Client) -> None:
    response = client.get("/startfoto/gm0344/")
    assert response.status_code == 301 and response["Location"] == "/startfoto/GM0344/"
    response = client.get("/startfoto/GM9999/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()
    assert client.get("/startfoto/utrecht/").status_code == 404


def test_dissolved_municipality_is_not_a_page(client: Client) -> None:
    dissolved = Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=False).first()
    assert dissolved is not None
    assert client.get(f"/startfoto/{dissolved.code}/").status_code == 404


def test_geojson_has_the_wijken_with_their_observations(client: Client) -> None:
    response = client.get("/startfoto/GM0344/wijken.geojson", {"indicator": "pct_0_15"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/geo+json")
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection" and data["licentie"] == CREDIT
    wijken = Area.objects.filter(level=AreaLevel.WIJK, parent__code="GM0344").exclude(geometry="")
    assert len(data["features"]) == wijken.count() > 5
    stored = {
        o.area.code: o
        for o in Observation.objects.filter(area__in=wijken, indicator__key="pct_0_15").select_related("area")
    }
    for feature in data["features"]:
        props = feature["properties"]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert set(props) >= {"code", "naam", "waarde", "jaar"}
        assert props["waarde"] == stored[props["code"]].value
        assert props["jaar"] == (stored[props["code"]].year if props["waarde"] is not None else None)
    assert data["klassen"] and all(c["label"] for c in data["klassen"])


def test_geojson_unknown_indicator_is_a_400_in_dutch(client: Client) -> None:
    for key in ("bestaat_niet", "geboorte_relatief", ""):
        response = client.get("/startfoto/GM0344/wijken.geojson", {"indicator": key})
        assert response.status_code == 400
        assert json.loads(response.content)["fout"].startswith(f"Onbekende wijkindicator '{key}'")
    assert client.get("/startfoto/GM9999/wijken.geojson", {"indicator": "pct_0_15"}).status_code == 404


def test_wijk_panel_has_the_same_values_as_a_table(client: Client) -> None:
    response = client.get(
        "/startfoto/GM0344/wijken/", {"wijkindicator": "pct_65plus"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<caption" in body and 'scope="row"' in body
    assert "indicator=pct_65plus" in body and "Legenda" in body and "klasse 1 van" in body
    wijk = Observation.objects.filter(
        area__parent__code="GM0344", indicator__key="pct_65plus", value__isnull=False
    )
    first = wijk.select_related("area").first()
    assert first is not None and first.area.name in body


def test_export_urls_answer(client: Client) -> None:
    # The views live in the exports module; the URL exists either way (404 in Dutch until it is built).
    response = client.get("/startfoto/GM0344/startfoto.json")
    assert response.status_code in (200, 404)
