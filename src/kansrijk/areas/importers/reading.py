"""Strict reading of the open-data CSV and GeoJSON files.

Everything is read as text first and checked here, so that a broken file gives one precise Dutch
message (file, line, column) instead of a polars stack trace or, worse, silently wrong numbers.
Line numbers count the header as line 1, as a spreadsheet or text editor shows them.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polars as pl

from kansrijk.areas.importers.errors import DataImportError

# Column names in every file we read are lower-case identifiers (KWB: "0_15", "pct_hhd_met_kind").
COLUMN_NAME = re.compile(r"^[a-z0-9_]+$")
# Values a source uses for "no value" (CBS: empty; the postcode file: NA).
NULL_VALUES = ["", "NA"]
# Percent columns are checked for 0–100 too: all pct_* columns and the age shares.
AGE_COLUMNS = frozenset({"0_15", "15_25", "25_45", "45_65", "65plus"})


def is_percent_column(name: str) -> bool:
    return name.startswith("pct_") or name in AGE_COLUMNS


def decode_utf8(path: Path) -> str:
    """The file's text; a file that is not UTF-8 (latin-1, UTF-16 …) is refused with its line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataImportError(path, None, None, f"bestand niet te lezen ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        raise DataImportError(
            path, line, None, f"geen UTF-8-tekst (byte 0x{byte}); sla het bestand op als UTF-8"
        ) from exc
    return text.removeprefix("\ufeff")  # a UTF-8 byte-order mark is harmless


def _header(path: Path, text: str) -> list[str]:
    first = text.split("\n", 1)[0].rstrip("\r")
    if not first.strip():
        raise DataImportError(path, 1, None, "de kopregel ontbreekt of is leeg")
    names = next(csv.reader([first]))
    if len(names) == 1:
        for sep, label in ((";", "puntkomma"), ("\t", "tab")):
            if sep in first:
                raise DataImportError(
                    path, 1, None, f"scheidingsteken is een {label}; verwacht een komma (',')"
                )
    seen: set[str] = set()
    for name in names:
        if not COLUMN_NAME.match(name):
            shown = name if name else "(leeg)"
            raise DataImportError(path, 1, shown, "onbekende of lege kolomnaam in de kopregel")
        if name in seen:
            raise DataImportError(path, 1, name, "kolomnaam komt twee keer voor")
        seen.add(name)
    return names


def read_csv(path: Path, *, required: Iterable[str], text_columns: Iterable[str]) -> pl.DataFrame:
    """Read a comma-separated UTF-8 file; every column not in `text_columns` must hold numbers.

    Returns a frame with text columns as strings and all other columns as Float64 (None = empty).
    """
    if not path.is_file():
        raise DataImportError(path, None, None, "bestand ontbreekt in de datamap")
    text = decode_utf8(path)
    names = _header(path, text)
    missing = [c for c in required if c not in names]
    if missing:
        raise DataImportError(path, 1, missing[0], "verplichte kolom ontbreekt")
    try:
        frame = pl.read_csv(
            io.StringIO(text),
            infer_schema_length=0,  # everything as text: we check the numbers ourselves
            null_values=NULL_VALUES,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as exc:
        raise DataImportError(path, _ragged_line(text, len(names)), None, _short(exc)) from exc
    texts = set(text_columns)
    casts = []
    for name in frame.columns:
        if name in texts:
            continue
        raw = frame.get_column(name).str.strip_chars()
        number = raw.cast(pl.Float64, strict=False)
        bad = (raw.is_not_null() & number.is_null()) | number.is_nan() | number.is_infinite()
        if bad.any():
            index = int(bad.arg_true()[0])
            raise DataImportError(path, index + 2, name, f"'{raw[index]}' is geen getal")
        if is_percent_column(name):
            wrong = (number < 0) | (number > 100)
            if wrong.any():
                index = int(wrong.arg_true()[0])
                raise DataImportError(
                    path, index + 2, name, f"'{raw[index]}' is geen mogelijk percentage (0–100)"
                )
        casts.append(number.alias(name))
    return frame.with_columns(casts) if casts else frame


def _ragged_line(text: str, width: int) -> int | None:
    """The first line whose number of fields differs from the header (for the error message)."""
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if row and len(row) != width:
            return number
    return None


def _short(exc: Exception) -> str:
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "field" in first.lower() or "ragged" in first.lower():
        return "aantal velden wijkt af van de kopregel"
    return f"CSV niet te lezen ({first[:120]})"


def check_codes(path: Path, frame: pl.DataFrame, column: str, pattern: re.Pattern[str], *, what: str) -> None:
    """Every code present, matching the pattern, and unique within the file."""
    codes = frame.get_column(column)
    for index, code in enumerate(codes.to_list()):
        if code is None or not pattern.match(code):
            raise DataImportError(path, index + 2, column, f"'{code or ''}' is geen geldige {what}")
    duplicated = codes.is_duplicated()
    if duplicated.any():
        index = int(duplicated.arg_true()[1])  # the second occurrence is the wrong one
        raise DataImportError(path, index + 2, column, f"code {codes[index]} komt twee keer voor")


def read_geojson(path: Path, *, key: str) -> dict[str, dict[str, Any]]:
    """Features of a GeoJSON FeatureCollection by the property `key` → {"properties", "geometry"}."""
    if not path.is_file():
        raise DataImportError(path, None, None, "bestand ontbreekt in de datamap")
    try:
        data = json.loads(decode_utf8(path))
        features = data["features"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        line = getattr(exc, "lineno", None)
        raise DataImportError(path, line, None, "geen geldige GeoJSON FeatureCollection") from exc
    out: dict[str, dict[str, Any]] = {}
    for feature in features:
        props = feature.get("properties") or {}
        name = props.get(key)
        if not name:
            raise DataImportError(path, None, key, "een feature mist deze eigenschap")
        out[str(name)] = {"properties": props, "geometry": feature.get("geometry")}
    return out
