"""startfoto_build: values equal the stored observations, comparisons, trends, mergers, perinatal."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kansrijk.areas.models import Area, AreaLevel, ImportRun, Indicator, IndicatorSource, Observation
from kansrijk.core.cache import page_cache as cache  # per-process; see core/cache.py
from kansrijk.startfoto.selectors import (
    NOTE_MERGED,
    NOTE_TREND_NOT_EXISTING,
    startfoto_build,
    startfoto_get,
)
from kansrijk.startfoto.types import Startfoto

pytestmark = pytest.mark.django_db

LEVELS = {"ggd_regio", "provincie", "nederland", "vergelijkbare_gemeenten"}


@pytest.fixture
def utrecht() -> Area:
    return Area.objects.get(code="GM0344")


@pytest.fixture
def built(utrecht: Area) -> Startfoto:
    return startfoto_build(municipality=utrecht)


def test_header_names_province_region_peers_and_population(built: Startfoto, utrecht: Area) -> None:
    assert built.code == "GM0344" and built.name == "Utrecht"
    assert built.province is not None and built.province.code == utrecht.province.code
    assert built.ggd_region is not None and built.ggd_region.name == utrecht.ggd_region.name
    assert built.peer_group is not None
    inwoners = Observation.objects.get(area=utrecht, indicator__key="inwoners", year=2024)
    assert built.population == round(inwoners.value) and built.population_year == 2024
    assert built.credit == "Bron: CBS / PDOK, CC BY 4.0"


def test_every_cbs_indicator_appears_once(built: Startfoto) -> None:
    keys = [f.key for f in built.figures]
    expected = Indicator.objects.exclude(source_kind=IndicatorSource.PERINATAL).values_list("key", flat=True)
    assert sorted(keys) == sorted(expected) and len(keys) == len(set(keys))


def test_values_are_the_latest_stored_observation(built: Startfoto, utrecht: Area) -> None:
    for figure in built.figures:
        rows = Observation.objects.filter(area=utrecht, indicator__key=figure.key, value__isnull=False)
        latest = rows.order_by("-year").first()
        if latest is None:
            assert figure.year is None and figure.value is None and figure.note
            continue
        assert (figure.year, figure.value) == (latest.year, latest.value), figure.key
        assert (figure.numerator, figure.denominator) == (latest.numerator, latest.denominator)
        assert figure.approximate == latest.approximate
        assert str(figure.year) in figure.source


def test_comparisons_for_the_same_year_from_the_region_rows(built: Startfoto, utrecht: Area) -> None:
    figure = next(f for f in built.figures if f.key == "pct_0_15")
    assert set(figure.comparisons) == LEVELS
    areas = {
        "ggd_regio": utrecht.ggd_region,
        "provincie": utrecht.province,
        "nederland": Area.objects.get(level=AreaLevel.NL),
        "vergelijkbare_gemeenten": utrecht.peer_group,
    }
    for level, area in areas.items():
        row = Observation.objects.get(area=area, indicator__key="pct_0_15", year=figure.year)
        comparison = figure.comparisons[level]
        assert comparison.level == level and comparison.area.code == area.code
        assert comparison.value == pytest.approx(row.value)
        assert comparison.numerator == row.numerator and comparison.denominator == row.denominator


def test_trend_has_every_published_year_with_nederland(built: Startfoto, utrecht: Area) -> None:
    figure = next(f for f in built.figures if f.key == "pct_0_15")
    nl = Area.objects.get(level=AreaLevel.NL)
    years = set(Observation.objects.filter(indicator__key="pct_0_15", area=nl).values_list("year", flat=True))
    assert [p.year for p in figure.trend] == sorted(years)
    assert {2012, 2024} <= years
    for point in figure.trend:
        own = Observation.objects.get(area=utrecht, indicator__key="pct_0_15", year=point.year)
        assert point.value == own.value
        assert point.nederland == pytest.approx(
            Observation.objects.get(area=nl, indicator__key="pct_0_15", year=point.year).value
        )


def test_merged_municipality_says_why_a_figure_is_missing() -> None:
    # Voorne aan Zee (GM1992) was formed in 2023; births per 1,000 are only published for 2022.
    voorne = Area.objects.get(code="GM1992")
    startfoto = startfoto_build(municipality=voorne)
    births = next(f for f in startfoto.figures if f.key == "geboorte_relatief")
    assert births.year is None and births.value is None and births.comparisons == {}
    assert births.note.startswith(NOTE_MERGED)
    young = next(f for f in startfoto.figures if f.key == "pct_0_15")
    assert young.year == 2024 and young.value is not None
    early = next(p for p in young.trend if p.year == 2019)
    assert early.value is None and early.nederland is not None
    assert early.note == NOTE_TREND_NOT_EXISTING.format(year=2019)


def test_perinatal_not_imported_gives_references(built: Startfoto) -> None:
    assert built.perinatal == []
    refs = {r.key: r for r in built.perinatal_references}
    assert {"vroeggeboorte", "sga", "big2"} <= set(refs)
    assert refs["vroeggeboorte"].value == 6.6 and refs["vroeggeboorte"].year == 2021
    assert "Perined" in refs["vroeggeboorte"].source and refs["vroeggeboorte"].unit == "%"


def test_build_uses_a_handful_of_queries(utrecht: Area) -> None:
    with CaptureQueriesContext(connection) as queries:
        startfoto_build(municipality=utrecht)
    assert len(queries) <= 4


def test_cache_is_keyed_by_the_latest_import_run(utrecht: Area) -> None:
    cache.clear()
    first = startfoto_get(municipality=utrecht)
    with CaptureQueriesContext(connection) as queries:
        assert startfoto_get(municipality=utrecht) == first
    assert len(queries) == 1  # only the latest ImportRun id
    Observation.objects.filter(area=utrecht, indicator__key="pct_0_15", year=2024).update(value=99.0)
    assert next(f for f in startfoto_get(municipality=utrecht).figures if f.key == "pct_0_15").value != 99.0
    ImportRun.objects.create(kind="test", source="test")
    assert next(f for f in startfoto_get(municipality=utrecht).figures if f.key == "pct_0_15").value == 99.0
    cache.clear()
