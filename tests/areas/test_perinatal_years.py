"""Impossible years are refused: a perinatal row for a municipality in a year it did not exist is an
error with file, line and reason, and nothing is written (else it double-counts in the region sums)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.areas.helpers import db_state

from kansrijk.areas.models import Observation
from kansrijk.areas.perinatal_errors import PerinatalFileError
from kansrijk.areas.perinatal_years import MunicipalityYears, municipality_years

pytestmark = pytest.mark.django_db

HEADER = "gebiedscode;jaar;indicator;teller;noemer;percentage"


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "perined_jaren.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("GM0457;2024;vroeggeboorte;30;400;", "regel 3, kolom 2: gemeente GM0457 bestond niet in 2024"),
        ("GM1992;2019;vroeggeboorte;30;400;", "regel 3, kolom 2: gemeente GM1992 bestond niet in 2019"),
    ],
)
def test_row_for_a_year_the_municipality_did_not_exist_is_refused_and_nothing_written(
    tmp_path: Path, row: str, message: str
) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    before = db_state()
    path = write(tmp_path, ["GM0363;2022;vroeggeboorte;500;9000;", row])
    with pytest.raises(PerinatalFileError, match=message) as caught:
        perinatal_import(path=path, source="Perined")
    assert str(caught.value).startswith("perined_jaren.csv, regel 3")
    assert db_state() == before  # the good first row is not written either


def test_valid_years_are_imported(tmp_path: Path) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    rows = [
        "GM0457;2021;vroeggeboorte;30;400;",  # Weesp: in the 2019 and 2022 lists, so also in 2021
        "GM0457;2022;vroeggeboorte;31;410;",  # in the 2022 list (joined Amsterdam during 2022)
        "GM1992;2023;vroeggeboorte;40;900;",  # Voorne aan Zee from 2023
        "GM0363;2024;vroeggeboorte;500;9000;",
    ]
    run = perinatal_import(path=write(tmp_path, rows), source="Perined")
    assert run.rows == 4
    assert Observation.objects.filter(indicator__key="vroeggeboorte", area__code="GM0457").count() == 2


def test_years_between_lists_follow_the_known_start_and_end() -> None:
    years = municipality_years()
    assert {2012, 2019, 2022, 2024, 2025} <= set(years.lists) and 2020 not in years.lists
    # Eemsdelta (GM1979) from 1 January 2021, out of Appingedam (GM0003), Delfzijl and Loppersum.
    assert years.problem("GM1979", 2021) is None
    assert "bestond niet in 2020" in (years.problem("GM1979", 2020) or "")
    assert years.problem("GM0003", 2020) is None
    assert "bestond niet in 2021" in (years.problem("GM0003", 2021) or "")
    assert years.problem("GM0363", 2026) is None  # current, after the newest list: no known end
    assert "bestond niet in 2026" in (years.problem("GM0457", 2026) or "")
    assert "geen gemeentelijke indeling" in (years.problem("GM0363", 2005) or "")


def test_a_code_in_one_neighbouring_list_only_without_a_known_date_is_refused() -> None:
    years = MunicipalityYears(lists=(2012, 2017), spans={"GM0001": (2012, 2012), "GM0002": (None, None)})
    assert "niet bekend" in (years.problem("GM0001", 2014) or "")
    assert "niet bekend in welke jaren" in (years.problem("GM0002", 2012) or "")
