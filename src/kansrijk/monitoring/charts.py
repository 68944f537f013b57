"""Small pictures for the monitor pages, drawn on the server as inline SVG (no script needed; the PDF
uses the same drawings). Every picture has a text alternative and a table beside it with every value.

- `trend_svg`: one indicator over the closed periods, oldest left. A suppressed or missing period is a
  gap in the line (never a zero), and percentages start their axis at 0 so a small change does not look
  large.
- `map_svg`: the municipalities of the Netherlands coloured by where the programme stands.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape

# Colour-blind safe, dark enough on white for the line and marks (WCAG 1.4.11: ≥ 3:1).
LINE = "#1f5f99"
GRID = "#767676"


@dataclass(frozen=True)
class Point:
    label: str
    value: float | None  # None: suppressed or no figure


def _fmt(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}".replace(".", ",")


def trend_svg(points: Sequence[Point], *, unit: str, title: str, width: int = 240, height: int = 64) -> str:
    """A line over the periods with the first and last value written out. `unit`: 'percentage',
    'aantal' or 'dagen'. Empty string when no period has a value."""
    values = [p.value for p in points if p.value is not None]
    if not values:
        return ""
    top = max(values)
    low = 0.0 if unit == "percentage" or min(values) >= 0 else min(values)
    top = 100.0 if unit == "percentage" and top > 50 else max(top, low + 1)
    pad_x, pad_y = 6, 10
    step = (width - 2 * pad_x) / max(len(points) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        y = height - pad_y - (v - low) / (top - low) * (height - 2 * pad_y)
        return round(pad_x + i * step, 1), round(y, 1)

    segments: list[list[tuple[float, float]]] = [[]]
    for i, p in enumerate(points):
        if p.value is None:
            if segments[-1]:
                segments.append([])
            continue
        segments[-1].append(xy(i, p.value))
    lines = []
    for seg in segments:
        if len(seg) > 1:
            d = " ".join(f"{x},{y}" for x, y in seg)
            lines.append(f'<polyline points="{d}" fill="none" stroke="{LINE}" stroke-width="2"/>')
        for x, y in seg:
            lines.append(f'<circle cx="{x}" cy="{y}" r="2.5" fill="{LINE}"/>')
    base_y = height - pad_y
    alt = "; ".join(f"{p.label}: {'geen cijfer' if p.value is None else _fmt(p.value)}" for p in points)
    return (
        f'<svg class="kr-trend" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}. {escape(alt)}">'
        f'<line x1="{pad_x}" y1="{base_y}" x2="{width - pad_x}" y2="{base_y}" stroke="{GRID}" stroke-width="1"/>'
        + "".join(lines)
        + "</svg>"
    )


# --- the map ------------------------------------------------------------------------------------------

# Where the programme stands in a municipality, in order of the legend (light to dark; each with a text
# label in the legend and the table: colour is never the only carrier).
MAP_CLASSES: tuple[tuple[str, str], ...] = (
    ("geen", "#f0f0f0"),
    ("aangevraagd", "#c6dbef"),
    ("bevestigd", "#6baed6"),
    ("ketenaanpak", "#08519c"),
)


def _rings(geometry: Mapping[str, Any]) -> list[list[list[float]]]:
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def map_svg(
    geometries: Mapping[str, str], classes: Mapping[str, str], *, title: str, width: int = 320
) -> str:
    """Municipality code → GeoJSON geometry text, and code → class key of MAP_CLASSES. The projection is
    a plain equirectangular one scaled by cos(52°), good enough for a country this small."""
    shapes: list[tuple[str, list[list[list[float]]]]] = []
    for code, text in sorted(geometries.items()):
        try:
            rings = _rings(json.loads(text))
        except ValueError:
            continue
        if rings:
            shapes.append((code, rings))
    if not shapes:
        return ""
    k = math.cos(math.radians(52.0))
    xs = [pt[0] * k for _c, rings in shapes for ring in rings for pt in ring]
    ys = [pt[1] for _c, rings in shapes for ring in rings for pt in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    scale = width / (x1 - x0)
    height = round((y1 - y0) * scale)
    colours = dict(MAP_CLASSES)
    paths = []
    for code, rings in shapes:
        d = "".join(
            "M" + "L".join(f"{(x * k - x0) * scale:.1f},{(y1 - y) * scale:.1f}" for x, y, *_ in ring) + "Z"
            for ring in rings
        )
        fill = colours[classes.get(code, "geen")]
        paths.append(f'<path d="{d}" fill="{fill}"/>')
    return (
        f'<svg class="kr-map" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f'<g stroke="#555" stroke-width="0.3">{"".join(paths)}</g></svg>'
    )
