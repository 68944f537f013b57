"""Counts are never derived from rounded percentages (issue 10): Amsterdam's inhabitants 0–15 and 15–25
both rounded to the same percentage, so a "count" from them read 121.069 twice. Where CBS publishes only
a rounded rate, page and exports show the rate and the real denominator, never a made-up teller."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client

from kansrijk.areas.catalogue import counts_are_published


def test_the_rule_per_indicator() -> None:
    assert not counts_are_published("pct_0_15")  # a rounded share of inhabitants
    assert not counts_are_published("pct_hh_laag_inkomen")
    assert counts_are_published("inwoners")  # a published count
    assert counts_are_published("vroeggeboorte")  # perinatal: imported tellers


@pytest.mark.django_db
def test_exports_leave_the_teller_empty_for_rates(client: Client) -> None:
    data = client.get("/startfoto/GM0363/startfoto.json").json()
    by_key = {ind["key"]: ind for ind in data["indicatoren"]}
    for key in ("pct_0_15", "pct_15_25"):
        ind = by_key[key]
        assert ind["waarde"] is not None and ind["teller"] is None and ind["noemer"] is not None
        assert all(d["teller"] is None for d in ind["vergelijking_gebieden"].values())
    assert by_key["inwoners"]["teller"] is not None or by_key["inwoners"]["waarde"] is not None
    rows = {
        r["key"]: r
        for r in csv.DictReader(io.StringIO(client.get("/startfoto/GM0363/startfoto.csv").content.decode()))
    }
    assert rows["pct_0_15"]["teller"] == "" and rows["pct_15_25"]["teller"] == ""


@pytest.mark.django_db
def test_the_page_shows_no_count_line_for_rates(client: Client) -> None:
    html = client.get("/startfoto/GM0363/").content.decode()
    assert "inwoners 0 tot 15 jaar van" not in html and "inwoners 15 tot 25 jaar van" not in html
