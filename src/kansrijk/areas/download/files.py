"""Writing and checking the produced files, in exactly the open-data folder's formats."""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Collection
from pathlib import Path
from typing import Any

from kansrijk.areas.download.http import DownloadError

CODE_PATTERNS: dict[str, re.Pattern[str]] = {
    "gemeentecode": re.compile(r"^GM\d{4}$"),
    # Since 2023 some wijk codes contain letters (README): WK0363AA.
    "wijkcode": re.compile(r"^WK\d{4}[0-9A-Z]{2}$"),
    "provinciecode": re.compile(r"^PV\d{2}$"),
}


def cell(value: Any) -> str:
    """CSV cell as in the open-data files: empty for missing, numbers as floats ("243768.0")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return "" if isinstance(value, float) and math.isnan(value) else repr(float(value))
    return str(value)


def write_csv(
    path: Path, header: list[str], rows: list[dict[str, Any]], *, raw: Collection[str] = frozenset()
) -> None:
    """Comma-separated UTF-8 with a header; columns in `raw` are written as-is (years, integers, codes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(
                ["" if row.get(c) is None else str(row[c]) if c in raw else cell(row.get(c)) for c in header]
            )


def write_geojson(path: Path, features: list[dict[str, Any]], **extra: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"type": "FeatureCollection", **extra, "features": features}
    path.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def validate_csv(path: Path, required: list[str]) -> int:
    """Header has the required columns, at least one row, codes well-formed. Returns the row count."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise DownloadError(f"Controle mislukt: {path.name} mist de kolom(men) {', '.join(missing)}.")
        count = 0
        for line, row in enumerate(reader, start=2):
            count += 1
            for column, pattern in CODE_PATTERNS.items():
                value = row.get(column)
                if value and not pattern.match(value):
                    raise DownloadError(
                        f"Controle mislukt: {path.name}, regel {line}, kolom {column}: ongeldige code {value!r}."
                    )
    if count == 0:
        raise DownloadError(f"Controle mislukt: {path.name} bevat geen rijen.")
    return count


def validate_geojson(path: Path, name_property: str) -> int:
    doc = json.loads(path.read_text(encoding="utf-8"))
    features = doc.get("features") if isinstance(doc, dict) else None
    if doc.get("type") != "FeatureCollection" or not isinstance(features, list) or not features:
        raise DownloadError(f"Controle mislukt: {path.name} is geen GeoJSON FeatureCollection met gebieden.")
    for i, feature in enumerate(features):
        if not (feature.get("geometry") or {}).get("coordinates"):
            raise DownloadError(f"Controle mislukt: {path.name}, gebied {i + 1} heeft geen geometrie.")
        if not (feature.get("properties") or {}).get(name_property):
            raise DownloadError(f"Controle mislukt: {path.name}, gebied {i + 1} mist {name_property}.")
    return len(features)
