"""From inputs (and optionally observed counts) to a complete model version and its estimates, in memory.

The service in services.py stores the result; nothing here touches the database, so the same code runs
in tests, in the benchmark and in `kansrijk atlas fit` before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.special import expit

from kansrijk.atlas import engine
from kansrijk.atlas.fit import Observed, fit_observed
from kansrijk.atlas.inputs import BIRTHS_NOTE, INPUTS, PRIOR_SD_FRACTION, InputTable, standardise


@dataclass(frozen=True)
class Target:
    key: str
    value: float | None
    description: str
    source: str


TARGETS: dict[str, Target] = {
    t.key: t
    for t in (
        Target(
            "rivm2021",
            0.072,
            "Meervoudige kwetsbaarheid in de zwangerschap, landelijk 2021",
            "RIVM/Erasmus MC, Molenaar e.a., Eur J Public Health 2024;34(6):1210–1217, doi:10.1093/eurpub/ckae184",
        ),
        Target(
            "rivm2017",
            0.081,
            "Meervoudige kwetsbaarheid in de zwangerschap, landelijk 2017",
            "RIVM/Erasmus MC, Molenaar e.a., Eur J Public Health 2024;34(6):1210–1217, doi:10.1093/eurpub/ckae184",
        ),
        Target(
            "big2",
            0.148,
            "BIG2: vroeggeboorte of laag geboortegewicht voor de zwangerschapsduur, 2021",
            "VZinfo, Zorg rond de geboorte (Perined-cijfers 2021)",
        ),
        Target(
            "een_op_zes",
            round(1 / 6, 4),
            "Ongeveer 1 op de 6 kinderen maakt een minder goede start",
            "Actieprogramma Kansrijke Start (kansrijkestartnl.nl)",
        ),
        Target(
            "geen",
            None,
            "Geen kalibratie: het geschatte niveau uit de waargenomen aantallen blijft staan",
            "Eigen waarnemingen (geüpload bestand)",
        ),
    )
}
DEFAULT_TARGET = "rivm2021"
# With observations from fewer municipalities than this, municipality-level weights cannot be told apart
# (they are constant within a municipality): they stay at their defaults and only wijk-level weights are fitted.
MIN_MUNICIPALITIES_FOR_FULL_FIT = 12
NO_TARGET = "Zonder waargenomen aantallen is kalibratie op een landelijk doel nodig."
# A wijk where nobody lives (CBS "Groot water", a port or business area with 0 inhabitants) gets no
# estimate: no share, no interval, no drivers. Pages, CSV, GeoJSON and the API say so, or give null.
NO_ESTIMATE = "Geen schatting: hier woont niemand"


def _national_share(target: Target) -> float:
    """The national share a calibration aims at; only the 'geen' target has none (the fit sets the level)."""
    if target.value is None:
        raise ValueError(NO_TARGET)
    return target.value


@dataclass
class EstimateRow:
    """One area's estimate. For a wijk where nobody lives the estimate fields are None (see NO_ESTIMATE)."""

    level: str
    code: str
    name: str
    parent_code: str
    births: float
    share: float | None
    share_lower: float | None
    share_upper: float | None
    number: float | None
    number_lower: float | None
    number_upper: float | None
    drivers: list = field(default_factory=list)

    @property
    def has_estimate(self) -> bool:
        return self.share is not None


@dataclass
class ComputedModel:
    kind: str
    coefficients: dict
    calibration: dict
    inputs: list[dict]
    validation: dict
    summary: dict
    rows: list[EstimateRow]


def _input_meta(means: dict[str, float], sds: dict[str, float]) -> list[dict]:
    return [
        {
            "key": s.key,
            "label": s.label,
            "level": s.level,
            "year": s.year,
            "source": s.source,
            "sign": s.sign,
            "default_beta": s.default_beta,
            "mean": round(means[s.key], 4),
            "sd": round(sds[s.key], 4),
            "reason": s.reason,
        }
        for s in INPUTS
    ]


def compute(
    table: InputTable,
    *,
    target_key: str = DEFAULT_TARGET,
    observed: Observed | None = None,
    observed_source: str = "",
) -> ComputedModel:
    target = TARGETS[target_key]
    if target.value is None and observed is None:
        raise ValueError(NO_TARGET)
    z, means, sds = standardise(table)
    codes, gm = engine.group_matrix(table.municipality_codes)
    validation: dict = {}
    if observed is None:
        kind = "default"
        weights = np.array([s.sign * s.default_beta for s in INPUTS])
        scale, b0 = engine.calibrate_scale(z, weights, table.births, gm, _national_share(target))
        beta, cov = engine.default_prior(scale, PRIOR_SD_FRACTION)
        fitted = np.zeros(len(INPUTS), dtype=bool)
    else:
        kind = "fitted"
        index = {c: i for i, c in enumerate(table.wijk_codes)}
        rows = np.array([index[c] for c in observed.wijk_codes])
        groups = [table.municipality_codes[i] for i in rows]
        free = np.ones(len(INPUTS), dtype=bool)
        if len(set(groups)) < MIN_MUNICIPALITIES_FOR_FULL_FIT:
            free = np.array([s.level == "wijk" for s in INPUTS])
        weights = np.array([s.sign * s.default_beta for s in INPUTS])
        d_scale, _ = engine.calibrate_scale(
            z, weights, table.births, gm, _national_share(TARGETS[DEFAULT_TARGET])
        )
        beta, cov = engine.default_prior(d_scale, PRIOR_SD_FRACTION)
        offset = z[rows][:, ~free] @ beta[~free]
        fit = fit_observed(z[rows][:, free], observed.vulnerable, observed.births, groups, offset)
        beta[free] = fit.beta
        cov[np.ix_(free, free)] = fit.cov
        fitted = free
        scale = 1.0
        b0 = (
            fit.intercept
            if target.value is None
            # lp is one-dimensional here, so the intercept is a single number
            else float(engine.solve_intercept(z @ beta, table.births, target.value))
        )
        validation = {
            **fit.validation,
            "bron": observed_source,
            "jaren": observed.years,
            "regels": observed.rows,
            "geschat": [s.key for s, f in zip(INPUTS, free, strict=True) if f],
            "vast_op_standaard": [s.key for s, f in zip(INPUTS, free, strict=True) if not f],
        }
    lp = z @ beta
    share = expit(b0 + lp)
    params = engine.Params(beta=beta, cov=cov, intercept=float(b0))
    sim = engine.simulate(z, table.births, params, gm, target.value)
    drivers = engine.drivers(z, beta)
    g_births = gm @ table.births
    g_number = gm @ (table.births * share)
    g_share = np.divide(g_number, g_births, out=np.zeros_like(g_number), where=g_births > 0)
    populated = g_births > 0
    spread = engine.spread_groups(table.births, gm)
    out: list[EstimateRow] = []
    for k, code in enumerate(table.wijk_codes):
        if table.inhabitants[k] <= 0:  # nobody lives here: listed, but without an estimate
            out.append(
                EstimateRow(
                    "wijk",
                    code,
                    table.wijk_names[k],
                    table.municipality_codes[k],
                    0.0,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    [],
                )
            )
            continue
        # The interval is the simulation's own 5th–95th percentile; it is not stretched to hold the estimate.
        out.append(
            EstimateRow(
                "wijk",
                code,
                table.wijk_names[k],
                table.municipality_codes[k],
                float(table.births[k]),
                float(share[k]),
                float(sim.share_lo[k]),
                float(sim.share_hi[k]),
                float(table.births[k] * share[k]),
                float(sim.count_lo[k]),
                float(sim.count_hi[k]),
                drivers[k],
            )
        )
    # A municipality's drivers: the birth-weighted mean of its wijken's standardised inputs.
    g_z = np.divide(
        gm @ (z * table.births[:, None]),
        g_births[:, None],
        out=np.zeros((len(codes), z.shape[1])),
        where=g_births[:, None] > 0,
    )
    g_drivers = engine.drivers(g_z, beta)
    for i, code in enumerate(codes):
        out.append(
            EstimateRow(
                "gemeente",
                code,
                table.municipality_names.get(code, code),
                "NL00",
                float(g_births[i]),
                float(g_share[i]),
                float(sim.group_share_lo[i]),
                float(sim.group_share_hi[i]),
                float(g_number[i]),
                float(sim.group_count_lo[i]),
                float(sim.group_count_hi[i]),
                g_drivers[i],
            )
        )
    total_births = float(table.births.sum())
    total_number = float(g_number.sum())
    out.append(
        EstimateRow(
            "land",
            "NL00",
            "Nederland",
            "",
            total_births,
            total_number / total_births,
            sim.total_share_lo,
            sim.total_share_hi,
            total_number,
            sim.total_lo,
            sim.total_hi,
            [],
        )
    )
    sd = np.sqrt(np.diag(cov))
    return ComputedModel(
        kind=kind,
        coefficients={
            "intercept": round(float(b0), 6),
            "scale": round(float(scale), 6),
            "beta": {s.key: round(float(b), 6) for s, b in zip(INPUTS, beta, strict=True)},
            "sd": {s.key: round(float(v), 6) for s, v in zip(INPUTS, sd, strict=True)},
            # What each SD is: "prior" (a documented assumption: default weights, and weights a fit kept
            # at their default) or "fit" (a standard error from the GLM).
            "sd_kind": {s.key: "fit" if f else "prior" for s, f in zip(INPUTS, fitted, strict=True)},
            "cov": [[round(float(v), 10) for v in row] for row in cov],
            "prior_sd_fraction": PRIOR_SD_FRACTION if kind == "default" else None,
            "target_logit_sd": engine.TARGET_LOGIT_SD if target.value is not None else None,
            "draws": engine.DRAWS,
        },
        calibration={
            "doel": target.key,
            "omschrijving": target.description,
            "bron": target.source,
            "waarde": target.value,
            "bereik_gemeenten": [
                round(float(g_share[populated].min()), 4),
                round(float(g_share[populated].max()), 4),
            ],
            # The spread the scale is calibrated on: municipalities with enough births only.
            "bereik_gemeenten_spreiding": [
                round(float(g_share[spread].min()), 4),
                round(float(g_share[spread].max()), 4),
            ],
            "min_geboorten_spreiding": engine.MIN_BIRTHS_FOR_SPREAD,
            "bereik_gepubliceerd": list(engine.PUBLISHED_RANGE),
            "schaal_gekalibreerd": kind == "default",
        },
        inputs=_input_meta(means, sds),
        validation=validation,
        summary={
            "geboorten": round(total_births, 1),
            "aantal": round(total_number, 1),
            "aandeel": round(total_number / total_births, 5),
            # The national share interval (model uncertainty), the same as the NL row's.
            "ondergrens": round(sim.total_share_lo, 5),
            "bovengrens": round(sim.total_share_hi, 5),
            "wijken": len(table),
            "gemeenten": len(codes),
            # Wijken listed without an estimate because nobody lives there (NO_ESTIMATE); they are not
            # stored as estimates, the pages, exports and API list them from here.
            "zonder_schatting": [
                {"code": r.code, "naam": r.name, "gemeentecode": r.parent_code}
                for r in out
                if not r.has_estimate
            ],
            "geboorten_toelichting": BIRTHS_NOTE,
        },
        rows=out,
    )
