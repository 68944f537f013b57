"""Public pages, the API and the CLI read the stored estimates; outsiders to fitting are refused."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client

from kansrijk.atlas.models import AtlasModel
from tests.personas import make_cast

pytestmark = pytest.mark.django_db
CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def test_overview_page_is_public_and_says_it_is_an_estimate(atlas_model: AtlasModel, client: Client) -> None:
    r = client.get("/atlas/")
    body = r.content.decode()
    assert r.status_code == 200
    assert "Schatting" in body and CREDIT in body and "7,2%" in body
    assert body.count('<th class="utrecht-table__header-cell" scope="row">') == 342
    assert 'href="/atlas/GM0599/"' in body


def test_municipality_page_table_interval_and_suppression(atlas_model: AtlasModel, client: Client) -> None:
    body = client.get("/atlas/GM0599/").content.decode()
    assert "Atlas kwetsbaarheid: Rotterdam" in body and "Delfshaven" in body
    assert "90%-interval" in body and "(hoger dan gemiddeld)" in body and CREDIT in body
    small = client.get("/atlas/GM0014/").content.decode()  # Groningen has wijken with few births
    assert ">&lt;10<" in small


def test_unknown_municipality_is_404(atlas_model: AtlasModel, client: Client) -> None:
    assert client.get("/atlas/GM9999/").status_code == 404
    assert client.get("/api/v1/atlas/GM9999").json() == {"detail": "Onbekende gemeentecode: GM9999"}


def test_method_card(atlas_model: AtlasModel, client: Client) -> None:
    body = client.get("/atlas/methode/").content.decode()
    for text in (
        "aandeel huishoudens met laag inkomen",
        "doi:10.1093/eurpub/ckae184",
        "Grenzen",
        "nooit over een gezin",
        "Bewust niet gebruikt",
        "2020",
        "2022",
        "2024",
    ):
        assert text in body


def test_geojson_has_interval_in_properties(atlas_model: AtlasModel, client: Client) -> None:
    data = json.loads(client.get("/atlas/GM0599/kaart.geojson").content)
    props = data["features"][0]["properties"]
    assert len(data["features"]) > 10 and {"aandeel", "ondergrens", "bovengrens", "aantal"} <= set(props)
    assert len(json.loads(client.get("/atlas/kaart/gemeenten.geojson").content)["features"]) == 342


def test_api_json_shape(atlas_model: AtlasModel, client: Client) -> None:
    data = client.get("/api/v1/atlas/GM0599").json()
    assert data["gemeente"]["code"] == "GM0599"
    assert data["model"]["versie"] == 1
    assert data["model"]["kalibratie"] == {
        "doel": "rivm2021",
        "omschrijving": "Meervoudige kwetsbaarheid in de zwangerschap, landelijk 2021",
        "bron": "RIVM/Erasmus MC, Molenaar e.a., Eur J Public Health 2024;34(6):1210–1217, doi:10.1093/eurpub/ckae184",
        "waarde": 0.072,
    }
    wijk = data["wijken"][0]
    assert set(wijk) >= {
        "code",
        "naam",
        "geboorten",
        "aandeel",
        "ondergrens",
        "bovengrens",
        "aantal",
        "drijfveren",
    }
    assert wijk["ondergrens"] <= wijk["aandeel"] <= wijk["bovengrens"]
    assert data["bron"] == CREDIT
    spec = client.get("/api/v1/openapi.json").json()
    assert "404" in spec["paths"]["/api/v1/atlas/{gemeentecode}"]["get"]["responses"]


def test_cli_json_csv_geojson(atlas_model: AtlasModel) -> None:
    out = io.StringIO()
    call_command("atlas", "GM0599", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["gemeente"]["naam"] == "Rotterdam"
    out = io.StringIO()
    call_command("atlas", "GM0599", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["gemeentecode"] == "GM0599" and rows[0]["code"].startswith("WK0599")
    out = io.StringIO()
    call_command("atlas", "gm0599", "--format", "geojson", stdout=out)
    assert json.loads(out.getvalue())["features"][0]["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_cli_all_wijken_csv(atlas_model: AtlasModel) -> None:
    out = io.StringIO()
    call_command("atlas", "--all", "--format", "csv", stdout=out, stderr=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 3474 and len({r["gemeentecode"] for r in rows}) == 342


def test_cli_unknown_municipality_exits_2(atlas_model: AtlasModel) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("atlas", "GM9999", stderr=err)
    assert exc.value.code == 2
    assert err.getvalue().strip() == "Onbekende gemeentecode: GM9999 (verwacht bijv. GM0599)."


def test_cli_fit_bad_file_and_denied(atlas_model: AtlasModel, tmp_path: Path) -> None:
    cast = make_cast()
    bad = tmp_path / "fout.csv"
    bad.write_text("wijkcode,jaar,geboorten,kwetsbaar\nWK059901,2023,tien,1\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("atlas", "fit", "--observed", str(bad), "--als", cast.coordinator.email, stderr=err)
    assert exc.value.code == 1
    assert f"{bad}: regel 2, kolom geboorten: 'tien' is geen geheel getal." in err.getvalue()
    assert "Niets gewijzigd" in err.getvalue()
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("atlas", "herbereken", "--als", cast.professional.email, stderr=err)
    assert "Geen recht" in err.getvalue()
    assert AtlasModel.objects.count() == 1


def test_cli_recompute_with_other_target(atlas_model: AtlasModel) -> None:
    cast = make_cast()
    out = io.StringIO()
    call_command("atlas", "herbereken", "--doel", "een_op_zes", "--als", cast.coordinator.email, stdout=out)
    assert "versie 2" in out.getvalue() and "16,7" not in out.getvalue() and "16.7%" in out.getvalue()


def test_startfoto_panel_partial(atlas_model: AtlasModel) -> None:
    html = render_to_string("atlas/_startfoto_panel.html", {"code": "GM0599"})
    # Rotterdam: 15,2% since the spread is calibrated on municipalities with >= 100 births (was 13,2%).
    assert "Atlas kwetsbaarheid (schatting)" in html and "/atlas/GM0599/" in html and "15,2%" in html
    assert CREDIT in html
    assert "nog niet berekend" in render_to_string("atlas/_startfoto_panel.html", {"code": "GM9999"})
