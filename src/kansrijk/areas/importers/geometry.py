"""Boundary geometry → compact GeoJSON text for `Area.geometry`.

Some simplified PDOK geometries self-intersect: they are repaired with `make_valid` first (the README
asks for it before any geometric operation), then lightly simplified and rounded to 5 decimals
(~1 m), which keeps the map faithful and the wijk layer small enough to send to a browser.
"""

from __future__ import annotations

import json
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import make_valid

# Degrees (WGS84): ~10 m, well below the ~100 m generalisation of the source files.
TOLERANCE = 0.0001
DECIMALS = 5


def _polygons(geom: BaseGeometry) -> BaseGeometry | None:
    """Keep the areal parts: make_valid may return a collection with stray lines or points."""
    if isinstance(geom, Polygon | MultiPolygon):
        return geom
    parts: list[Polygon] = []
    for part in getattr(geom, "geoms", []):
        if isinstance(part, Polygon):
            parts.append(part)
        elif isinstance(part, MultiPolygon):
            parts.extend(part.geoms)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def _round(coords: Any) -> Any:
    if isinstance(coords, float | int):
        return round(float(coords), DECIMALS)
    return [_round(c) for c in coords]


def compact_geometry(geometry: dict[str, Any] | None) -> str:
    """Repaired, simplified, rounded geometry as GeoJSON text; "" when there is no usable geometry."""
    if not geometry:
        return ""
    geom = shape(geometry)
    if geom.is_empty:
        return ""
    if not geom.is_valid:
        geom = make_valid(geom)
    simple = geom.simplify(TOLERANCE, preserve_topology=True)
    polygons = _polygons(simple if not simple.is_empty else geom)
    if polygons is None:
        return ""
    out = mapping(polygons)
    return json.dumps({"type": out["type"], "coordinates": _round(out["coordinates"])}, separators=(",", ":"))
