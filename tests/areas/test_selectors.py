"""The area read interface: municipality by code, tolerant search, wijken, small reads for other apps."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.areas.selectors import (
    area_names,
    geometries_by_code,
    municipality_by_code,
    municipality_search,
    wijken_in,
    wijken_of,
)

pytestmark = pytest.mark.django_db


def municipality(code: str) -> Area:
    found = municipality_by_code(code)
    assert found is not None
    return found


def first(query: str) -> str:
    result = municipality_search(query)
    found = result.matches or result.suggestions
    return found[0].code if found else ""


def test_by_code() -> None:
    assert municipality("GM0363").name == "Amsterdam"
    assert municipality("gm0363").name == "Amsterdam"
    assert municipality(" GM0363 ").name == "Amsterdam"
    assert municipality_by_code("GM9998") is None
    assert municipality_by_code("PV26") is None  # a province is not a municipality


def test_by_code_leaves_out_dissolved_unless_asked() -> None:
    assert municipality_by_code("GM0003") is None  # Appingedam, merged into Eemsdelta in 2021
    dissolved = municipality_by_code("GM0003", include_dissolved=True)
    assert dissolved is not None and dissolved.name == "Appingedam" and not dissolved.current


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("GM0363", "GM0363"),
        ("363", "GM0363"),
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


def test_full_official_name_and_alias_open_one_municipality() -> None:
    assert [a.code for a in municipality_search("Bergen (NH.)").exact] == ["GM0373"]
    assert [a.code for a in municipality_search("Den Haag").exact] == ["GM0518"]
    assert [a.code for a in municipality_search("Den Bosch").exact] == ["GM0796"]


def test_search_prefix_lists_several_and_respects_limit() -> None:
    bergen = municipality_search("bergen")
    assert {a.code for a in bergen.exact} == {"GM0373", "GM0893"}  # Bergen (NH.), Bergen (L.)
    assert "GM0748" in [a.code for a in bergen.partial]  # Bergen op Zoom
    assert bergen.single is None
    assert len(municipality_search("a", limit=3).partial) == 3
    for query in ("", "zzzzqqq"):
        nothing = municipality_search(query)
        assert not nothing.matches and not nothing.suggestions


def test_search_only_current_municipalities() -> None:
    result = municipality_search("Appingedam")  # dissolved 2021
    assert "GM0003" not in [a.code for a in result.exact + result.partial + result.suggestions]
    assert municipality_search("GM0003").matches == []


def test_search_is_one_query() -> None:
    with CaptureQueriesContext(connection) as queries:
        municipality_search("Utrect")
    assert len(queries) == 1


def test_wijken_of() -> None:
    groningen = municipality("GM0014")
    wijken = list(wijken_of(groningen))
    assert wijken and all(w.level == AreaLevel.WIJK and w.parent_id == groningen.pk for w in wijken)
    assert "WK001400" in [w.code for w in wijken]


def test_wijken_in_several_municipalities() -> None:
    groningen, utrecht = municipality("GM0014"), municipality("GM0344")
    wijken = list(wijken_in([utrecht, groningen]))
    assert {w.parent_id for w in wijken} == {groningen.pk, utrecht.pk}
    assert wijken[0].parent_id == groningen.pk  # by municipality, then name


def test_area_names_and_geometries() -> None:
    utrecht = municipality("GM0344")
    assert area_names([utrecht.province_id, None]) == {utrecht.province_id: "Utrecht"}
    geometries = geometries_by_code(["WK001400", "WK999999"], AreaLevel.WIJK)
    assert set(geometries) <= {"WK001400"}
