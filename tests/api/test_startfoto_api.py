"""GET /api/v1/startfoto/{code}, GET /api/v1/gemeenten and the OpenAPI document, on the real open data."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from openapi_spec_validator import validate

from kansrijk.startfoto.exports import UNKNOWN_CODE

pytestmark = pytest.mark.django_db
CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


def test_api_json_equals_cli_json(client: Client) -> None:
    response = client.get("/api/v1/startfoto/GM0363")
    assert response.status_code == 200
    out = io.StringIO()
    call_command("startfoto", "GM0363", "--format", "json", stdout=out)
    assert response.json() == json.loads(out.getvalue())


def test_startfoto_has_figures_comparisons_and_credit(client: Client) -> None:
    data = client.get("/api/v1/startfoto/gm0344").json()
    assert data["gemeente"]["code"] == "GM0344" and data["gemeente"]["naam"] == "Utrecht"
    assert data["gemeente"]["provincie"] == "Utrecht"
    assert data["bron_vermelding"] == CREDIT
    by_key = {i["key"]: i for i in data["indicatoren"]}
    share = by_key["pct_0_15"]
    assert share["jaar"] == 2024 and share["bron"] and isinstance(share["waarde"], float)
    assert set(share["vergelijking"]) == {"ggd_regio", "provincie", "nederland", "vergelijkbare_gemeenten"}
    assert all(isinstance(v, float) for v in share["vergelijking"].values())
    assert data["perinataal"]["status"] == "niet_geladen"
    assert {r["key"] for r in data["perinataal"]["landelijke_referenties"]} >= {"vroeggeboorte", "sga"}


def test_unknown_code_is_404_with_a_dutch_detail(client: Client) -> None:
    response = client.get("/api/v1/startfoto/GM9999")
    assert response.status_code == 404
    assert response.json() == {"detail": UNKNOWN_CODE.format(code="GM9999")}


def test_search_by_name_code_and_typo(client: Client) -> None:
    found = client.get("/api/v1/gemeenten", {"q": "hengelo"}).json()
    assert found["gemeenten"] == [{"code": "GM0164", "naam": "Hengelo (O.)", "provincie": "Overijssel"}]
    assert found["bron_vermelding"] == CREDIT
    assert [g["code"] for g in client.get("/api/v1/gemeenten", {"q": "344"}).json()["gemeenten"]] == [
        "GM0344"
    ]
    typo = client.get("/api/v1/gemeenten", {"q": "utrect"}).json()
    assert typo["gemeenten"] == [] and typo["suggesties"][0]["code"] == "GM0344"
    assert len(client.get("/api/v1/gemeenten").json()["gemeenten"]) == 342


def test_openapi_is_valid_31_and_lists_paths_and_responses(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    validate(spec)  # OpenAPI 3.1 schema validation (openapi-spec-validator picks the version)
    assert spec["openapi"].startswith("3.1")
    startfoto = spec["paths"]["/api/v1/startfoto/{code}"]["get"]
    assert set(startfoto["responses"]) == {"200", "404"}
    assert startfoto["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/StartfotoOut"
    }
    assert "/api/v1/gemeenten" in spec["paths"]
    assert "vergelijking" in spec["components"]["schemas"]["Indicator"]["properties"]
