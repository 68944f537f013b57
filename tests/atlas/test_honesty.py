"""Atlas honesty (issue 10): the interval is what the simulation gives, not stretched to hold the estimate;
a wijk where nobody lives gets no estimate; one small municipality does not set the spread; the method
card calls a prior a prior."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import numpy as np
import pytest
from django.test import Client
from scipy.special import expit

from kansrijk.atlas import engine
from kansrijk.atlas.compute import NO_ESTIMATE, ComputedModel, compute
from kansrijk.atlas.fit import Observed
from kansrijk.atlas.inputs import INPUTS, InputTable
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.atlas.services import atlas_model_store
from tests.system import TESTS

ALMERE = "GM0034"
GROOT_WATER = "WK003499"  # CBS "Groot water" in Almere: 0 inhabitants


def _wijken(c: ComputedModel) -> list:
    return [r for r in c.rows if r.level == "wijk" and r.has_estimate]


# 1. The interval is computed, not forced to contain the estimate ------------------------------------


def test_no_interval_bound_is_stretched_to_the_estimate(computed: ComputedModel) -> None:
    """The bounds are the simulation's 5th and 95th percentiles. A bound exactly equal to the estimate
    only happens when it was clamped there (the old code did so for 64 wijken)."""
    rows = [r for r in computed.rows if r.has_estimate]
    assert not [r.code for r in rows if r.share_upper == r.share or r.share_lower == r.share]


def test_share_interval_holds_the_estimate_for_nearly_every_area(computed: ComputedModel) -> None:
    """Honest property: the estimate (at the central weights) lies within the 5th–95th percentile of the
    drawn probabilities for at least 99% of the wijken and for every municipality and the country. It is
    not guaranteed per area, and it is not forced."""
    wijken = _wijken(computed)
    inside = np.mean([r.share_lower <= r.share <= r.share_upper for r in wijken])
    assert inside >= 0.99
    others = [r for r in computed.rows if r.level in ("gemeente", "land")]
    assert all(r.share_lower <= r.share <= r.share_upper for r in others)


def test_share_interval_is_model_uncertainty_and_count_interval_adds_chance() -> None:
    """Two wijken with the same inputs, one with 1 expected birth and one with 1,000: the share interval
    is the same (how sure the model is does not depend on size), the count interval is predictive. The
    old interval came from simulated counts / births: 0%–0% or 0%–100% for the wijk with one birth."""
    z = np.array([[0.8, 0.2, -0.1, 0.3, 0.5, -0.4]] * 2 + [[0.0] * 6] * 2)
    births = np.array([1.0, 1000.0, 500.0, 500.0])
    beta = np.array([s.sign * s.default_beta for s in INPUTS]) * 0.6
    params = engine.Params(beta=beta, cov=np.diag((0.5 * beta) ** 2), intercept=-2.5)
    gm = np.array([[1.0, 0, 0, 0], [0, 1.0, 1.0, 1.0]])  # the one-birth wijk is a municipality on its own
    sim = engine.simulate(z, births, params, gm, target=0.072)
    assert sim.share_lo[0] == pytest.approx(sim.share_lo[1]) and sim.share_hi[0] == pytest.approx(
        sim.share_hi[1]
    )
    assert 0 < sim.share_lo[0] < sim.share_hi[0] < 0.5
    # A municipality's share interval is the births-weighted drawn probability: no chance in it either.
    assert sim.group_share_lo[0] == pytest.approx(sim.share_lo[0])
    assert sim.group_share_hi[0] == pytest.approx(sim.share_hi[0])
    # Counts keep the chance: for one birth the count is 0 or 1.
    assert (sim.count_lo[0], sim.count_hi[0]) == (0.0, 1.0)
    assert sim.count_hi[1] - sim.count_lo[1] > 1000 * (sim.share_hi[1] - sim.share_lo[1])


# 2. Nobody lives here: no estimate --------------------------------------------------------------------


def test_wijken_where_nobody_lives_have_no_estimate(computed: ComputedModel, table: InputTable) -> None:
    empty = [r for r in computed.rows if not r.has_estimate]
    assert len(empty) == int((table.inhabitants == 0).sum()) > 50
    assert all(r.level == "wijk" and r.births == 0 for r in empty)
    assert all(
        (r.share, r.share_lower, r.share_upper, r.number, r.number_lower, r.number_upper, r.drivers)
        == (None, None, None, None, None, None, [])
        for r in empty
    )
    assert GROOT_WATER in {r.code for r in empty}
    assert {"code": GROOT_WATER, "naam": "Groot water", "gemeentecode": ALMERE} in computed.summary[
        "zonder_schatting"
    ]
    # Everyone who lives somewhere still has an estimate.
    assert len(_wijken(computed)) == int((table.inhabitants > 0).sum())


@pytest.mark.django_db
def test_no_estimate_on_page_api_csv_and_map(atlas_model: AtlasModel, client: Client) -> None:
    assert not AtlasEstimate.objects.filter(model=atlas_model, code=GROOT_WATER).exists()
    page = client.get(f"/atlas/{ALMERE}/").content.decode()
    row = page[page.index(f">{GROOT_WATER}<") :]
    row = row[: row.index("</tr>")]
    assert "Groot water" in row and NO_ESTIMATE in row and "%" not in row

    api = client.get(f"/api/v1/atlas/{ALMERE}").json()
    wijk = next(w for w in api["wijken"] if w["code"] == GROOT_WATER)
    assert wijk["aandeel"] is None and wijk["ondergrens"] is None and wijk["bovengrens"] is None
    assert wijk["aantal"] is None and wijk["drijfveren"] == [] and wijk["geen_schatting"] == NO_ESTIMATE
    # Every wijk either has an estimate or says why not, never both or neither.
    assert all((w["geen_schatting"] is None) == (w["aandeel"] is not None) for w in api["wijken"])
    assert any(w["aandeel"] is not None for w in api["wijken"])

    rows = list(csv.DictReader(io.StringIO(client.get(f"/atlas/{ALMERE}/atlas.csv").content.decode())))
    line = next(r for r in rows if r["code"] == GROOT_WATER)
    assert line["aandeel"] == line["ondergrens"] == line["bovengrens"] == line["aantal"] == ""
    assert line["drijfveren"] == "" and line["soort_cijfer"] == NO_ESTIMATE
    assert len(rows) == len(api["wijken"])

    features = json.loads(client.get(f"/atlas/{ALMERE}/kaart.geojson").content)["features"]
    props = {f["properties"]["code"]: f["properties"] for f in features}
    if GROOT_WATER in props:  # drawn when the boundary file has the water
        assert props[GROOT_WATER]["aandeel"] is None and props[GROOT_WATER]["geen_schatting"] == NO_ESTIMATE


# 3. The spread is not hostage to one municipality ------------------------------------------------------


def _without(table: InputTable, code: str) -> InputTable:
    keep = np.array([c != code for c in table.municipality_codes])
    return replace(
        table,
        wijk_codes=[c for c, k in zip(table.wijk_codes, keep, strict=True) if k],
        wijk_names=[n for n, k in zip(table.wijk_names, keep, strict=True) if k],
        municipality_codes=[c for c, k in zip(table.municipality_codes, keep, strict=True) if k],
        births=table.births[keep],
        inhabitants=table.inhabitants[keep],
        raw={key: v[keep] for key, v in table.raw.items()},
        pooled_weight=table.pooled_weight[keep],
    )


def test_leaving_out_a_small_or_extreme_municipality_hardly_moves_the_wijken(
    computed: ComputedModel, table: InputTable
) -> None:
    """The lowest municipality (Rozendaal, ~9 births a year) used to set the spread: leaving it out moved
    wijk estimates by up to ~5 percentage points. Now neither it nor the smallest municipality moves any
    wijk by more than 0.1 point."""
    municipalities = [r for r in computed.rows if r.level == "gemeente"]
    lowest = min(municipalities, key=lambda r: r.share)
    smallest = min(municipalities, key=lambda r: r.births)
    assert lowest.births < engine.MIN_BIRTHS_FOR_SPREAD and smallest.births < engine.MIN_BIRTHS_FOR_SPREAD
    before = {r.code: r.share for r in _wijken(computed)}
    for code in {lowest.code, smallest.code}:
        after = {r.code: r.share for r in _wijken(compute(_without(table, code)))}
        moved = max(abs(share - before[c]) for c, share in after.items())
        assert moved * 100 < 0.1, (code, moved)


def test_the_published_ratio_is_matched_over_municipalities_with_enough_births(
    computed: ComputedModel,
) -> None:
    cal = computed.calibration
    lo, hi = cal["bereik_gemeenten_spreiding"]
    published = engine.PUBLISHED_RANGE
    assert hi / lo == pytest.approx(published[1] / published[0], rel=0.01)
    assert cal["min_geboorten_spreiding"] == engine.MIN_BIRTHS_FOR_SPREAD
    eligible = [
        r.share for r in computed.rows if r.level == "gemeente" and r.births >= engine.MIN_BIRTHS_FOR_SPREAD
    ]
    assert (min(eligible), max(eligible)) == pytest.approx((lo, hi), abs=1e-4)
    # Smaller municipalities may lie outside that range: they do not set it.
    all_lo, all_hi = cal["bereik_gemeenten"]
    assert all_lo <= lo and all_hi >= hi


def test_a_tiny_municipality_with_extreme_inputs_does_not_set_the_scale() -> None:
    rng = np.random.default_rng(7)
    weights = np.array([s.sign * s.default_beta for s in INPUTS])
    z = rng.normal(size=(120, len(INPUTS)))
    births = np.full(120, 40.0)  # 30 municipalities of 4 wijken, 160 births each
    groups = [f"GM{i // 4:04d}" for i in range(120)]
    base, _ = engine.calibrate_scale(z, weights, births, engine.group_matrix(groups)[1], 0.072)
    tiny = -4.0 * np.sign(weights)  # far below every other municipality
    z2, births2, groups2 = np.vstack([z, tiny]), np.append(births, 6.0), [*groups, "GM9999"]
    with_tiny, _ = engine.calibrate_scale(z2, weights, births2, engine.group_matrix(groups2)[1], 0.072)
    assert with_tiny == pytest.approx(base, rel=0.01)
    shares = expit(
        engine.solve_intercept(with_tiny * (z2 @ weights), births2, 0.072) + with_tiny * (z2 @ weights)
    )
    assert shares[-1] < shares[:-1].min()  # it is still estimated, only not used to set the spread


# 4. The method card calls a prior a prior ---------------------------------------------------------------


@pytest.mark.django_db
def test_default_method_card_says_prior_not_standard_error(atlas_model: AtlasModel, client: Client) -> None:
    body = client.get("/atlas/methode/").content.decode()
    assert atlas_model.kind == "default"
    assert "standaardfout" not in body.lower()
    assert "Onzekerheid vooraf (aanname)" in body
    assert set(atlas_model.coefficients["sd_kind"].values()) == {"prior"}
    # What the interval does not cover is on the card.
    assert "Het interval neemt niet mee" in body and "grenswijzigingen" in body


@pytest.mark.django_db
def test_fitted_method_card_says_standard_error_and_marks_kept_priors(
    atlas_model: AtlasModel, computed: ComputedModel, table: InputTable, client: Client
) -> None:
    few = {"GM0599", "GM0363", "GM0344", "GM0518", "GM0014", "GM0034"}  # too few to fit municipal weights
    rows = [r for r in _wijken(computed) if r.parent_code in few and r.births > 1]
    births = np.array([round(r.births * 2) for r in rows], dtype=float)
    vulnerable = np.round(births * np.array([r.share for r in rows]) * 1.2)
    observed = Observed([r.code for r in rows], births, vulnerable, [2023], len(rows))
    fitted = compute(table, observed=observed)
    atlas_model_store(computed=fitted, actor=TESTS, action="atlas.model_fitted")
    body = client.get("/atlas/methode/").content.decode()
    assert "Standaardfout (uit de fit)" in body and "Onzekerheid vooraf (aanname)" not in body
    kinds = fitted.coefficients["sd_kind"]
    assert kinds["laag_inkomen"] == "fit" and kinds["sociaal_minimum"] == "prior"
    assert body.count("(aanname vooraf)") == list(kinds.values()).count("prior") > 0
