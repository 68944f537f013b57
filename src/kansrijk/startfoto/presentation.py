"""How startfoto figures are written for people: Dutch number format and the verbal comparison.

Shared by the page and (if they wish) the exports, so a figure reads the same everywhere.
"""

from __future__ import annotations

from kansrijk.areas.models import Direction
from kansrijk.startfoto.types import Comparison, IndicatorFigure

NOT_AVAILABLE = "niet beschikbaar"

COMPARISON_LABELS: dict[str, str] = {
    "ggd_regio": "GGD-regio",
    "provincie": "provincie",
    "nederland": "Nederland",
    "vergelijkbare_gemeenten": "vergelijkbare gemeenten",
}


def format_number(value: float | None, unit: str = "", digits: int | None = None) -> str:
    """1234.5 → "1.234,5"; whole numbers without decimals; counts without decimals."""
    if value is None:
        return NOT_AVAILABLE
    if digits is None:
        if unit == "aantal" or abs(value) >= 1000 or float(value).is_integer():
            digits = 0
        elif abs(value) < 10 and unit not in ("%",):
            digits = 2
        else:
            digits = 1
    text = f"{value:,.{digits}f}"
    # Python's "1,234.5" → Dutch "1.234,5"; a typographic minus for negative numbers.
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".").replace("-", "−")


# CBS publishes money in thousands of euros; people read euros (issue 10, B1: not "517 × € 1.000").
THOUSAND_EUROS = "× € 1.000"


def format_value(value: float | None, unit: str) -> str:
    """The number with its unit: "23 %", "12,5 per 1.000 inwoners", "1.234" (counts: no unit), and
    money in whole euros ("€ 517.000" for 517 in thousands of euros)."""
    if value is not None and unit == THOUSAND_EUROS:
        # CBS rounds to hundreds of euros at most; more digits than that would be invented precision.
        return f"€ {format_number(round(value * 1000, -2), 'aantal')}"
    number = format_number(value, unit)
    if value is None or unit in ("", "aantal", "klasse"):
        return number
    return f"{number}%" if unit == "%" else f"{number} {unit}"


def tolerance(value: float) -> float:
    # PDOK publishes most municipality percentages rounded to whole numbers: a difference smaller than
    # that rounding is not a difference.
    return 0.5 if float(value).is_integer() else 0.05


def compare(figure: IndicatorFigure, comparison: Comparison) -> str:
    """ "hoger dan Nederland (ongunstiger)" — only for indicators with a direction; "" otherwise."""
    if figure.value is None or comparison.value is None or figure.direction == Direction.NEUTRAL:
        return ""
    label = COMPARISON_LABELS.get(comparison.level, comparison.area.name)
    diff = figure.value - comparison.value
    if abs(diff) < tolerance(figure.value):
        return f"ongeveer gelijk aan {label}"
    higher = diff > 0
    favourable = higher == (figure.direction == Direction.HIGHER_BETTER)
    verdict = "gunstiger" if favourable else "ongunstiger"
    return f"{'hoger' if higher else 'lager'} dan {label} ({verdict})"
