"""Vega-Lite specs for the PDF and their server-side rendering to SVG (vl-convert, no browser).

Speed: vl-convert costs ~30–40 ms per call whatever the chart size, so the trend charts of one phase
are rendered as one faceted chart (one call per phase instead of one per indicator: ~3× faster).
"""

from __future__ import annotations

import json
from typing import Any

import vl_convert

from kansrijk.startfoto.charts import MUNICIPALITY_COLOUR, NEDERLAND_COLOUR, has_trend
from kansrijk.startfoto.types import IndicatorFigure
from kansrijk.startfoto.wijken import NO_DATA_COLOUR, WijkMap

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "DejaVu Sans"
NO_DATA_LABEL = "geen cijfer"
# Shared look: the PDF's font (so WeasyPrint measures text as vl-convert laid it out), no chart border.
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 9, "titleFontSize": 9, "gridColor": "#e6e6e6"},
    "legend": {"labelFontSize": 9, "titleFontSize": 9, "orient": "bottom"},
    "header": {"labelFontSize": 9.5, "labelFontWeight": "bold", "labelLimit": 230},
}


def render_svg(spec: dict[str, Any]) -> str:
    """Render one Vega-Lite spec to SVG with Dutch number formats (decimal comma); no network access."""
    return vl_convert.vegalite_to_svg(
        spec, config=CONFIG, format_locale="nl-NL", time_format_locale="nl-NL", allowed_base_urls=[]
    )


# --- trends ------------------------------------------------------------------------------------------


def trend_figures(figures: list[IndicatorFigure]) -> list[IndicatorFigure]:
    """Figures worth a trend chart: the page's rule (values in more than one year)."""
    return [f for f in figures if has_trend(f)]


def trend_facet_spec(figures: list[IndicatorFigure], municipality: str) -> dict[str, Any]:
    """Small multiples of the page's trend chart (`charts.trend_chart_spec`): the same data, colours,
    dash patterns and point shapes, one panel per indicator with its own y-scale, in one render."""
    values: list[dict[str, Any]] = []
    for order, figure in enumerate(figures):
        panel = f"{figure.title} ({figure.unit})" if figure.unit else figure.title
        for point in figure.trend:
            for area, value in ((municipality, point.value), ("Nederland", point.nederland)):
                if value is not None:
                    values.append(
                        {
                            "paneel": panel,
                            "volgorde": order,
                            "jaar": point.year,
                            "gebied": area,
                            "waarde": value,
                        }
                    )
    series = [municipality, "Nederland"]
    return {
        "$schema": SCHEMA,
        "description": f"Ontwikkeling in de tijd: {municipality} en Nederland",
        "data": {"values": values},
        "facet": {
            "field": "paneel",
            "type": "nominal",
            "title": None,
            "sort": {"field": "volgorde", "op": "min"},
            "header": {"labelAnchor": "start"},
        },
        "columns": 3,
        "spacing": {"row": 14, "column": 22},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {
            "width": 175,
            "height": 85,
            # No point marks: ~40% of the SVG's paths, and WeasyPrint draws SVG in Python.
            "mark": {"type": "line", "strokeWidth": 1.6},
            "encoding": {
                "x": {
                    "field": "jaar",
                    "type": "quantitative",
                    "title": None,
                    "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True, "grid": False},
                    "scale": {"zero": False, "nice": False},
                },
                "y": {
                    "field": "waarde",
                    "type": "quantitative",
                    "title": None,
                    "scale": {"zero": False},
                    "axis": {"tickCount": 3},
                },
                "color": {
                    "field": "gebied",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": series, "range": [MUNICIPALITY_COLOUR, NEDERLAND_COLOUR]},
                },
                # As on the page: never colour alone (the dash pattern differs too).
                "strokeDash": {
                    "field": "gebied",
                    "type": "nominal",
                    "scale": {"domain": series, "range": [[1, 0], [6, 4]]},
                    "legend": None,
                },
            },
        },
    }


# --- wijk map ----------------------------------------------------------------------------------------


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False)) / 2


def _oriented(ring: list[list[float]], clockwise: bool) -> list[list[float]]:
    # In lon/lat with y up, clockwise means a negative shoelace area.
    return ring if (_signed_area(ring) < 0) == clockwise else ring[::-1]


def rewind(geometry: dict[str, Any]) -> dict[str, Any]:
    """Exterior rings clockwise, holes counter-clockwise: d3-geo (Vega) treats rings spherically, so
    an RFC 7946 (counter-clockwise) exterior would fill the whole globe except the wijk."""

    def polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
        return [_oriented(ring, clockwise=(i == 0)) for i, ring in enumerate(rings)]

    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [rewind(g) for g in geometry["geometries"]]}
    return geometry


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    # Five decimals (~1 m) is far below print resolution and keeps the SVG small.
    def walk(coords: Any) -> Any:
        if coords and isinstance(coords[0], int | float):
            return [round(c, 5) for c in coords[:2]]
        return [walk(c) for c in coords]

    if "coordinates" in geometry:
        return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
    return geometry


def wijk_map_spec(wijk_map: WijkMap) -> dict[str, Any] | None:
    """The page's choropleth as a Vega-Lite geoshape: the same quantile classes and colours
    (`wijken.wijk_map_build`), grey without a value. None when no wijk has a geometry."""
    labels = {c.number: c.label for c in wijk_map.classes}
    features = [
        {
            "type": "Feature",
            "geometry": rewind(_rounded(json.loads(row.geometry))),
            "properties": {"naam": row.name, "klasse": labels.get(row.klasse or 0, NO_DATA_LABEL)},
        }
        for row in wijk_map.rows
        if row.geometry
    ]
    if not features:
        return None
    domain = [c.label for c in wijk_map.classes]
    colours = [c.colour for c in wijk_map.classes]
    if any(row.klasse is None for row in wijk_map.rows):
        domain, colours = [*domain, NO_DATA_LABEL], [*colours, NO_DATA_COLOUR]
    return {
        "$schema": SCHEMA,
        "description": f"Kaart van de wijken: {wijk_map.title} ({wijk_map.unit})",
        "width": 430,
        "height": 360,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#6b6b6b", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "properties.klasse",
                "type": "ordinal",
                "scale": {"domain": domain, "range": colours},
                "legend": {
                    "title": f"{wijk_map.title} ({wijk_map.unit})",
                    "orient": "right",
                    "titleLimit": 200,
                },
            }
        },
    }
