"""`kansrijk balans SLUG --format json` and GET /api/v1/balans/{slug} (401 / 403 / 404)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from ninja.testing import TestClient

from kansrijk.api.balans import router
from kansrijk.interventions.exports_balans import balans_export
from kansrijk.interventions.models import Need
from tests.interventions import balans_support as support
from tests.personas import Cast


def _check_shape(payload: dict) -> None:
    assert payload["coalitie"] == "test" and payload["bron"] == "Bron: CBS / PDOK, CC BY 4.0"
    assert len(payload["cellen"]) == len(Need) * 4
    cell = payload["cellen"][0]
    assert set(cell) >= {"fase", "thema", "behoefte", "aanbod", "gat", "wat_gaat_goed", "hiaten"}
    assert set(cell["behoefte"]) == {"niveau", "indicatoren", "toelichting"}
    assert cell["behoefte"]["niveau"] in {"hoog", "gemiddeld", "laag", "onbekend"}


def test_cli_prints_the_balans_as_json(cast: Cast) -> None:
    item = support.intervention("Schuldhulp Zwanger", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    support.offer(cast.coalition, item, phases=["zwangerschap"])
    out = io.StringIO()
    call_command("balans", "test", "--format", "json", stdout=out)
    payload = json.loads(out.getvalue())
    _check_shape(payload)
    cell = next(c for c in payload["cellen"] if (c["fase"], c["thema"]) == ("zwangerschap", "financien"))
    assert cell["gat"] is False
    assert cell["aanbod"] == [
        {
            "interventie": "Schuldhulp Zwanger",
            "partner": "JGZ Test",
            "capaciteit_per_jaar": 40,
            "wachttijd_dagen": 14,
        }
    ]
    figure = next(
        f for f in cell["behoefte"]["indicatoren"] if f["titel"] == "Huishoudens rond het sociaal minimum"
    )
    assert {"titel", "waarde", "nederland", "jaar", "bron"} <= set(figure)
    assert payload == balans_export(cast.coalition)


def test_cli_unknown_slug_exits_2_with_one_dutch_line(cast: Cast) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("balans", "bestaat-niet", stderr=err)
    assert exc.value.code == 2
    assert err.getvalue().strip() == "Onbekende coalitie: bestaat-niet. Zie `kansrijk coalitie list`."


def test_api_needs_login_and_membership(cast: Cast) -> None:
    client = TestClient(router)
    assert client.get("/test").status_code == 401
    assert client.get("/test", user=cast.other_coordinator).status_code == 403
    assert client.get("/test", user=cast.outsider).status_code == 403
    assert client.get("/onbekend", user=cast.coordinator).status_code == 404
    for user in (cast.coordinator, cast.partner_member, cast.national):
        response = client.get("/test", user=user)
        assert response.status_code == 200, user
        _check_shape(response.json())
