"""Vega-Lite trend charts as plain dicts: one spec for the page (vega-embed) and the PDF (vl-convert).

Municipality against Nederland over the years. The two lines differ in colour *and* dash pattern and
point shape, so the chart never relies on colour alone; every chart also has a table with the same
numbers on the page.
"""

from __future__ import annotations

from typing import Any

from kansrijk.areas.boundaries import BoundaryChange
from kansrijk.startfoto.presentation import THOUSAND_EUROS, format_number, format_value
from kansrijk.startfoto.types import IndicatorFigure

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
MUNICIPALITY_COLOUR = "#1a4e8a"  # contrast 8.6:1 on white
NEDERLAND_COLOUR = "#6b4c00"  # contrast 7.4:1 on white
COUNT_UNITS = frozenset({"aantal"})


def has_trend(figure: IndicatorFigure) -> bool:
    """A chart is useful when the municipality has values in more than one year."""
    return sum(1 for p in figure.trend if p.value is not None) > 1


def chart_description(
    figure: IndicatorFigure, municipality: str, changes: tuple[BoundaryChange, ...] = ()
) -> str:
    """The text alternative: every year with both values, in words, and any boundary change."""
    parts = []
    for point in figure.trend:
        own = _number(point.value, figure.unit) if point.value is not None else "geen waarde"
        nl = _number(point.nederland, figure.unit) if point.nederland is not None else "geen waarde"
        parts.append(f"{point.year}: {municipality} {own}, Nederland {nl}")
    unit = "euro" if figure.unit == THOUSAND_EUROS else figure.unit
    breaks = "".join(f" Let op: vanaf {c.year} andere grenzen: {c.text}." for c in changes)
    return f"Lijndiagram {figure.title} ({unit}) per jaar. " + "; ".join(parts) + "." + breaks


def _number(value: float, unit: str) -> str:
    return format_value(value, unit) if unit == THOUSAND_EUROS else format_number(value, unit)


def trend_chart_spec(
    figure: IndicatorFigure, municipality: str, changes: tuple[BoundaryChange, ...] = ()
) -> dict[str, Any]:
    """Vega-Lite spec of one indicator's trend (municipality vs Nederland).

    Years sit on a time scale (2012 → 2017 is five years, not one step), and a boundary change of the
    municipality (it kept its code but grew) is a dashed vertical line with its year, so a jump is not
    read as a trend (issue 10)."""
    # A count (inhabitants, households) of a municipality and of the whole country do not share a
    # scale: the chart then shows the municipality only; the table keeps both.
    with_nl = figure.unit not in COUNT_UNITS
    values: list[dict[str, Any]] = []
    for point in figure.trend:
        if point.value is not None:
            values.append({"jaar": point.year, "gebied": municipality, "waarde": point.value})
        if with_nl and point.nederland is not None:
            values.append({"jaar": point.year, "gebied": "Nederland", "waarde": point.nederland})
    series = [municipality, "Nederland"] if with_nl else [municipality]
    unit = figure.unit or "waarde"
    subtitle = f"{municipality} en Nederland, {unit}" if with_nl else f"{municipality}, {unit}"
    # Shares start at zero, so a small difference does not look large; other units (counts, euros,
    # rates per 1,000) would be flattened by it, and their subtitle says the axis does not start at 0.
    from_zero = figure.unit == "%"
    if not from_zero:
        subtitle += " (de as begint niet bij 0)"
    years = [p.year for p in figure.trend]
    x_axis = {
        "field": "jaar",
        "type": "quantitative",
        "title": "Jaar",
        "scale": {"domain": [min(years), max(years)], "nice": False} if years else {},
        "axis": {"format": "d", "labelAngle": 0, "tickMinStep": 1, "labelOverlap": True},
    }
    line = {
        "mark": {"type": "line", "point": {"filled": True, "size": 60}, "strokeWidth": 2},
        "encoding": {
            "x": x_axis,
            "y": {"field": "waarde", "type": "quantitative", "title": unit, "scale": {"zero": from_zero}},
            "color": {
                "field": "gebied",
                "type": "nominal",
                "title": "Gebied",
                "scale": {"domain": series, "range": [MUNICIPALITY_COLOUR, NEDERLAND_COLOUR][: len(series)]},
                "legend": {"orient": "bottom", "title": "Gebied"},
            },
            "strokeDash": {
                "field": "gebied",
                "type": "nominal",
                "title": "Gebied",
                "scale": {"domain": series, "range": [[1, 0], [6, 4]][: len(series)]},
            },
            "shape": {
                "field": "gebied",
                "type": "nominal",
                "title": "Gebied",
                "scale": {"domain": series, "range": ["circle", "square"][: len(series)]},
            },
            "tooltip": [
                {"field": "gebied", "type": "nominal", "title": "Gebied"},
                {"field": "jaar", "type": "quantitative", "title": "Jaar", "format": "d"},
                {"field": "waarde", "type": "quantitative", "title": unit, "format": ",.1f"},
            ],
        },
    }
    shown = [c for c in changes if years and min(years) < c.year <= max(years)]
    layers: list[dict[str, Any]] = [line]
    if shown:
        marks = [{"jaar": c.year - 0.5, "tekst": f"grens {c.year}"} for c in shown]
        layers += [
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#444"},
                "encoding": {"x": {"field": "jaar", "type": "quantitative"}},
            },
            {
                "data": {"values": marks},
                "mark": {"type": "text", "align": "left", "dx": 3, "dy": -4, "baseline": "top", "y": 0},
                "encoding": {"x": {"field": "jaar", "type": "quantitative"}, "text": {"field": "tekst"}},
            },
        ]
    return {
        "$schema": SCHEMA,
        "title": {"text": figure.title, "subtitle": subtitle},
        "description": chart_description(figure, municipality, tuple(shown)),
        "width": "container",
        "height": 180,
        "data": {"values": values},
        "layer": layers,
        "config": {
            "locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}},
            "font": "system-ui, sans-serif",
        },
    }
