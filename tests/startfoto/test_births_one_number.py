"""Births are one number (issue 10): one derivation, honest precision, one small-number rule — the same on
the card, in the exports and in the atlas panel."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kansrijk.atlas.services import atlas_model_ensure
from kansrijk.startfoto.births import births_estimate


def test_the_estimate_says_what_the_rounded_rate_supports() -> None:
    # Amsterdam 2022: rate 11 per 1,000, 882,633 inhabitants → 9,709 derived births.
    est = births_estimate(9709.0, 11.0)
    assert est is not None and est.text == "≈ 9.700" and est.value == 9700
    assert (est.lower, est.upper) == (9200, 10200)  # 10.5/11 and 11.5/11 of 9,709, outward to hundreds
    assert est.interval == "tussen 9.200 en 10.200"


def test_below_ten_is_less_than_ten_everywhere() -> None:
    est = births_estimate(4.72, 5.0)  # Schiermonnikoog
    assert est is not None and est.text == "<10" and est.value is None and est.interval == ""
    assert births_estimate(None, 5.0) is None


@pytest.mark.django_db
def test_card_exports_and_atlas_panel_agree(client: Client) -> None:
    atlas_model_ensure()  # the panel shows the latest atlas model; build it as a visit to /atlas/ would
    html = client.get("/startfoto/GM0363/").content.decode()
    data = client.get("/startfoto/GM0363/startfoto.json").json()
    births = next(i for i in data["indicatoren"] if i["key"] == "geboorten")
    assert births["waarde"] % 100 == 0 and births["ondergrens"] < births["waarde"] < births["bovengrens"]
    text = f"≈ {births['waarde']:,}".replace(",", ".")
    assert text in html  # the card
    assert "9.709" not in html  # never the false precision
    row = next(
        r for r in csv.DictReader(io.StringIO(client.get("/startfoto/GM0363/startfoto.csv").content.decode()))
        if r["key"] == "geboorten"
    )  # fmt: skip
    assert row["waarde"] == str(births["waarde"])
    # The atlas panel on the same page writes its births (today's boundaries, with Weesp) the same way.
    assert "geboorten per jaar (in de gemeentegrenzen van nu)" in html
    assert "van de ≈ " in html


@pytest.mark.django_db
def test_a_small_municipality_shows_less_than_ten(client: Client) -> None:
    data = client.get("/startfoto/GM0088/startfoto.json").json()  # Schiermonnikoog
    births = next(i for i in data["indicatoren"] if i["key"] == "geboorten")
    assert births["waarde"] is None and births["toelichting"] == "minder dan 10"
    html = client.get("/startfoto/GM0088/").content.decode()
    assert "4,72" not in html and "4.72" not in html
