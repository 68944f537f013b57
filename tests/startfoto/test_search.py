"""Search by name or code: suffixes, typos, codes, nothing found."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.areas.selectors import municipality_search

pytestmark = pytest.mark.django_db


def test_name_without_suffix_finds_hengelo_overijssel(client: Client) -> None:
    result = municipality_search("Hengelo")
    assert [a.name for a in result.exact] == ["Hengelo (O.)"]
    response = client.get(reverse("startfoto:zoek"), {"q": "Hengelo"})
    assert response.status_code == 302 and response["Location"] == "/startfoto/GM0164/"


@pytest.mark.parametrize("query", ["GM0363", "gm0363", "363", " GM0363 "])
def test_code_opens_the_page(client: Client, query: str) -> None:
    response = client.get(reverse("startfoto:zoek"), {"q": query})
    assert response.status_code == 302 and response["Location"] == "/startfoto/GM0363/"


def test_typo_suggests_utrecht(client: Client) -> None:
    result = municipality_search("Utrect")
    assert result.single is None and result.suggestions[0].code == "GM0344"
    response = client.get(reverse("startfoto:zoek"), {"q": "Utrect"})
    assert response.status_code == 200
    assert 'href="/startfoto/GM0344/"' in response.content.decode()
    assert "Bedoelde u:" in response.content.decode()


def test_accents_and_apostrophes_are_ignored() -> None:
    assert [a.code for a in municipality_search("s-Hertogenbosch").exact] == ["GM0796"]
    assert [a.code for a in municipality_search("súdwest fryslan").exact] == ["GM1900"]


def test_several_matches_show_a_list(client: Client) -> None:
    response = client.get(reverse("startfoto:zoek"), {"q": "Bergen"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bergen (L.)" in body and "Bergen (NH.)" in body


def test_nonsense_gives_a_helpful_message(client: Client) -> None:
    response = client.get(reverse("startfoto:zoek"), {"q": "qxzvwk"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geen gemeente gevonden voor “qxzvwk”" in body
    assert "GM0344" in body  # the tip to search by code
    assert "Bron: CBS / PDOK, CC BY 4.0" in body


def test_empty_search_shows_the_form(client: Client) -> None:
    response = client.get(reverse("startfoto:zoek"))
    assert response.status_code == 200
    assert 'for="id_q"' in response.content.decode()
