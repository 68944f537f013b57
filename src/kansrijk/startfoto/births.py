"""Births are one number, with honest precision (issue 10, §3).

CBS publishes no birth count per municipality in the open data; we derive it as the birth rate per 1,000
inhabitants (rounded by CBS to whole numbers) × inhabitants / 1,000 — one derivation, shared with the
atlas. The rounding of the rate is the uncertainty: the true count lies between (rate − 0.5) and
(rate + 0.5) per 1,000 inhabitants. So the page writes "≈ 9.700 (tussen 9.300 en 10.200)" instead of
"9.709", and a count below 10 is "<10", the same small-number rule as the atlas
(kansrijk.core.disclosure.THRESHOLD).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kansrijk.core.disclosure import THRESHOLD
from kansrijk.core.precision import derived_count_step, round_derived_count
from kansrijk.startfoto.presentation import format_number
from kansrijk.startfoto.types import IndicatorFigure

BIRTHS_KEY = "geboorten"
RATE_KEY = "geboorte_relatief"
SMALL = f"<{THRESHOLD}"


@dataclass(frozen=True)
class BirthsEstimate:
    value: float | None  # the rounded central value, or None when below the threshold
    lower: int | None
    upper: int | None
    text: str  # "≈ 9.700" or "<10"
    interval: str  # "tussen 9.300 en 10.200" or ""


def births_estimate(value: float | None, rate: float | None) -> BirthsEstimate | None:
    """The published form of a derived birth count; None when there is no value."""
    if value is None:
        return None
    if round(value) < THRESHOLD:
        return BirthsEstimate(value=None, lower=None, upper=None, text=SMALL, interval="")
    step = derived_count_step(value)
    central = round_derived_count(value)
    if not rate or rate <= 0.5:
        return BirthsEstimate(
            value=central, lower=None, upper=None, text=f"≈ {format_number(central, 'aantal')}", interval=""
        )
    lower = math.floor(value * (rate - 0.5) / rate / step) * step
    upper = math.ceil(value * (rate + 0.5) / rate / step) * step
    lower = max(lower, 0)
    interval = f"tussen {format_number(lower, 'aantal')} en {format_number(upper, 'aantal')}"
    return BirthsEstimate(
        value=central,
        lower=lower,
        upper=upper,
        text=f"≈ {format_number(central, 'aantal')}",
        interval=interval,
    )


def births_for(figure: IndicatorFigure, figures: list[IndicatorFigure]) -> BirthsEstimate | None:
    """The estimate for the births figure of a startfoto (its rate: the same year's birth rate)."""
    if figure.key != BIRTHS_KEY:
        return None
    rate = next((f for f in figures if f.key == RATE_KEY), None)
    same_year = rate is not None and rate.year == figure.year
    return births_estimate(figure.value, rate.value if rate is not None and same_year else None)
