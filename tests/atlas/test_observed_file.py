"""Uploaded observed counts: every problem reported in Dutch with file, line and column."""

from __future__ import annotations

import pytest

from kansrijk.atlas.fit import ObservedFileError, read_observed

KNOWN = {"WK059901", "WK059903", "WK036300"}


def _errors(text: str) -> list[str]:
    with pytest.raises(ObservedFileError) as exc:
        read_observed(text=text, name="tellingen.csv", known_codes=KNOWN)
    return exc.value.errors


def test_valid_file_sums_years_per_wijk_and_accepts_semicolons() -> None:
    obs = read_observed(
        text="wijkcode;jaar;geboorten;kwetsbaar\nWK059901;2022;100;12\nWK059901;2023;80;9\nWK059903;2022;50;0\n",
        name="t.csv",
        known_codes=KNOWN,
    )
    assert obs.wijk_codes == ["WK059901", "WK059903"]
    assert obs.births.tolist() == [180, 50] and obs.vulnerable.tolist() == [21, 0]
    assert obs.years == [2022, 2023]


def test_wrong_columns() -> None:
    assert _errors("wijk,jaar,n,k\nWK059901,2022,1,0\n") == [
        "tellingen.csv: regel 1: verwachte kolommen wijkcode,jaar,geboorten,kwetsbaar; gevonden: wijk,jaar,n,k."
    ]


def test_text_in_numbers_unknown_codes_too_many_and_duplicates() -> None:
    errors = _errors(
        "wijkcode,jaar,geboorten,kwetsbaar\n"
        "WK059901,2022,honderd,3\n"
        "WK999999,2022,10,1\n"
        "WK059903,2022,10,11\n"
        "WK036300,2022,10,1\n"
        "WK036300,2022,12,1\n"
    )
    assert errors == [
        "tellingen.csv: regel 2, kolom geboorten: 'honderd' is geen geheel getal.",
        "tellingen.csv: regel 3, kolom wijkcode: onbekende wijkcode 'WK999999' "
        "(verwacht een wijkcode uit de indeling 2024, bijv. WK059901).",
        "tellingen.csv: regel 4, kolom kwetsbaar: 11 is groter dan geboorten (10).",
        "tellingen.csv: regel 6: wijk WK036300 met jaar 2022 staat er dubbel in (ook op regel 5).",
    ]


def test_empty_and_negative() -> None:
    assert _errors("") == ["tellingen.csv: het bestand is leeg."]
    assert _errors("wijkcode,jaar,geboorten,kwetsbaar\nWK059901,2022,-1,0\n") == [
        "tellingen.csv: regel 2, kolom geboorten: -1 is negatief."
    ]
