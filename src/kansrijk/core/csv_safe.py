"""CSV cells that a spreadsheet will not run as a formula ("CSV injection").

Excel and LibreOffice treat a cell starting with = + - @ (and tab / carriage return, which some
versions skip first) as a formula, so a name like `=HYPERLINK(...)` typed in Kansrijk would become a
live link in the export. Text cells that start like that get a leading single quote; numbers stay
numbers, also negative ones.
"""

from __future__ import annotations

import csv
import io
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


def spreadsheet_cell(value: Any, *, decimal_comma: bool) -> str:
    """One cell as text: empty for None, "ja"/"nee" for booleans, numbers at the precision they have
    (decimal comma for Dutch spreadsheets), text made formula-safe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, float):
        text = f"{value:.10g}" if value != int(value) else str(int(value))
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, int | Decimal):
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    return str(safe_cell(str(value)))


def csv_text(columns: Iterable[str], rows: Iterable[dict[str, Any]], *, excel: bool = False) -> str:
    """RFC 4180 CSV (',' and decimal point) by default; `excel=True` gives what Dutch Excel opens
    directly: ';' separator, decimal comma and a UTF-8 byte-order mark. One helper for every download."""
    fieldnames = list(columns)
    out = io.StringIO()
    if excel:
        out.write("\ufeff")
    writer = csv.DictWriter(
        out, fieldnames=fieldnames, delimiter=";" if excel else ",", lineterminator="\r\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_cell(row.get(k), decimal_comma=excel) for k in fieldnames})
    return out.getvalue()
