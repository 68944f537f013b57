"""The perinatal publication against the adversary: after a real import, the integer programme over every
published table (municipality, GGD region, province, Nederland, peer group) and every year pins down
no withheld teller or noemer to a range narrower than 10. The adversary's model is built here from the
published observations and the public region membership, independently of the import code."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from kansrijk.areas.models import Area, AreaLevel, Observation
from kansrijk.core.disclosure import HIDDEN_LABEL, THRESHOLD, Tables, Total, attack

pytestmark = pytest.mark.django_db

HEADER = "gebiedscode;jaar;indicator;teller;noemer;percentage"
GGD_AMSTERDAM = {
    "GM0363": "Amsterdam",
    "GM0362": "Amstelveen",
    "GM0358": "Aalsmeer",
    "GM0451": "Uithoorn",
    "GM0384": "Diemen",
    "GM0437": "Ouder-Amstel",
}
# (code, 2022 teller, noemer, 2023 teller, noemer): GGD Amsterdam as reported (Uithoorn 10, Diemen and
# Ouder-Amstel 0 in 2022), plus municipalities elsewhere in Noord-Holland and in Utrecht, so the
# province, Nederland and the peer groups are published tables with more than one member.
ROWS = [
    ("GM0363", 500, 9000, 480, 8800),
    ("GM0362", 40, 900, 38, 880),
    ("GM0358", 15, 350, 14, 340),
    ("GM0451", 10, 300, 3, 290),
    ("GM0384", 0, 280, 12, 270),
    ("GM0437", 0, 130, 9, 140),
    ("GM0392", 80, 1500, 75, 1450),
    ("GM0479", 70, 1600, 66, 1550),
    ("GM0439", 12, 800, 30, 790),
    ("GM0344", 200, 4000, 190, 3900),
]


def import_file(tmp_path: Path) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    lines = [HEADER]
    for code, t22, n22, t23, n23 in ROWS:
        lines += [f"{code};2022;vroeggeboorte;{t22};{n22};", f"{code};2023;vroeggeboorte;{t23};{n23};"]
    path = tmp_path / "perined.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    perinatal_import(path=path, source="Perined test")


def adversary_tables() -> tuple[Tables, set[tuple[str, int, str]]]:
    """Every published perinatal table of every year, as the adversary sees it: cells are (teller |
    noemer, year, area code) with their true values; `hidden` are the cells shown without a value."""
    nl = Area.objects.get(level=AreaLevel.NL).code
    regions_of = {
        code: [r for r in (nl, province, ggd, peers) if r]
        for code, province, ggd, peers in Area.objects.filter(level=AreaLevel.MUNICIPALITY).values_list(
            "code", "province__code", "ggd_region__code", "peer_group__code"
        )
    }
    cells: dict[object, int] = {}
    hidden: set[tuple[str, int, str]] = set()
    members: dict[tuple[int, str], list[str]] = {}
    for code, level, year, value, num, den, note in Observation.objects.filter(
        indicator__key="vroeggeboorte"
    ).values_list("area__code", "area__level", "year", "value", "numerator", "denominator", "note"):
        cells[("teller", year, code)] = round(num)
        cells[("noemer", year, code)] = round(den)
        if value is None:
            assert note == HIDDEN_LABEL  # one neutral label, whatever the reason
            hidden |= {("teller", year, code), ("noemer", year, code)}
        if level == AreaLevel.MUNICIPALITY:
            for region in regions_of[code]:
                members.setdefault((year, region), []).append(code)
    totals = [
        Total((kind, year, region), tuple((kind, year, c) for c in codes))
        for (year, region), codes in members.items()
        for kind in ("teller", "noemer")
    ]
    areas = {(year, code) for _kind, year, code in cells}  # type: ignore[misc]
    at_most = tuple((("teller", y, a), ("noemer", y, a)) for y, a in areas)
    return Tables(cells=cells, totals=tuple(totals), at_most=at_most), hidden


def test_reported_case_is_no_longer_recoverable_from_any_published_table(tmp_path: Path) -> None:
    import_file(tmp_path)
    tables, hidden = adversary_tables()
    for code in ("GM0451", "GM0384", "GM0437"):  # Uithoorn, Diemen, Ouder-Amstel
        assert ("teller", 2022, code) in hidden
    start = time.perf_counter()
    ranges = attack(tables, hidden)
    seconds = time.perf_counter() - start
    narrow = {cell: r for cell, r in ranges.items() if r[1] - r[0] < THRESHOLD}
    assert not narrow, f"the adversary pins these down: {narrow}"
    assert ranges[("teller", 2022, "GM0451")][0] < 10  # no longer "Uithoorn = 10"
    assert seconds < 20, f"the attack took {seconds:.1f} s"
    # Every value published is at least the threshold (counts below 10 are withheld, 0 included).
    published = {c: v for c, v in tables.cells.items() if c not in hidden}
    assert all(v >= THRESHOLD for c, v in published.items() if c[0] == "teller")  # type: ignore[index]


def test_published_startfoto_shows_one_neutral_label_and_no_counts(tmp_path: Path) -> None:
    from kansrijk.startfoto.exports import startfoto_to_dict
    from kansrijk.startfoto.selectors import startfoto_build

    import_file(tmp_path)
    uithoorn = Area.objects.get(code="GM0451")
    data = startfoto_to_dict(startfoto_build(municipality=uithoorn))
    figure = next(f for f in data["perinataal"]["indicatoren"] if f["key"] == "vroeggeboorte")
    assert (figure["waarde"], figure["teller"], figure["noemer"]) == (None, None, None)
    assert figure["toelichting"] == HIDDEN_LABEL
    assert {p["toelichting"] for p in figure["trend"] if p["waarde"] is None} <= {HIDDEN_LABEL}
    text = json.dumps(data, ensure_ascii=False)
    assert "minder dan 10" not in text and "aanvullend" not in text
