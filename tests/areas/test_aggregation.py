"""Region values are Σ numerator / Σ denominator over municipalities, checked against an independent
computation from the raw CSV files (plain Python, not the importer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.areas.helpers import number, raw_rows

from kansrijk.areas.aggregation import aggregate_regions
from kansrijk.areas.models import AreaLevel, Observation

pytestmark = pytest.mark.django_db


def value(code: str, key: str, year: int) -> Observation:
    return Observation.objects.get(area__code=code, indicator__key=key, year=year)


def weighted(rows: list[dict[str, str]], column: str, weight: str) -> float:
    pairs = [(number(r[column]), number(r[weight])) for r in rows]
    pairs = [(v, w) for v, w in pairs if v is not None and w is not None]
    return sum(v * w for v, w in pairs) / sum(w for _, w in pairs)


@pytest.fixture(scope="module")
def kwb24(data_dir: Path) -> list[dict[str, str]]:
    return raw_rows(data_dir / "kwb/kwb_gemeente_2024.csv")


@pytest.fixture(scope="module")
def province_of(data_dir: Path) -> dict[str, str]:
    return {
        r["gemeentecode"]: r["provinciecode"] for r in raw_rows(data_dir / "gemeenten/gemeenten_2025.csv")
    }


def test_households_with_children_province_and_nl(
    kwb24: list[dict[str, str]], province_of: dict[str, str]
) -> None:
    utrecht = [r for r in kwb24 if province_of[r["gemeentecode"]] == "PV26"]
    expected = weighted(utrecht, "pct_hhd_met_kind", "huishoudens")
    assert value("PV26", "pct_hhd_met_kind", 2024).value == pytest.approx(expected, rel=1e-9)
    assert value("NL00", "pct_hhd_met_kind", 2024).value == pytest.approx(
        weighted(kwb24, "pct_hhd_met_kind", "huishoudens"), rel=1e-9
    )
    region = value("PV26", "pct_hhd_met_kind", 2024)
    assert region.denominator == pytest.approx(sum(number(r["huishoudens"]) for r in utrecht))


def test_aggregate_is_not_the_unweighted_mean(kwb24: list[dict[str, str]]) -> None:
    values = [number(r["pct_hhd_met_kind"]) for r in kwb24 if number(r["pct_hhd_met_kind"]) is not None]
    mean = sum(values) / len(values)
    nl = value("NL00", "pct_hhd_met_kind", 2024).value
    assert abs(nl - mean) > 0.5  # small municipalities have more families: the mean overstates
    assert nl == pytest.approx(weighted(kwb24, "pct_hhd_met_kind", "huishoudens"))


def test_ggd_region_counts_are_sums(data_dir: Path, kwb24: list[dict[str, str]]) -> None:
    ggd_of = {r["gemeentecode"]: r["ggd_regio"] for r in raw_rows(data_dir / "gemeenten/gemeenten_2025.csv")}
    twente = sum(number(r["aantal_inwoners"]) for r in kwb24 if ggd_of[r["gemeentecode"]] == "GGD Twente")
    observation = value("GGD-ggd-twente", "inwoners", 2024)
    assert observation.value == twente and not observation.approximate


def test_births_nationally(data_dir: Path) -> None:
    rows = raw_rows(data_dir / "kwb/kwb_gemeente_2022.csv")
    expected = sum(number(r["geboorte_relatief"]) * number(r["aantal_inwoners"]) / 1000 for r in rows)
    births = value("NL00", "geboorten", 2022)
    assert births.value == pytest.approx(expected)
    assert 160_000 < births.value < 175_000 and births.approximate


def test_low_income_nl_matches_the_published_national_value(data_dir: Path) -> None:
    nl_row = next(
        r for r in raw_rows(data_dir / "inkomen/inkomen_gemeente_wijk_2020.csv") if r["code"] == "NL00"
    )
    nl = value("NL00", "pct_hh_laagste40_besteedbaar", 2020)
    assert nl.value == pytest.approx(number(nl_row["pct_hh_laagste40_besteedbaar"]), abs=0.5)
    assert nl.approximate  # households as a proxy for households with income


def test_missing_values_make_the_region_approximate(data_dir: Path) -> None:
    rows = raw_rows(data_dir / "kwb/kwb_gemeente_2022.csv")
    present = [r for r in rows if r["wmo_per_1000"].strip()]
    nl = value("NL00", "wmo_per_1000", 2022)
    assert nl.note == f"gebaseerd op {len(present)} van {len(rows)} gemeenten" and nl.approximate
    expected = sum(number(r["wmo_per_1000"]) * number(r["aantal_inwoners"]) for r in present) / sum(
        number(r["aantal_inwoners"]) for r in present
    )
    assert nl.value == pytest.approx(expected)


def test_unmapped_dissolved_municipalities_are_said() -> None:
    old = value("PV20", "inwoners", 2012)
    assert old.approximate and "opgeheven gemeente(n) zonder bekende regio niet meegeteld" in old.note
    assert not value("PV20", "inwoners", 2024).approximate


def test_classes_are_not_aggregated() -> None:
    assert not Observation.objects.filter(
        indicator__key="stedelijkheid", area__level__in=[AreaLevel.NL, AreaLevel.PROVINCE]
    ).exists()


def test_peer_group_value(kwb24: list[dict[str, str]]) -> None:
    members = [
        r for r in kwb24 if number(r["stedelijkheid"]) == 1.0 and number(r["aantal_inwoners"]) >= 100_000
    ]
    expected = weighted(members, "0_15", "aantal_inwoners")
    assert value("VG-1-ge100k", "pct_0_15", 2024).value == pytest.approx(expected)


def test_aggregate_regions_is_repeatable() -> None:
    before = Observation.objects.filter(indicator__key="pct_0_15", area__level=AreaLevel.PROVINCE).count()
    written = aggregate_regions(indicator_keys=["pct_0_15"])
    assert written > 0
    after = Observation.objects.filter(indicator__key="pct_0_15", area__level=AreaLevel.PROVINCE).count()
    assert after == before


@pytest.mark.django_db
def test_definitional_shares_are_their_definition_for_nederland() -> None:
    """Issue 10: the lowest-40 % and highest-20 % income groups are 40 % and 20 % of Nederland by
    definition; a re-aggregate of rounded municipal shares drifted 0.3–0.4 points."""
    from kansrijk.areas.catalogue import NATIONAL_BY_DEFINITION

    for key, defined in NATIONAL_BY_DEFINITION.items():
        national = Observation.objects.filter(indicator__key=key, area__level=AreaLevel.NL)
        assert national.exists(), key
        assert set(national.values_list("value", flat=True)) == {defined}, key
        assert all(n.startswith("landelijk per definitie") for n in national.values_list("note", flat=True))
    # Provinces keep their computed value (no definition holds for a part of the country).
    province = Observation.objects.filter(
        indicator__key="pct_hh_laag_inkomen", area__level=AreaLevel.PROVINCE
    )
    assert province.exclude(value=40.0).exists()


def test_income_groups_are_named_for_what_they_are() -> None:
    from kansrijk.areas.catalogue import CBS_BY_KEY

    assert CBS_BY_KEY["pct_hh_laag_inkomen"].spec.title == "Huishoudens in de laagste 40% inkomens"
    assert CBS_BY_KEY["pct_hh_hoog_inkomen"].spec.title == "Huishoudens in de hoogste 20% inkomens"
