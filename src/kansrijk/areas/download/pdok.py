"""PDOK WFS boundaries as simplified WGS84 GeoJSON, in the open-data folder's property layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shapely.geometry import mapping, shape
from shapely.ops import transform

from kansrijk.areas.download.http import DownloadError, fetch_json, with_query
from kansrijk.areas.download.sources import PdokLayer

PAGE_SIZE = 1000
MAX_PAGES = 200
# lon/lat explicitly: with "EPSG:4326" WFS 2.0 servers may answer in lat/lon axis order.
CRS84 = "urn:ogc:def:crs:OGC:1.3:CRS84"
# Simplification for web maps (the folder's files are simplified to about 100 m for municipalities).
TOLERANCE: dict[str, float] = {"gemeente": 0.001, "provincie": 0.001, "ggdregio": 0.001, "wijk": 0.0002}
DECIMALS: dict[str, int] = {"gemeente": 3, "provincie": 4, "ggdregio": 4, "wijk": 5}
# The Netherlands in lon/lat, with margin: used to reject or fix swapped axes.
NL_LON = (2.5, 7.5)
NL_LAT = (50.5, 54.0)


def _next_link(doc: dict[str, Any]) -> str | None:
    # OGC API Features / some WFS servers give a "next" link; otherwise we page with startIndex.
    for link in doc.get("links") or []:
        if isinstance(link, dict) and link.get("rel") == "next" and link.get("href"):
            return str(link["href"])
    return None


def fetch_features(
    base_url: str, layer: PdokLayer, *, on_page: Callable[[int], None] | None = None
) -> list[dict]:
    """All features of a WFS layer, page by page."""
    base = f"{base_url.rstrip('/')}/{layer.service}"
    features: list[dict] = []
    next_url: str | None = None
    for page in range(MAX_PAGES):
        url = next_url or with_query(
            base,
            {
                "service": "WFS",
                "version": "2.0.0",
                "request": "GetFeature",
                "typeName": layer.type_name,
                "outputFormat": "application/json",
                "srsName": CRS84,
                "count": str(PAGE_SIZE),
                "startIndex": str(page * PAGE_SIZE),
            },
        )
        doc = fetch_json(url)
        batch = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(batch, list):
            raise DownloadError(f"Onverwacht antwoord van PDOK ({layer.type_name}): geen GeoJSON 'features'.")
        features.extend(batch)
        if on_page is not None:
            on_page(len(batch))
        next_url = _next_link(doc)
        if next_url is None and len(batch) < PAGE_SIZE:
            return features
    raise DownloadError(f"PDOK gaf meer dan {MAX_PAGES} pagina's voor {layer.type_name}; afgebroken.")


def _round(coords: Any, decimals: int) -> Any:
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), decimals) for c in coords]
    return [_round(c, decimals) for c in coords]


def simplify(geometry: dict[str, Any], level: str) -> dict[str, Any]:
    """Simplified, lon/lat-checked geometry. Invalid input is kept drawable: make_valid happens on import."""
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DownloadError(f"Onverwacht antwoord van PDOK: ongeldige geometrie ({exc}).") from exc
    minx, miny, maxx, maxy = geom.bounds
    if NL_LAT[0] <= minx and maxx <= NL_LAT[1] and NL_LON[0] <= miny and maxy <= NL_LON[1]:
        geom = transform(lambda x, y: (y, x), geom)  # axes came back as lat/lon
        minx, miny, maxx, maxy = geom.bounds
    if not (NL_LON[0] <= minx and maxx <= NL_LON[1] and NL_LAT[0] <= miny and maxy <= NL_LAT[1]):
        raise DownloadError("Onverwacht antwoord van PDOK: coördinaten liggen niet in Nederland (WGS84).")
    simple = geom.simplify(TOLERANCE[level], preserve_topology=True)
    out = mapping(simple if not simple.is_empty else geom)
    return {"type": out["type"], "coordinates": _round(out["coordinates"], DECIMALS[level])}


def layer_features(
    base_url: str,
    layer: PdokLayer,
    *,
    wijk_properties: dict[str, dict[str, Any]] | None = None,
    on_page: Callable[[int], None] | None = None,
) -> list[dict[str, Any]]:
    """Features with the folder's properties per level."""
    out = []
    for feature in fetch_features(base_url, layer, on_page=on_page):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not geometry:
            continue
        if layer.level == "gemeente":
            keep = {k: props.get(k) for k in ("statcode", "jrstatcode", "statnaam", "rubriek", "id")}
            properties = {**keep, "FID": feature.get("id")}
        elif layer.level in {"provincie", "ggdregio"}:
            properties = {layer.level: props.get("statnaam")}
        else:
            code = str(props.get("wijkcode") or "")
            stats = (wijk_properties or {}).get(code)
            if stats is None:
                continue  # a PDOK wijk without KWB row is not in the KWB file either
            properties = {k: v for k, v in stats.items() if v is not None and k != "jaar"}
        out.append({"type": "Feature", "properties": properties, "geometry": simplify(geometry, layer.level)})
    return out
