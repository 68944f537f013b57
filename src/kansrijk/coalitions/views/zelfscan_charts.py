"""Vega-Lite specs of the zelfscan charts, as plain dicts (embedded with json_script, drawn by
coalitions/zelfscan.js). Every chart has a table with the same numbers beside it and a text
description; series differ in colour *and* shape or dash, so no chart relies on colour alone.
"""

from __future__ import annotations

from typing import Any

from kansrijk.coalitions.forms.zelfscan import SCALE_LABELS
from kansrijk.coalitions.selectors.zelfscan import SCALE, ThemeResult, Trend
from kansrijk.coalitions.selectors.zelfscan_comparison import (
    POSITION_ABOVE,
    POSITION_BELOW,
    POSITION_WITHIN,
    Comparison,
)

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
# Diverging, colour-blind safe (ColorBrewer RdBu); neutral 3 is grey. Segments are separated by white.
SCALE_COLOURS = ["#b2182b", "#ef8a62", "#8c8c8c", "#67a9cf", "#2166ac"]
# Okabe–Ito, with the yellow swapped for a dark ochre that has contrast on white.
SERIES_COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#6b4c00", "#56b4e9", "#000000", "#e69f00"]
SERIES_SHAPES = [
    "circle",
    "square",
    "diamond",
    "triangle-up",
    "triangle-down",
    "cross",
    "triangle-right",
    "triangle-left",
]
SERIES_DASHES = [[1, 0], [6, 4], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3], [6, 2, 2, 2]]
OWN_COLOUR = "#1a4e8a"
OTHERS_COLOUR = "#6b4c00"
CONFIG = {
    "locale": {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""]}},
    "font": "system-ui, sans-serif",
}


def nl(value: float | None, digits: int = 1) -> str:
    return "geen antwoorden" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _cycle(values: list[Any], n: int) -> list[Any]:
    return [values[i % len(values)] for i in range(n)]


def answer_label(value: int) -> str:
    return f"{value} – {SCALE_LABELS[value]}"


def distribution_description(theme: ThemeResult) -> str:
    parts = []
    for s in theme.statements:
        counts = ", ".join(f"{v}: {c}" for v, c in zip(SCALE, s.spread.ordered, strict=True))
        parts.append(f"“{s.text}”: {counts}")
    return (
        f"Gestapeld staafdiagram van het thema {theme.title}: per stelling hoe vaak elk antwoord (1 tot en met 5) "
        f"is gegeven. " + "; ".join(parts) + ". Dezelfde cijfers staan in de tabel."
    )


def distribution_spec(theme: ThemeResult) -> dict[str, Any]:
    """Per statement a horizontal bar of the counts of 1..5, stacked from 1 (left) to 5 (right)."""
    labels = [answer_label(v) for v in SCALE]
    values = [
        {"stelling": s.text, "volgorde": i, "antwoord": answer_label(v), "waarde": v, "aantal": c}
        for i, s in enumerate(theme.statements)
        for v, c in zip(SCALE, s.spread.ordered, strict=True)
        if c
    ]
    most = max((s.spread.n for s in theme.statements), default=1) or 1
    return {
        "$schema": SCHEMA,
        "title": {"text": theme.title, "subtitle": "Aantal antwoorden per stelling"},
        "description": distribution_description(theme),
        "width": "container",
        "height": {"step": 34},
        "data": {"values": values},
        "mark": {"type": "bar", "stroke": "#ffffff", "strokeWidth": 1},
        "encoding": {
            "y": {
                "field": "stelling",
                "type": "nominal",
                "title": None,
                "sort": [s.text for s in theme.statements],
                "axis": {"labelLimit": 320},
            },
            "x": {
                "field": "aantal",
                "type": "quantitative",
                "stack": "zero",
                "title": "Aantal antwoorden",
                # Whole numbers only: with few respondents Vega would otherwise tick at 0.5.
                "axis": {"format": "d", "tickCount": max(1, min(10, most))},
                "scale": {"domainMax": most},
            },
            "color": {
                "field": "antwoord",
                "type": "ordinal",
                "title": "Antwoord",
                "scale": {"domain": labels, "range": SCALE_COLOURS},
                "legend": {"orient": "bottom", "columns": 3},
            },
            "order": {"field": "waarde", "type": "quantitative"},
            "tooltip": [
                {"field": "stelling", "type": "nominal", "title": "Stelling"},
                {"field": "antwoord", "type": "ordinal", "title": "Antwoord"},
                {"field": "aantal", "type": "quantitative", "title": "Aantal"},
            ],
        },
        "config": CONFIG,
    }


def trend_description(trend: Trend) -> str:
    parts = []
    for row in trend.rows:
        means = ", ".join(
            f"{t.title} {nl(m)}" for t, m in zip(trend.themes, row.means, strict=True) if m is not None
        )
        parts.append(f"{row.round.name} ({row.round.opened_on:%d-%m-%Y}): {means}")
    return (
        "Lijndiagram van het gemiddelde per thema per ronde (schaal 1 tot en met 5). "
        + "; ".join(parts)
        + ". Dezelfde cijfers staan in de tabel."
    )


def trend_spec(trend: Trend) -> dict[str, Any]:
    titles = [t.title for t in trend.themes]
    rounds = [row.round.name for row in trend.rows]
    values = [
        {"ronde": row.round.name, "thema": t.title, "gemiddelde": round(m, 2)}
        for row in trend.rows
        for t, m in zip(trend.themes, row.means, strict=True)
        if m is not None
    ]
    n = len(titles)
    return {
        "$schema": SCHEMA,
        "title": {
            "text": "Gemiddelde per thema per ronde",
            "subtitle": "1 = helemaal niet mee eens, 5 = helemaal mee eens",
        },
        "description": trend_description(trend),
        "width": "container",
        "height": 260,
        "data": {"values": values},
        "mark": {"type": "line", "point": {"filled": True, "size": 70}, "strokeWidth": 2},
        "encoding": {
            "x": {
                "field": "ronde",
                "type": "ordinal",
                "title": "Ronde",
                "sort": rounds,
                "axis": {"labelAngle": 0},
            },
            "y": {
                "field": "gemiddelde",
                "type": "quantitative",
                "title": "Gemiddelde (1–5)",
                "scale": {"domain": [1, 5]},
            },
            "color": {
                "field": "thema",
                "type": "nominal",
                "title": "Thema",
                "scale": {"domain": titles, "range": _cycle(SERIES_COLOURS, n)},
                "legend": {"orient": "bottom", "columns": 2, "labelLimit": 320},
            },
            "shape": {
                "field": "thema",
                "type": "nominal",
                "title": "Thema",
                "scale": {"domain": titles, "range": _cycle(SERIES_SHAPES, n)},
            },
            "strokeDash": {
                "field": "thema",
                "type": "nominal",
                "title": "Thema",
                "scale": {"domain": titles, "range": _cycle(SERIES_DASHES, n)},
            },
            "tooltip": [
                {"field": "ronde", "type": "ordinal", "title": "Ronde"},
                {"field": "thema", "type": "nominal", "title": "Thema"},
                {"field": "gemiddelde", "type": "quantitative", "title": "Gemiddelde", "format": ".2f"},
            ],
        },
        "config": CONFIG,
    }


POSITION_WORDS = {
    POSITION_BELOW: "lager dan de middelste helft",
    POSITION_WITHIN: "binnen de middelste helft",
    POSITION_ABOVE: "hoger dan de middelste helft",
}


def band_text(low: float | None, high: float | None) -> str:
    return "geen band" if low is None or high is None else f"{nl(low)} tot {nl(high)}"


def comparison_description(comparison: Comparison, coalition: str) -> str:
    parts = [
        f"{r.title}: {coalition} {nl(r.own)}, middelste helft van de coalities {band_text(r.low, r.high)}"
        + (f" ({POSITION_WORDS[r.position]})" if r.position else "")
        for r in comparison.rows
    ]
    return (
        f"Per thema het gemiddelde van {coalition} (rondje) en de band van de middelste helft van "
        f"{comparison.coalition_count} coalities in de peiling (balk). "
        + "; ".join(parts)
        + ". Dezelfde cijfers staan in de tabel."
    )


def comparison_spec(comparison: Comparison, coalition: str) -> dict[str, Any]:
    """A band (bar from low to high) per theme with the coalition's own mean as a point on it."""
    titles = [r.title for r in comparison.rows]
    bands = [{"thema": r.title, "laag": r.low, "hoog": r.high} for r in comparison.rows if r.low is not None]
    own = [{"thema": r.title, "gemiddelde": round(r.own, 2)} for r in comparison.rows if r.own is not None]
    y = {"field": "thema", "type": "nominal", "title": None, "sort": titles, "axis": {"labelLimit": 320}}
    x_scale = {"domain": [1, 5]}
    return {
        "$schema": SCHEMA,
        "title": {
            "text": "Vergelijking met andere coalities",
            "subtitle": "Gemiddelde per thema (1–5) tegenover de middelste helft van de coalities",
        },
        "description": comparison_description(comparison, coalition),
        "width": "container",
        "height": {"step": 30},
        "layer": [
            {
                "data": {"values": bands},
                "mark": {"type": "bar", "color": OTHERS_COLOUR, "opacity": 0.35, "height": 14},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "laag",
                        "type": "quantitative",
                        "title": "Gemiddelde (1–5)",
                        "scale": x_scale,
                    },
                    "x2": {"field": "hoog"},
                    "tooltip": [
                        {"field": "thema", "type": "nominal", "title": "Thema"},
                        {
                            "field": "laag",
                            "type": "quantitative",
                            "title": "Middelste helft vanaf",
                            "format": ".1f",
                        },
                        {"field": "hoog", "type": "quantitative", "title": "tot", "format": ".1f"},
                    ],
                },
            },
            {
                "data": {"values": own},
                "mark": {
                    "type": "point",
                    "filled": True,
                    "size": 110,
                    "color": OWN_COLOUR,
                    "shape": "circle",
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "gemiddelde", "type": "quantitative", "scale": x_scale},
                    "tooltip": [
                        {"field": "thema", "type": "nominal", "title": "Thema"},
                        {"field": "gemiddelde", "type": "quantitative", "title": coalition, "format": ".1f"},
                    ],
                },
            },
        ],
        "config": CONFIG,
    }
