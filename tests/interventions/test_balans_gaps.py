"""The balans logic: need levels from the open figures, gaps, and bounded queries."""

from __future__ import annotations

import pytest

from kansrijk.areas.models import Area, AreaLevel, Observation
from kansrijk.interventions.models import Need
from kansrijk.interventions.selectors.balans import balans_cell, balans_get, gap_summary
from kansrijk.interventions.selectors.needs import (
    BALANS_PHASES,
    HIGH_RATIO,
    MEDIUM_RATIO,
    NEED_SOURCES,
    level_for,
)
from tests.interventions import balans_support as support
from tests.personas import Cast


def _independent_level(key: str, code: str = "GM0344") -> str | None:
    """The rule of needs.py, recomputed straight from the Observation rows (latest year with a value)."""
    own = (
        Observation.objects.filter(area__code=code, indicator__key=key, value__isnull=False)
        .order_by("-year")
        .first()
    )
    if own is None:
        return None
    nl = Observation.objects.get(area__level=AreaLevel.NL, indicator__key=key, year=own.year)
    ratio = own.value / nl.value
    return "hoog" if ratio >= 1.2 else "gemiddeld" if ratio >= 1.05 else "laag"


def test_need_levels_match_an_independent_calculation(cast: Cast) -> None:
    balans = balans_get(coalition=cast.coalition)
    checked = 0
    for row in balans.rows:
        expected = [
            lvl
            for spec in NEED_SOURCES[row.need].indicators
            if (lvl := _independent_level(spec.key)) is not None
        ]
        order = ["laag", "gemiddeld", "hoog"]
        want = max(expected, key=order.index) if expected else "onbekend"
        assert row.behoefte.level == want, row.need
        checked += bool(expected)
    assert checked >= 4  # financiën, laaggeletterdheid, sociaal netwerk, ouderschap have open figures


def test_each_figure_shows_value_nederland_year_and_source(cast: Cast) -> None:
    row = next(r for r in balans_get(coalition=cast.coalition).rows if r.need == Need.FINANCIEN)
    figure = next(f for f in row.behoefte.figures if f.key == "pct_rond_sociaal_min")
    own = Observation.objects.filter(area__code="GM0344", indicator__key=figure.key).order_by("-year").first()
    assert figure.value == own.value and figure.year == own.year
    assert figure.nederland is not None and "CBS" in figure.source


@pytest.mark.parametrize(
    ("value", "nl", "level"),
    [
        (12.0, 10.0, "hoog"),
        (11.9, 10.0, "gemiddeld"),
        (10.5, 10.0, "gemiddeld"),
        (10.4, 10.0, "laag"),
        (None, 10.0, "onbekend"),
        (5.0, None, "onbekend"),
    ],
)
def test_threshold_rule(value: float | None, nl: float | None, level: str) -> None:
    assert (HIGH_RATIO, MEDIUM_RATIO) == (1.20, 1.05)
    assert level_for(value=value, nederland=nl, direction="hoger_ongunstiger") == level


def test_a_theme_without_open_figure_is_unknown_and_never_a_gap(cast: Cast) -> None:
    balans = balans_get(coalition=cast.coalition)
    for need in (Need.HUISELIJK_GEWELD, Need.VERSLAVING, Need.LVB):
        row = next(r for r in balans.rows if r.need == need)
        assert row.behoefte.level == "onbekend"
        assert "geen open cijfer" in row.behoefte.explanation.lower()
        assert "GGD" in row.behoefte.explanation or "Veilig Thuis" in row.behoefte.explanation
        assert not any(cell.gap for cell in row.cells)


def test_need_and_no_offer_is_a_gap_an_offer_in_that_phase_closes_it(cast: Cast) -> None:
    # Utrecht: more households around the social minimum than Nederland → need for financiën.
    coalition = cast.coalition
    before = balans_get(coalition=coalition)
    cell = balans_cell(balans=before, phase="zwangerschap", need=Need.FINANCIEN)
    assert cell.behoefte.present and cell.gap
    item = support.intervention("Schuldhulp Zwanger", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    on_menukaart = balans_cell(
        balans=balans_get(coalition=coalition), phase="zwangerschap", need=Need.FINANCIEN
    )
    assert (
        "Schuldhulp Zwanger" in on_menukaart.menukaart and on_menukaart.gap
    )  # on the menukaart is not offered
    support.offer(coalition, item, phases=["zwangerschap"])
    after = balans_get(coalition=coalition)
    closed = balans_cell(balans=after, phase="zwangerschap", need=Need.FINANCIEN)
    assert not closed.gap
    assert [o.intervention for o in closed.offers] == ["Schuldhulp Zwanger"]
    assert closed.offers[0].partner == "JGZ Test" and closed.offers[0].capacity_per_year == 40
    assert after.gap_count == before.gap_count - 1
    # The other phases of the same theme stay gaps.
    assert balans_cell(balans=after, phase="preconceptie", need=Need.FINANCIEN).gap


def test_an_offer_in_another_phase_or_theme_does_not_close_the_gap(cast: Cast) -> None:
    item = support.intervention(
        "Budgetcoach", phases=["preconceptie", "na_geboorte"], needs=[Need.FINANCIEN, Need.OUDERSCHAP]
    )
    support.offer(cast.coalition, item, phases=["na_geboorte"])
    balans = balans_get(coalition=cast.coalition)
    assert balans_cell(balans=balans, phase="zwangerschap", need=Need.FINANCIEN).gap
    assert balans_cell(balans=balans, phase="preconceptie", need=Need.FINANCIEN).gap  # not used locally then
    assert not balans_cell(balans=balans, phase="na_geboorte", need=Need.FINANCIEN).gap
    assert not balans_cell(balans=balans, phase="na_geboorte", need=Need.OUDERSCHAP).gap
    # Another coalition's offer never counts.
    other = support.intervention("Elders Schuldhulp", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    from kansrijk.coalitions.models import Coalition

    elders = Coalition.objects.get(slug="elders")
    if elders.partners.exists():
        support.offer(elders, other, phases=["zwangerschap"])
        assert balans_cell(
            balans=balans_get(coalition=cast.coalition), phase="zwangerschap", need=Need.FINANCIEN
        ).gap


def test_matrix_has_every_theme_and_the_four_phases(cast: Cast) -> None:
    balans = balans_get(coalition=cast.coalition)
    assert [r.need for r in balans.rows] == list(Need.values)
    assert [p for p, _ in balans.phases] == [p.value for p in BALANS_PHASES] and len(balans.phases) == 4
    assert len(balans.cells) == len(Need) * 4


def test_gap_summary_wording() -> None:
    assert [gap_summary(n) for n in (0, 1, 3)] == ["0 gaten", "1 gat", "3 gaten"]


def test_queries_do_not_grow_with_offers(cast: Cast, django_assert_max_num_queries: object) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coalition = cast.coalition
    balans_get(coalition=coalition)  # warm the startfoto cache
    item = support.intervention("Een", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    support.offer(coalition, item, phases=["zwangerschap"])
    with CaptureQueriesContext(connection) as one:
        balans_get(coalition=coalition)
    for i in range(5):
        more = support.intervention(
            f"Meer {i}", phases=["zwangerschap", "geboorte"], needs=[Need.ROKEN, Need.PSYCHISCH]
        )
        support.offer(coalition, more, phases=["zwangerschap", "geboorte"])
    with CaptureQueriesContext(connection) as six:
        balans_get(coalition=coalition)
    assert len(six.captured_queries) == len(one.captured_queries) <= 15


def test_several_municipalities_take_the_highest_level(cast: Cast) -> None:
    coalition = cast.coalition
    coalition.municipalities.add(Area.objects.get(code="GM0363"))
    row = next(r for r in balans_get(coalition=coalition).rows if r.need == Need.FINANCIEN)
    assert {f.municipality for f in row.behoefte.figures} == {"Utrecht", "Amsterdam"}
    levels = {"laag": 1, "gemiddeld": 2, "hoog": 3}
    assert levels[row.behoefte.level] == max(levels[f.level] for f in row.behoefte.figures)
