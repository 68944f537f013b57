"""Perinatal CSV checks and the suppression rule: pure functions, no database."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansrijk.areas.perinatal_errors import PerinatalFileError
from kansrijk.areas.perinatal_parse import parse_perinatal_csv
from kansrijk.areas.perinatal_suppression import (
    COMPLEMENTARY,
    PRIMARY,
    REGION_RECOVERABLE,
    Cell,
    region_note,
    suppress,
)

LEVELS = {
    "GM0014": "gemeente",
    "GM0034": "gemeente",
    "GM0164": "gemeente",
    "PV20": "provincie",
    "NL00": "land",
}
HEADER = "gebiedscode;jaar;indicator;teller;noemer;percentage"
GOOD = ["GM0014;2022;vroeggeboorte;150;2300;6,5", "GM0034;2022;vroeggeboorte;170;2500;"]


def write(tmp_path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path = tmp_path / "perined.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_semicolon_with_decimal_comma_and_comma_files_both_parse(tmp_path: Path) -> None:
    rows = parse_perinatal_csv(write(tmp_path, [HEADER, *GOOD]), municipalities=LEVELS)
    assert [(r.code, r.numerator, r.denominator, r.percentage) for r in rows] == [
        ("GM0014", 150, 2300, 6.5),
        ("GM0034", 170, 2500, None),
    ]
    comma = ["gebiedscode,jaar,indicator,teller,noemer", "GM0164,2022,sga,12,300"]
    assert parse_perinatal_csv(write(tmp_path, comma), municipalities=LEVELS)[0].indicator == "sga"
    bom = write(tmp_path, [HEADER, GOOD[0]], encoding="utf-8-sig")  # Excel "CSV UTF-8"
    assert len(parse_perinatal_csv(bom, municipalities=LEVELS)) == 1


@pytest.mark.parametrize(
    ("lines", "where", "message"),
    [
        (["gebiedscode|jaar|indicator|teller|noemer"], "regel 1", "kopregel is niet te lezen"),
        (["gebiedscode;jaar;indicator;teller"], "regel 1", "verplichte kolom(men) ontbreken: noemer"),
        (
            ["gebiedscode;jaar;indicator;teller;noemer;opmerking"],
            "regel 1, kolom 6",
            "onbekende kolom 'opmerking'",
        ),
        (
            [HEADER, "GM0014;2022;vroeggeboorte;150;2300;6,5", "GM0014;2022;vroeggeboorte;1;2;50"],
            "regel 3",
            "dubbele regel: GM0014, 2022, vroeggeboorte staat ook op regel 2",
        ),
        (
            [HEADER, "GM0014;2022;vroegeboorte;150;2300;"],
            "regel 2, kolom 3",
            "onbekende indicator 'vroegeboorte'",
        ),
        (
            [HEADER, "GM0014;2022;vroeggeboorte;veel;2300;"],
            "regel 2, kolom 4",
            "teller moet een heel getal zijn",
        ),
        (
            [HEADER, "GM0014;2022;vroeggeboorte;150;2.300;"],
            "regel 2, kolom 5",
            "noemer moet een heel getal zijn",
        ),
        (
            [HEADER, "GM9999;2022;vroeggeboorte;150;2300;"],
            "regel 2, kolom 1",
            "onbekende gemeentecode GM9999",
        ),
        ([HEADER, "PV20;2022;vroeggeboorte;150;2300;"], "regel 2, kolom 1", "'PV20' is geen gemeentecode"),
        ([HEADER, "WK001400;2022;vroeggeboorte;150;2300;"], "regel 2, kolom 1", "geen gemeentecode"),
        (
            [HEADER, "GM0014;2022;vroeggeboorte;2400;2300;"],
            "regel 2, kolom 4",
            "teller (2400) is groter dan noemer",
        ),
        ([HEADER, "GM0014;2022;vroeggeboorte;-1;2300;"], "regel 2, kolom 4", "teller mag niet negatief zijn"),
        ([HEADER, "GM0014;2022;vroeggeboorte;150;2300;106"], "regel 2, kolom 6", "ligt niet tussen 0 en 100"),
        (
            [HEADER, "GM0014;2022;vroeggeboorte;150;2300;7,5"],
            "regel 2, kolom 6",
            "percentage 7,5 past niet bij teller/noemer (150/2300 = 6.52%)",
        ),
        ([HEADER, "GM0014;2022;vroeggeboorte;150;2300;6,5;x"], "regel 2", "7 velden gevonden, 6 verwacht"),
        ([HEADER, "GM0014;zesentwintig;vroeggeboorte;150;2300;"], "regel 2, kolom 2", "ongeldig jaar"),
        ([HEADER], "regel 2", "geen gegevensregels"),
    ],
)
def test_bad_files_name_file_line_and_column(
    tmp_path: Path, lines: list[str], where: str, message: str
) -> None:
    with pytest.raises(PerinatalFileError) as exc:
        parse_perinatal_csv(write(tmp_path, lines), municipalities=LEVELS)
    assert str(exc.value).startswith(f"perined.csv, {where}:")
    assert message in str(exc.value)


def test_wrong_encoding_is_rejected_with_its_line(tmp_path: Path) -> None:
    path = write(
        tmp_path, [HEADER, "GM0014;2022;vroeggeboorte;150;2300;", "GM0034;2022;sga;5;9;  é"], "cp1252"
    )
    with pytest.raises(PerinatalFileError, match=r"perined.csv, regel 3: het bestand is niet in UTF-8"):
        parse_perinatal_csv(path, municipalities=LEVELS)


def test_primary_suppression_below_ten() -> None:
    cells = [Cell("A", 9), Cell("B", 10), Cell("C", 40), Cell("D", 30)]
    assert suppress(cells, {"R": ["A", "B"], "S": ["C", "D"]}) == {"A": PRIMARY, "B": COMPLEMENTARY}


def test_complementary_picks_next_smallest_and_cascades_across_regions() -> None:
    # Province P: A hidden → the smallest visible member (B, 12) is hidden too. B is the only hidden one
    # in GGD G, so G's smallest visible member (D, 15; not the larger E) is hidden as well.
    cells = [Cell("A", 3), Cell("B", 12), Cell("C", 50), Cell("D", 15), Cell("E", 80)]
    hidden = suppress(cells, {"P": ["A", "B", "C"], "G": ["B", "D", "E"]})
    assert hidden == {"A": PRIMARY, "B": COMPLEMENTARY, "D": COMPLEMENTARY}
    # Every region now hides 0 or at least 2 members: nothing can be recovered by subtraction.
    for members in (["A", "B", "C"], ["B", "D", "E"]):
        assert sum(m in hidden for m in members) != 1


def test_two_hidden_need_no_complement_and_region_notes() -> None:
    hidden = suppress([Cell("A", 3), Cell("B", 4), Cell("C", 50)], {"P": ["A", "B", "C"]})
    assert hidden == {"A": PRIMARY, "B": PRIMARY}
    assert region_note(57, ["A", "B", "C"], hidden) is None
    assert region_note(7, ["A", "B"], hidden) == PRIMARY  # the region's own count is below 10
    # A region with one hidden municipality and nothing else to hide: the region value is withheld.
    assert region_note(30, ["X"], {"X": PRIMARY}) == REGION_RECOVERABLE
