"""The estimate itself: calibration, spread, monotonicity, interval and recovery of known coefficients."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from scipy.special import expit

from kansrijk.atlas import engine
from kansrijk.atlas.compute import TARGETS, ComputedModel, compute
from kansrijk.atlas.fit import Observed
from kansrijk.atlas.inputs import INPUTS, InputTable, standardise


def _rows(c: ComputedModel, level: str) -> list:
    return [r for r in c.rows if r.level == level]


def test_sum_over_all_wijken_equals_calibrated_national_total(
    computed: ComputedModel, table: InputTable
) -> None:
    wijken = _rows(computed, "wijk")
    assert len(wijken) == len(table) > 3400
    births = sum(r.births for r in wijken)
    assert births == pytest.approx(167_286, abs=5)  # CBS: ~167.5k births; ours is derived
    assert sum(r.number for r in wijken if r.has_estimate) == pytest.approx(0.072 * births, abs=0.5)
    national = _rows(computed, "land")[0]
    assert national.share == pytest.approx(0.072, abs=1e-6)
    assert national.share_lower < 0.072 < national.share_upper


def test_municipal_spread_matches_the_published_range(computed: ComputedModel) -> None:
    # The published ratio 17.5/1.8 holds between the lowest and highest municipality with at least 100
    # expected births (test_honesty.py); over all municipalities the range is a little wider.
    lo, hi = computed.calibration["bereik_gemeenten_spreiding"]
    assert hi / lo == pytest.approx(0.175 / 0.018, rel=0.01)
    assert 0.018 <= lo <= 0.025 and 0.175 <= hi <= 0.23
    all_lo, all_hi = computed.calibration["bereik_gemeenten"]
    assert 0.01 <= all_lo <= lo and all_hi >= hi
    assert len(_rows(computed, "gemeente")) == 342


@pytest.mark.parametrize("key", [s.key for s in INPUTS])
def test_estimate_moves_with_each_input_in_its_documented_direction(
    key: str, computed: ComputedModel, table: InputTable
) -> None:
    z, means, sds = standardise(table)
    beta = np.array(list(computed.coefficients["beta"].values()))
    b0 = computed.coefficients["intercept"]
    raw = dict(table.raw)
    raw[key] = raw[key] + sds[key] * 0.5
    z_up, _, _ = standardise(replace(table, raw=raw), means, sds)
    before, after = expit(b0 + z @ beta), expit(b0 + z_up @ beta)
    sign = next(s.sign for s in INPUTS if s.key == key)
    assert np.all(np.sign(after - before) == sign)


def test_count_interval_is_relatively_wider_for_small_wijken(computed: ComputedModel) -> None:
    # The share interval is model uncertainty and does not depend on size (test_honesty.py); the count
    # interval adds chance, which weighs more per birth in a small wijk.
    wijken = [r for r in _rows(computed, "wijk") if r.births >= 1]
    small = np.median([(r.number_upper - r.number_lower) / r.births for r in wijken if r.births < 10])
    large = np.median([(r.number_upper - r.number_lower) / r.births for r in wijken if r.births > 200])
    assert small > 2 * large


def test_drivers_name_the_largest_contributions_in_dutch(computed: ComputedModel) -> None:
    rotterdam = next(r for r in computed.rows if r.code == "GM0599")
    assert 1 <= len(rotterdam.drivers) <= 3
    contributions = [abs(d["bijdrage"]) for d in rotterdam.drivers]
    assert contributions == sorted(contributions, reverse=True)
    assert rotterdam.drivers[0]["tekst"].endswith("(hoger dan gemiddeld)")
    assert rotterdam.drivers[0]["richting"] == "omhoog"


def test_alternative_targets_calibrate_to_their_published_value(table: InputTable) -> None:
    c = compute(table, target_key="big2")
    assert c.summary["aandeel"] == pytest.approx(0.148, abs=1e-4)
    assert c.calibration["bron"] == TARGETS["big2"].source


def test_fit_recovers_known_coefficients_from_simulated_counts(table: InputTable) -> None:
    z, _, _ = standardise(table)
    true = np.array([0.45, 0.10, 0.30, 0.12, 0.20, -0.18])
    rng = np.random.default_rng(42)
    births = np.rint(table.births * 3)  # three years of births
    vulnerable = rng.binomial(births.astype(int), expit(-2.6 + z @ true)).astype(float)
    observed = Observed(table.wijk_codes, births, vulnerable, [2021, 2022, 2023], len(births))
    started = time.perf_counter()
    c = compute(table, observed=observed, target_key="geen")
    elapsed = time.perf_counter() - started
    fitted = np.array(list(c.coefficients["beta"].values()))
    sd = np.array(list(c.coefficients["sd"].values()))
    assert np.all(np.abs(fitted - true) < np.maximum(4 * sd, 0.03))
    assert c.coefficients["intercept"] == pytest.approx(-2.6, abs=0.05)
    v = c.validation
    assert v["cv_kalibratiehelling"] == pytest.approx(1.0, abs=0.1)
    assert v["cv_verklaarde_deviantie"] > 0.5 and len(v["bins"]) == 10
    assert elapsed < 5.0  # fit + cross-validation + predict + interval over all wijken


def test_default_model_over_all_wijken_takes_under_five_seconds(table: InputTable) -> None:
    started = time.perf_counter()
    compute(table)
    assert time.perf_counter() - started < 5.0


def test_intercept_solver_hits_the_target_per_draw() -> None:
    rng = np.random.default_rng(1)
    lp = rng.normal(size=(500, 4))
    births = rng.uniform(1, 100, size=500)
    b0 = engine.solve_intercept(lp, births, 0.1)
    shares = (births[:, None] * expit(lp + b0)).sum(axis=0) / births.sum()
    assert np.allclose(shares, 0.1)
