"""Finding a municipality: common names and aliases, no apostrophe, no accents, typos, postcodes.

Runs on the real open data (loaded once per session), through the one search function every page uses.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansrijk.areas.models import PostcodeArea
from kansrijk.areas.selectors import municipality_search

pytestmark = pytest.mark.django_db


def exact(query: str) -> list[str]:
    return [a.code for a in municipality_search(query).exact]


def single(query: str) -> str:
    found = municipality_search(query).single
    return found.code if found else ""


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Den Haag", "GM0518"),  # 's-Gravenhage
        ("the hague", "GM0518"),
        ("Den Bosch", "GM0796"),  # 's-Hertogenbosch
        ("s-Hertogenbosch", "GM0796"),
        ("'s Hertogenbosch", "GM0796"),
        ("s hertogenbosch", "GM0796"),
        ("Sudwest Fryslan", "GM1900"),  # Súdwest-Fryslân
        ("zuidwest-friesland", "GM1900"),
        ("Noardeast Fryslan", "GM1970"),
    ],
)
def test_common_names_apostrophe_and_accents_open_one_municipality(query: str, code: str) -> None:
    assert exact(query) == [code]
    assert single(query) == code


def test_alias_prefix_is_listed() -> None:
    assert "GM0518" in [a.code for a in municipality_search("den ha").partial]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Amsterdm", "GM0363"),
        ("Utreht", "GM0344"),
        ("Utrect", "GM0344"),
        ("Rotterdma", "GM0599"),
        ("Utreh", "GM0344"),  # a typo in a prefix
        ("Groningn", "GM0014"),
        ("Den Haga", "GM0518"),  # a typo in an alias
    ],
)
def test_typos_are_suggested_not_opened(query: str, code: str) -> None:
    result = municipality_search(query)
    assert result.single is None and not result.matches  # a typo is never accepted silently
    assert result.suggestions[0].code == code


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("1012", "GM0363"),  # Amsterdam centre
        ("1012 AB", "GM0363"),
        ("1012ab", "GM0363"),
        (" 1012 ab ", "GM0363"),
        ("1381", "GM0363"),  # Weesp, part of Amsterdam since 2022
        ("3231", "GM1992"),  # Brielle → Voorne aan Zee (2023)
        ("3221", "GM1992"),  # Hellevoetsluis
        ("3235", "GM1992"),  # Rockanje, Westvoorne
        ("5831", "GM1982"),  # Boxmeer → Land van Cuijk (2022)
        ("5076", "GM0824"),  # Haaren (divided in 2021) → Oisterwijk
        ("5296", "GM0757"),  # Esch (Haaren) → Boxtel
    ],
)
def test_postcode_finds_todays_municipality(query: str, code: str) -> None:
    assert single(query) == code


def test_postcode_and_code_both_listed_postcode_first() -> None:
    # "1992" is a postcode in Velsen and the code of Voorne aan Zee.
    assert exact("1992") == ["GM0453", "GM1992"]
    assert exact("GM1992") == ["GM1992"]  # with the prefix it is only a code
    assert exact("363") == ["GM0363"]


@pytest.mark.parametrize("query", ["0000", "1099", "12345", "10 12"])
def test_unknown_postcode_finds_nothing_without_error(query: str) -> None:
    result = municipality_search(query)
    assert not result.matches and not result.suggestions and result.single is None


def test_postcode_letters_are_not_checked() -> None:
    assert exact("9999 ZZ") == ["GM1966"]  # Stitswerd, Het Hogeland: PC4 decides


def test_postcode_search_is_one_query() -> None:
    with CaptureQueriesContext(connection) as queries:
        municipality_search("1012 AB")
    assert len(queries) == 1


def test_postcode_table_points_only_at_current_municipalities() -> None:
    assert PostcodeArea.objects.count() > 4000
    assert not PostcodeArea.objects.filter(municipality__current=False).exists()
    weesp = PostcodeArea.objects.get(postcode="1381")
    assert (weesp.place, weesp.source_municipality, weesp.municipality.code) == ("Weesp", "Weesp", "GM0363")


def test_api_gemeenten_finds_amsterdam_by_postcode(client: Client) -> None:
    response = client.get("/api/v1/gemeenten", {"q": "1012"})
    assert response.status_code == 200
    body = response.json()
    assert body["gemeenten"] == [{"code": "GM0363", "naam": "Amsterdam", "provincie": "Noord-Holland"}]
    assert body["suggesties"] == []
    assert set(body) == {"gemeenten", "suggesties", "bron_vermelding"}


def test_api_gemeenten_unknown_postcode_is_empty_not_an_error(client: Client) -> None:
    response = client.get("/api/v1/gemeenten", {"q": "0000"})
    assert response.status_code == 200
    assert response.json()["gemeenten"] == []


@pytest.mark.parametrize(("query", "code"), [("1381 AA", "GM0363"), ("Den Bosch", "GM0796")])
def test_startfoto_search_page_opens_the_municipality(client: Client, query: str, code: str) -> None:
    response = client.get(reverse("startfoto:zoek"), {"q": query})
    assert response.status_code == 302
    assert response["Location"] == reverse("startfoto:detail", kwargs={"code": code})


def test_startfoto_search_page_unknown_postcode_shows_the_page(client: Client) -> None:
    response = client.get(reverse("startfoto:zoek"), {"q": "0000"})
    assert response.status_code == 200
    assert response.context["result"].matches == []
