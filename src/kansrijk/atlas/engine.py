"""The small-area estimate itself, in plain numpy: prediction, calibration, interval and drivers.

share_k = expit(b0 + scale · Σ_j beta_j · z_kj) per wijk k, with z the birth-weighted z-scores of the
inputs. `b0` is solved so that Σ births_k · share_k = target · Σ births_k (the national calibration);
`scale` is solved so that the spread between municipalities matches the published range, measured only
over municipalities with enough births to carry it (`MIN_BIRTHS_FOR_SPREAD`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from kansrijk.atlas.inputs import INPUTS

# Published spread between municipalities (RIVM/Erasmus 2021): 1.8%–17.5%.
PUBLISHED_RANGE = (0.018, 0.175)
# Only municipalities with at least this many expected births a year set the lowest and highest share the
# spread is calibrated on: a village with a handful of births (Rozendaal, Schiermonnikoog) must not set the
# spread for the whole country.
MIN_BIRTHS_FOR_SPREAD = 100.0
# Uncertainty of the calibration target itself, on the logit scale (a documented choice: ±18% relative
# at 90%), added to every draw after recalibration.
TARGET_LOGIT_SD = 0.10
DRAWS = 1000
SEED = 20241210  # fixed: the same model version always gives the same interval


@dataclass(frozen=True)
class Params:
    beta: np.ndarray  # effective coefficient per standardised input (scale already applied)
    cov: np.ndarray  # covariance of beta (prior for defaults, from the fit otherwise)
    intercept: float


def solve_intercept(lp: np.ndarray, births: np.ndarray, target: float) -> np.ndarray | float:
    """Intercept(s) so that the birth-weighted mean share equals `target`. lp is (n,) or (n, draws);
    Newton on the logit scale converges in a handful of steps because the function is monotone."""
    total = births.sum()
    b = np.full(lp.shape[1:] if lp.ndim == 2 else (), np.log(target / (1 - target)))
    w = births[:, None] if lp.ndim == 2 else births
    for _ in range(30):
        p = expit(b + lp)
        f = (w * p).sum(axis=0) / total - target
        d = (w * p * (1 - p)).sum(axis=0) / total
        step = f / d
        b = b - step
        if np.all(np.abs(step) < 1e-10):
            break
    return float(b) if np.ndim(b) == 0 else b


def group_matrix(groups: list[str]) -> tuple[list[str], np.ndarray]:
    """Codes and a 0/1 (groups × wijken) matrix, for summing wijk figures per municipality."""
    codes = sorted(set(groups))
    index = {c: i for i, c in enumerate(codes)}
    m = np.zeros((len(codes), len(groups)))
    m[[index[g] for g in groups], np.arange(len(groups))] = 1.0
    return codes, m


def municipal_shares(share: np.ndarray, births: np.ndarray, gm: np.ndarray) -> np.ndarray:
    born = gm @ births
    return np.divide(gm @ (births * share), born, out=np.zeros_like(born), where=born > 0)


def spread_groups(
    births: np.ndarray, gm: np.ndarray, min_births: float = MIN_BIRTHS_FOR_SPREAD
) -> np.ndarray:
    """Which municipalities take part in the spread: those with at least `min_births` expected births.
    A small table (tests, a region) with fewer than two such municipalities uses every one with births."""
    g_births = gm @ births
    eligible = g_births >= min_births
    return eligible if eligible.sum() >= 2 else g_births > 0


def calibrate_scale(
    z: np.ndarray,
    weights: np.ndarray,
    births: np.ndarray,
    gm: np.ndarray,
    target: float,
    published: tuple[float, float] = PUBLISHED_RANGE,
    min_births: float = MIN_BIRTHS_FOR_SPREAD,
) -> tuple[float, float]:
    """Scale s and intercept so that log(max/min) of the municipal shares equals the published log ratio,
    with max and min taken over the municipalities with at least `min_births` expected births (see
    `spread_groups`). Bisection: the ratio grows monotonically with s."""
    goal = np.log(published[1] / published[0])
    lp0 = z @ weights
    eligible = spread_groups(births, gm, min_births)

    def log_ratio(scale: float) -> tuple[float, float]:
        b0 = solve_intercept(scale * lp0, births, target)
        s = municipal_shares(expit(b0 + scale * lp0), births, gm)[eligible]
        return float(np.log(s.max() / s.min())), float(b0)

    lo, hi = 0.01, 5.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if log_ratio(mid)[0] < goal:
            lo = mid
        else:
            hi = mid
    scale = (lo + hi) / 2
    return scale, log_ratio(scale)[1]


def default_prior(scale: float, prior_fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Signed default coefficients and their diagonal prior covariance (SD = fraction × |beta|)."""
    beta = np.array([spec.sign * spec.default_beta for spec in INPUTS]) * scale
    return beta, np.diag((prior_fraction * beta) ** 2)


@dataclass(frozen=True)
class Simulation:
    """5% and 95% quantiles over the draws. Shares: model uncertainty only (the drawn probability);
    counts: predictive, so also the chance in how many vulnerable births there are."""

    share_lo: np.ndarray  # per wijk
    share_hi: np.ndarray
    count_lo: np.ndarray
    count_hi: np.ndarray
    group_share_lo: np.ndarray  # per municipality: births-weighted drawn probability
    group_share_hi: np.ndarray
    group_count_lo: np.ndarray
    group_count_hi: np.ndarray
    total_share_lo: float  # the country: births-weighted drawn probability
    total_share_hi: float
    total_lo: float  # the country: number of vulnerable births
    total_hi: float


def simulate(
    z: np.ndarray,
    births: np.ndarray,
    params: Params,
    gm: np.ndarray,
    target: float | None,
    draws: int = DRAWS,
    seed: int = SEED,
) -> Simulation:
    """90% intervals. Per draw: coefficients from N(beta, cov) (coefficient uncertainty), the intercept
    re-solved when the model is calibrated and shifted by the target's own uncertainty; that gives a drawn
    probability per wijk. The SHARE interval is the 5th–95th percentile of that probability (for a
    municipality and the country: the births-weighted mean of it), so it says how sure the model is, also
    for a wijk with one birth. The COUNT interval also draws Binomial(round(births), probability): the chance
    in how many of the births are vulnerable, which a count has and a share estimate does not."""
    rng = np.random.default_rng(seed)
    betas = rng.multivariate_normal(params.beta, params.cov, size=draws, method="cholesky")
    lp = z @ betas.T  # (n, draws)
    if target is not None:
        b0 = solve_intercept(lp, births, target) + rng.normal(0.0, TARGET_LOGIT_SD, size=draws)
    else:
        b0 = np.full(draws, params.intercept)
    p = expit(lp + b0)
    n = np.rint(births).astype(np.int64)
    counts = rng.binomial(n[:, None], p)
    g_births = gm @ births
    g_share = np.divide(
        gm @ (births[:, None] * p),
        g_births[:, None],
        out=np.zeros((len(g_births), draws)),
        where=g_births[:, None] > 0,
    )
    t_share = (births[:, None] * p).sum(axis=0) / births.sum()
    g_counts = gm @ counts
    totals = counts.sum(axis=0)
    q = [5, 95]
    s_lo, s_hi = np.percentile(p, q, axis=1)
    c_lo, c_hi = np.percentile(counts, q, axis=1)
    gs_lo, gs_hi = np.percentile(g_share, q, axis=1)
    gc_lo, gc_hi = np.percentile(g_counts, q, axis=1)
    ts_lo, ts_hi = np.percentile(t_share, q)
    t_lo, t_hi = np.percentile(totals, q)
    return Simulation(
        s_lo,
        s_hi,
        c_lo,
        c_hi,
        gs_lo,
        gs_hi,
        gc_lo,
        gc_hi,
        float(ts_lo),
        float(ts_hi),
        float(t_lo),
        float(t_hi),
    )


def drivers(z: np.ndarray, beta: np.ndarray, top: int = 3, min_effect: float = 0.05) -> list[list[dict]]:
    """Per wijk the inputs that push the estimate up or down most: contribution = beta_j · z_kj on the
    logit scale, largest absolute value first; contributions below `min_effect` are not worth naming."""
    contrib = z * beta
    order = np.argsort(-np.abs(contrib), axis=1)[:, :top]
    out: list[list[dict]] = []
    for k in range(z.shape[0]):
        items = []
        for j in order[k]:
            c = float(contrib[k, j])
            if abs(c) < min_effect:
                continue
            spec = INPUTS[j]
            side = "hoger" if z[k, j] > 0 else "lager"
            items.append(
                {
                    "invoer": spec.key,
                    "tekst": f"{spec.label} ({side} dan gemiddeld)",
                    "richting": "omhoog" if c > 0 else "omlaag",
                    "bijdrage": round(c, 3),
                }
            )
        out.append(items)
    return out
