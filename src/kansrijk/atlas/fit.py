"""Observed counts per wijk (CSV) → a binomial GLM with a logit link, with 5-fold cross-validation.

The file is checked completely before anything is fitted: every problem is reported with file, line
and column in Dutch, and nothing is stored when there is any problem.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from scipy.special import expit, logit

COLUMNS = ("wijkcode", "jaar", "geboorten", "kwetsbaar")
MAX_ERRORS = 20
FOLDS = 5


class ObservedFileError(Exception):
    """A file with problems; `errors` holds one Dutch line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Observed:
    """Counts summed per wijk over the years in the file (the model has no time component)."""

    wijk_codes: list[str]
    births: np.ndarray
    vulnerable: np.ndarray
    years: list[int]
    rows: int


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


def read_observed(*, text: str, name: str, known_codes: set[str]) -> Observed:
    """Parse and check `wijkcode,jaar,geboorten,kwetsbaar` (comma or semicolon separated)."""
    errors: list[str] = []
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        raise ObservedFileError([f"{name}: het bestand is leeg."])
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    if tuple(header) != COLUMNS:
        raise ObservedFileError(
            [f"{name}: regel 1: verwachte kolommen {','.join(COLUMNS)}; gevonden: {','.join(header)}."]
        )
    seen: dict[tuple[str, int], int] = {}
    per_wijk: dict[str, list[int]] = {}
    years: set[int] = set()
    rows = 0
    for line_no, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) != len(COLUMNS):
            errors.append(f"{name}: regel {line_no}: {len(row)} kolommen, verwacht {len(COLUMNS)}.")
            continue
        code = row[0].strip().upper()
        numbers: dict[str, int] = {}
        for col, raw in zip(COLUMNS[1:], row[1:], strict=True):
            value = _int(raw)
            if value is None:
                errors.append(f"{name}: regel {line_no}, kolom {col}: '{raw.strip()}' is geen geheel getal.")
            elif value < 0:
                errors.append(f"{name}: regel {line_no}, kolom {col}: {value} is negatief.")
            else:
                numbers[col] = value
        if code not in known_codes:
            errors.append(
                f"{name}: regel {line_no}, kolom wijkcode: onbekende wijkcode '{row[0].strip()}' "
                "(verwacht een wijkcode uit de indeling 2024, bijv. WK059901)."
            )
        if len(numbers) == 3:
            if numbers["kwetsbaar"] > numbers["geboorten"]:
                errors.append(
                    f"{name}: regel {line_no}, kolom kwetsbaar: {numbers['kwetsbaar']} is groter dan "
                    f"geboorten ({numbers['geboorten']})."
                )
            key = (code, numbers["jaar"])
            if key in seen:
                errors.append(
                    f"{name}: regel {line_no}: wijk {code} met jaar {numbers['jaar']} staat er dubbel in "
                    f"(ook op regel {seen[key]})."
                )
            seen[key] = line_no
            if code in known_codes:
                acc = per_wijk.setdefault(code, [0, 0])
                acc[0] += numbers["geboorten"]
                acc[1] += numbers["kwetsbaar"]
                years.add(numbers["jaar"])
        if len(errors) >= MAX_ERRORS:
            errors.append(f"{name}: gestopt na {MAX_ERRORS} fouten.")
            break
    if not errors and not rows:
        errors.append(f"{name}: geen gegevensregels na de kopregel.")
    if not errors and sum(v[0] for v in per_wijk.values()) == 0:
        errors.append(f"{name}: alle geboorten zijn 0; er valt niets te schatten.")
    if errors:
        raise ObservedFileError(errors)
    codes = sorted(per_wijk)
    return Observed(
        wijk_codes=codes,
        births=np.array([per_wijk[c][0] for c in codes], dtype=float),
        vulnerable=np.array([per_wijk[c][1] for c in codes], dtype=float),
        years=sorted(years),
        rows=rows,
    )


def read_observed_file(path: Path, known_codes: set[str]) -> Observed:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise ObservedFileError([f"{path}: bestand niet gevonden."]) from exc
    except UnicodeDecodeError as exc:
        raise ObservedFileError([f"{path}: geen UTF-8-tekst (sla het op als CSV UTF-8)."]) from exc
    return read_observed(text=text, name=str(path), known_codes=known_codes)


@dataclass(frozen=True)
class FitResult:
    intercept: float
    beta: np.ndarray
    cov: np.ndarray  # covariance of the slopes only (the intercept is recalibrated or kept separately)
    intercept_sd: float
    validation: dict


def _glm(x: np.ndarray, k: np.ndarray, n: np.ndarray, offset: np.ndarray | None = None) -> sm.GLM:
    endog = np.column_stack([k, n - k])
    return sm.GLM(
        endog, sm.add_constant(x, has_constant="add"), family=sm.families.Binomial(), offset=offset
    ).fit()


def _deviance(k: np.ndarray, n: np.ndarray, p: np.ndarray) -> float:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = np.where(k > 0, k * np.log(k / (n * p)), 0.0)
        b = np.where(n - k > 0, (n - k) * np.log((n - k) / (n * (1 - p))), 0.0)
    return float(2 * (a + b).sum())


def _folds(groups: list[str]) -> np.ndarray:
    """Fold per row, whole municipalities together (so a wijk is never predicted from its neighbours)
    when there are at least five municipalities; otherwise per wijk."""
    keys = sorted(set(groups)) if len(set(groups)) >= FOLDS else None
    rng = np.random.default_rng(7)
    if keys is None:
        return rng.permutation(len(groups)) % FOLDS
    fold_of = dict(zip(keys, rng.permutation(len(keys)) % FOLDS, strict=True))
    return np.array([fold_of[g] for g in groups])


def fit_observed(
    z: np.ndarray, k: np.ndarray, n: np.ndarray, groups: list[str], offset: np.ndarray | None = None
) -> FitResult:
    """Fit on the observed wijken; cross-validate (5-fold deviance explained and calibration slope).
    `offset` carries the part of the linear predictor that is held fixed (not estimated)."""
    keep = n > 0
    z, k, n = z[keep], k[keep], n[keep]
    off = np.zeros(len(k)) if offset is None else offset[keep]
    groups = [g for g, ok in zip(groups, keep, strict=True) if ok]
    res = _glm(z, k, n, off)
    params, cov = np.asarray(res.params), np.asarray(res.cov_params())
    folds = _folds(groups)
    oof = np.full(len(k), np.nan)
    null_oof = np.full(len(k), np.nan)
    for f in range(FOLDS):
        test = folds == f
        if not test.any() or test.all():
            continue
        r = _glm(z[~test], k[~test], n[~test], off[~test])
        oof[test] = expit(sm.add_constant(z[test], has_constant="add") @ np.asarray(r.params) + off[test])
        null_oof[test] = k[~test].sum() / n[~test].sum()
    ok = ~np.isnan(oof)
    dev_model = _deviance(k[ok], n[ok], oof[ok])
    dev_null = _deviance(k[ok], n[ok], null_oof[ok])
    slope_fit = _glm(logit(np.clip(oof[ok], 1e-9, 1 - 1e-9))[:, None], k[ok], n[ok])
    fitted = np.asarray(res.fittedvalues)
    order = np.argsort(oof[ok])
    bins = []
    n_bins = int(min(10, max(2, ok.sum() // 20)))
    for idx in np.array_split(order, n_bins):
        nb, kb = n[ok][idx].sum(), k[ok][idx].sum()
        if nb <= 0:
            continue
        bins.append(
            {
                "voorspeld": round(float((oof[ok][idx] * n[ok][idx]).sum() / nb), 4),
                "waargenomen": round(float(kb / nb), 4),
                "geboorten": int(nb),
                "wijken": len(idx),
            }
        )
    validation = {
        "wijken": int(len(k)),
        "gemeenten": len(set(groups)),
        "geboorten": int(n.sum()),
        "kwetsbaar": int(k.sum()),
        "aandeel_waargenomen": round(float(k.sum() / n.sum()), 4),
        "deviantie": round(float(res.deviance), 1),
        "deviantie_nul": round(float(res.null_deviance), 1),
        "cv_folds": FOLDS,
        "cv_deviantie": round(dev_model, 1),
        "cv_deviantie_nul": round(dev_null, 1),
        "cv_verklaarde_deviantie": round(1 - dev_model / dev_null, 3) if dev_null > 0 else None,
        "cv_kalibratiehelling": round(float(np.asarray(slope_fit.params)[1]), 3),
        "in_sample_gemiddeld": round(float((fitted * n).sum() / n.sum()), 4),
        "bins": bins,
    }
    return FitResult(
        intercept=float(params[0]),
        beta=params[1:],
        cov=cov[1:, 1:],
        intercept_sd=float(np.sqrt(cov[0, 0])),
        validation=validation,
    )
