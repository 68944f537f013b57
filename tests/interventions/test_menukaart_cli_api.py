"""`kansrijk menukaart --format json` and GET /api/v1/menukaart: the same JSON, with the contract keys."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse

from kansrijk.api.menukaart import Interventie, menukaart
from kansrijk.interventions.exports_menukaart import menukaart_export
from kansrijk.interventions.models import Intervention

pytestmark = pytest.mark.django_db

KEYS = {
    "naam",
    "slug",
    "fases",
    "themas",
    "doelgroep",
    "voorwaarden",
    "uitvoering",
    "erkenning",
    "licentiehouder",
    "bron",
}


def _cli() -> list[dict[str, object]]:
    out = io.StringIO()
    call_command("menukaart", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_cli_has_the_contract_keys() -> None:
    rows = _cli()
    assert rows and all(set(r) >= KEYS for r in rows)
    by_slug = {r["slug"]: r for r in rows}
    assert by_slug["voorzorg"]["erkenning"] == {
        "oordeel": "Effectief – goede aanwijzingen",
        "datum": "2021-09-30",
        "databank": "rivm_lgl",
        "toelichting": "Eerder oordeel op 1 oktober 2015.",
    }
    assert by_slug["buurtgezinnen"]["erkenning"]["oordeel"] is None
    assert set(by_slug["home-start"]["uitvoering"]) == {"soorten", "domein", "tekst"}


def test_cli_leaves_out_inactive_interventions() -> None:
    Intervention.objects.filter(slug="voorzorg").update(is_active=False)
    assert "voorzorg" not in {r["slug"] for r in _cli()}


def test_api_function_equals_the_cli_and_fits_the_schema() -> None:
    payload = menukaart(None)  # type: ignore[arg-type]
    assert payload == _cli() == menukaart_export()
    for row in payload:
        assert Interventie.model_validate(row).model_dump() == row


def test_api_url_is_public_and_equals_the_cli() -> None:
    try:
        url = reverse("api:menukaart")
    except NoReverseMatch:
        pytest.skip("router nog niet geregistreerd in api/api.py (de lead voegt de regel toe)")
    response = Client().get(url)
    assert response.status_code == 200
    assert response.json() == _cli()
    schema = Client().get(reverse("api:openapi-json")).json()
    assert "/api/v1/menukaart" in schema["paths"]
