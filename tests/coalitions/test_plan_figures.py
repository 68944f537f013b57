"""Figures of a goal's indicators: latest value per municipality of the coalition and for Nederland,
with source and year; perinatal figures that are not imported say so (or show the national reference)."""

from __future__ import annotations

from kansrijk.areas.models import Area, AreaLevel, Indicator, Observation
from kansrijk.coalitions.selectors.plan import NO_FIGURE, NOT_IMPORTED, indicator_figures
from kansrijk.startfoto.presentation import format_value
from tests.personas import Cast


def _latest(area: Area, indicator: Indicator) -> Observation:
    return (
        Observation.objects.filter(area=area, indicator=indicator, value__isnull=False)
        .order_by("-year")
        .first()
    )  # type: ignore[return-value]


def test_latest_value_with_year_and_source_for_municipality_and_nederland(cast: Cast) -> None:
    indicator = Indicator.objects.get(key="pct_hh_laag_inkomen")
    figures = indicator_figures(coalition=cast.coalition, indicators=[indicator])[indicator.key]
    assert [r.area for r in figures.rows] == ["Utrecht", "Nederland"]
    for row, area in zip(
        figures.rows, [Area.objects.get(code="GM0344"), Area.objects.get(level=AreaLevel.NL)], strict=True
    ):
        obs = _latest(area, indicator)
        assert row.year == obs.year
        assert row.display == format_value(obs.value, indicator.unit)
        assert row.source == (obs.source or indicator.source)


def test_not_imported_perinatal_figures_say_so(cast: Cast) -> None:
    indicators = [
        i for i in Indicator.objects.filter(source_kind="perinataal") if not i.observations.exists()
    ]
    assert indicators, "expected perinatal indicators without imported figures in the test data"
    figures = indicator_figures(coalition=cast.coalition, indicators=indicators)
    for indicator in indicators:
        utrecht, nederland = figures[indicator.key].rows
        assert (utrecht.display, utrecht.year, utrecht.source, utrecht.note) == (
            NO_FIGURE,
            None,
            "",
            NOT_IMPORTED,
        )
        if indicator.reference_value is not None:
            assert nederland.note == "landelijke referentie"
            assert nederland.year == indicator.reference_year
            assert nederland.source == indicator.reference_source


def test_no_indicators_no_queries(cast: Cast, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert indicator_figures(coalition=cast.coalition, indicators=[]) == {}


def test_figures_take_three_queries_for_any_number_of_indicators(
    cast: Cast, django_assert_num_queries: object
) -> None:
    indicators = list(Indicator.objects.all()[:10])
    with django_assert_num_queries(3):  # type: ignore[operator]
        indicator_figures(coalition=cast.coalition, indicators=indicators)
