""" "Built from X of Y municipalities" reaches the exports (issue 10): a region value computed from only
part of its municipalities says so in the JSON (per comparison) and in the CSV (one column)."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kansrijk.areas.models import AreaLevel, Observation


@pytest.mark.django_db
def test_partial_region_values_carry_their_note_into_json_and_csv(client: Client) -> None:
    data = client.get("/startfoto/GM0363/startfoto.json").json()
    noted = {
        ind["key"]: detail
        for ind in data["indicatoren"]
        for detail in ind["vergelijking_gebieden"].values()
        if detail["toelichting"]
    }
    # The real CBS files leave some municipalities without a value, so some region values are partial.
    assert Observation.objects.filter(area__level=AreaLevel.NL, note__startswith="gebaseerd op").exists()
    assert noted, "no partial region value among Amsterdam's comparisons"
    rows = {
        r["key"]: r
        for r in csv.DictReader(io.StringIO(client.get("/startfoto/GM0363/startfoto.csv").content.decode()))
    }
    for key, detail in noted.items():
        assert f"{detail['naam']}: {detail['toelichting']}" in rows[key]["vergelijking_toelichting"]
        assert any(w in detail["toelichting"] for w in ("gebaseerd op", "opgeheven", "per definitie"))
