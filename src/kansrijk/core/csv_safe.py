"""CSV cells that a spreadsheet will not run as a formula ("CSV injection").

Excel and LibreOffice treat a cell starting with = + - @ (and tab / carriage return, which some
versions skip first) as a formula, so a name like `=HYPERLINK(...)` typed in Kansrijk would become a
live link in the export. Text cells that start like that get a leading single quote; numbers stay
numbers, also negative ones.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _looks_numeric(text: str) -> bool:
    """'-1.5' or '-1,5' (decimal comma): a number written as text, which a spreadsheet reads as a number."""
    try:
        value = float(text.replace(",", ".", 1)) if text.count(",") <= 1 else float("nan")
    except ValueError:
        return False
    return not math.isnan(value) and not math.isinf(value)


def safe_cell(value: Any) -> Any:
    """`value` made safe for a CSV cell: formula-like text gets a leading `'`; anything else as is."""
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _looks_numeric(value):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in row]


class SafeWriter:
    """Wraps a `csv.writer`: every row goes through `safe_row` first."""

    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)
