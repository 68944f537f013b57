"""core.disclosure: protection checked by the adversary's own integer programme (no database)."""

from __future__ import annotations

import random
import time

import pytest

from kansrijk.core.disclosure import THRESHOLD, Tables, Total, attack, protect

# GGD Amsterdam as reported: the old rule hid Uithoorn (10, "aanvullend") and Diemen and Ouder-Amstel
# (0 each, "minder dan 10"); the GGD teller and the other members were published.
GGD = {"amsterdam": 500, "amstelveen": 40, "aalsmeer": 15, "uithoorn": 10, "diemen": 0, "ouder_amstel": 0}


def ggd_tables(
    extra_cells: dict[str, int] | None = None, at_most: tuple[tuple[str, str], ...] = ()
) -> Tables:
    cells = {**GGD, "ggd": sum(GGD.values()), **(extra_cells or {})}
    return Tables(cells=cells, totals=(Total("ggd", tuple(GGD)),), at_most=at_most)


def assert_protected(tables: Tables, hidden: frozenset[object] | set[object]) -> None:
    ranges = attack(tables, hidden)
    assert set(ranges) == set(hidden)
    narrow = {c: r for c, r in ranges.items() if r[1] - r[0] < THRESHOLD}
    assert not narrow, f"the adversary pins these down: {narrow}"
    for cell, (lo, hi) in ranges.items():
        assert lo <= tables.cells[cell] <= hi  # the truth is always feasible


def test_the_attack_recovers_the_reported_case_under_the_old_labels() -> None:
    """The regression the issue reports, reproduced: with the two labels as public bounds (≤ 9 for
    'minder dan 10', ≥ 10 for 'aanvullend') the integer programme gives Uithoorn = 10, Diemen = 0 and
    Ouder-Amstel = 0. This is the attack every other test relies on: it can and does fail."""
    labelled = ggd_tables(
        extra_cells={"nine": 9, "ten": 10},
        at_most=(("diemen", "nine"), ("ouder_amstel", "nine"), ("ten", "uithoorn")),
    )
    ranges = attack(labelled, {"uithoorn", "diemen", "ouder_amstel"})
    assert ranges == {"uithoorn": (10, 10), "diemen": (0, 0), "ouder_amstel": (0, 0)}


def test_the_old_greedy_rule_is_recovered_even_without_labels() -> None:
    # The old rule added no complement here (two members hidden), and 0 + 0 = GGD − published.
    ranges = attack(ggd_tables(), {"diemen", "ouder_amstel"})
    assert ranges == {"diemen": (0, 0), "ouder_amstel": (0, 0)}


def test_reported_case_is_protected_with_one_label() -> None:
    tables = ggd_tables()
    hidden = protect(tables)
    assert {"diemen", "ouder_amstel"} <= hidden  # primary, 0 included
    assert "ggd" not in hidden and "amsterdam" not in hidden  # the smallest complement, not the big ones
    assert_protected(tables, hidden)


def test_a_single_hidden_member_gets_a_complement_or_its_total_is_hidden() -> None:
    tables = Tables(cells={"a": 4, "b": 50, "c": 70, "t": 124}, totals=(Total("t", ("a", "b", "c")),))
    hidden = protect(tables)
    assert hidden == {"a", "b"}
    assert_protected(tables, hidden)
    alone = Tables(cells={"a": 4, "t": 4}, totals=(Total("t", ("a",)),))
    assert protect(alone) == {"a", "t"}  # the total equals the member: both go, and then nothing is known


def test_cells_hidden_together_and_at_most_relations() -> None:
    # Teller ≤ noemer, published or withheld together: the noemer of a small teller goes too, and the
    # complement is chosen so that both tables hold.
    cells = {"t1": 3, "n1": 40, "t2": 30, "n2": 300, "t3": 25, "n3": 280, "T": 58, "N": 620}
    tables = Tables(
        cells=cells,
        totals=(Total("T", ("t1", "t2", "t3")), Total("N", ("n1", "n2", "n3"))),
        at_most=(("t1", "n1"), ("t2", "n2"), ("t3", "n3"), ("T", "N")),
        together=(frozenset({"t1", "n1"}), frozenset({"t2", "n2"}), frozenset({"t3", "n3"})),
    )
    hidden = protect(tables)
    assert {"t1", "n1"} <= hidden and len(hidden) == 4
    assert_protected(tables, hidden)


def test_unknown_cells_and_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        Tables(cells={"a": 1}, totals=(Total("t", ("a",)),))
    with pytest.raises(ValueError, match="non-negative"):
        Tables(cells={"a": -1})


def _random_tables(seed: int, municipalities: int = 50) -> Tables:
    """Municipalities in nested provinces and regions plus cross-cutting peer groups, over two years,
    teller and noemer linked: the shape of the perinatal publication."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    cells: dict[object, int] = {}
    totals: list[Total] = []
    at_most = []
    together = []
    for year in (2022, 2023):
        regions: dict[str, list[str]] = {"NL": []}
        for i in range(municipalities):
            code = f"GM{i}"
            births = int(rng.lognormvariate(5.0, 0.9)) + 5
            cells[("t", year, code)] = sum(rng.random() < 0.07 for _ in range(births))
            cells[("n", year, code)] = births
            for region in ("NL", f"PV{i % 4}", f"GGD{i % 8}", f"VG{rng.randrange(5)}"):
                regions.setdefault(region, []).append(code)
        for region, codes in regions.items():
            for kind in ("t", "n"):
                cells[(kind, year, region)] = sum(cells[(kind, year, c)] for c in codes)
                totals.append(Total((kind, year, region), tuple((kind, year, c) for c in codes)))
        for area in [*regions, *(f"GM{i}" for i in range(municipalities))]:
            at_most.append((("t", year, area), ("n", year, area)))
            together.append(frozenset({("t", year, area), ("n", year, area)}))
    return Tables(cells=cells, totals=tuple(totals), at_most=tuple(at_most), together=tuple(together))


@pytest.mark.parametrize("seed", [1, 2])
def test_random_linked_tables_over_two_years_hold_against_the_attack(seed: int) -> None:
    tables = _random_tables(seed)
    start = time.perf_counter()
    hidden = protect(tables)
    assert any(v < THRESHOLD for v in tables.cells.values())
    assert all(c in hidden for c, v in tables.cells.items() if v < THRESHOLD)
    assert_protected(tables, hidden)
    assert time.perf_counter() - start < 30  # seconds, not minutes, in CI
