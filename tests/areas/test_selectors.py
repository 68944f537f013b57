"""Selectors the startfoto pages use: municipality by code, tolerant search, wijken."""

from __future__ import annotations

import pytest

from kansrijk.areas.models import AreaLevel
from kansrijk.areas.selectors import municipality_by_code, municipality_search, wijken_of

pytestmark = pytest.mark.django_db


def first(query: str) -> str:
    found = municipality_search(query)
    return found[0].code if found else ""


def test_by_code() -> None:
    assert municipality_by_code("GM0363").name == "Amsterdam"
    assert municipality_by_code("gm0363").name == "Amsterdam"
    assert municipality_by_code("GM9998") is None
    assert municipality_by_code("PV26") is None  # a province is not a municipality


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("GM0363", "GM0363"),
        ("hengelo", "GM0164"),  # Hengelo (O.)
        ("Hengelo (O.)", "GM0164"),
        ("Utrect", "GM0344"),  # typo
        ("utrecht", "GM0344"),  # exact name before "Utrechtse Heuvelrug"
        ("sgravenhage", "GM0518"),
        ("'s-Gravenhage", "GM0518"),
        ("Den Haag", "GM0518"),
        ("Bergen (NH.)", "GM0373"),
        ("súdwest fryslân", "GM1900"),
        ("SUDWEST-FRYSLAN", "GM1900"),
        ("den bosch", "GM0796"),
    ],
)
def test_search(query: str, code: str) -> None:
    assert first(query) == code


def test_search_prefix_lists_several_and_respects_limit() -> None:
    bergen = [a.code for a in municipality_search("bergen")]
    assert {"GM0373", "GM0893", "GM0748"} <= set(bergen)  # Bergen (NH.), Bergen (L.), Bergen op Zoom
    assert len(municipality_search("a", limit=3)) == 3
    assert municipality_search("") == [] and municipality_search("zzzzqqq") == []


def test_search_only_current_municipalities() -> None:
    assert "GM0003" not in [a.code for a in municipality_search("Appingedam")]  # dissolved 2021


def test_wijken_of() -> None:
    groningen = municipality_by_code("GM0014")
    wijken = list(wijken_of(groningen))
    assert wijken and all(w.level == AreaLevel.WIJK and w.parent_id == groningen.pk for w in wijken)
    assert "WK001400" in [w.code for w in wijken]
