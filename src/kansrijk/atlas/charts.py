"""Vega-Lite specs and table rows for the method card (the same spec can be rendered to SVG for a PDF)."""

from __future__ import annotations

from typing import Any

from kansrijk.atlas.models import AtlasModel


def calibration_spec(validation: dict[str, Any]) -> dict[str, Any]:
    """Predicted versus observed share per group of wijken (out-of-fold predictions), with the diagonal."""
    bins = [
        {
            "voorspeld": b["voorspeld"] * 100,
            "waargenomen": b["waargenomen"] * 100,
            "geboorten": b["geboorten"],
            "wijken": b["wijken"],
        }
        for b in validation.get("bins", [])
    ]
    top = max([max(b["voorspeld"], b["waargenomen"]) for b in bins] + [1.0]) * 1.1
    axis = {"type": "quantitative", "scale": {"domain": [0, top]}}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Voorspeld tegen waargenomen aandeel kwetsbaar per groep wijken (kruisvalidatie)",
        "width": "container",
        "height": 280,
        "layer": [
            {
                "data": {"values": [{"x": 0, "y": 0}, {"x": top, "y": top}]},
                "mark": {"type": "line", "strokeDash": [4, 4], "color": "#555"},
                "encoding": {
                    "x": {"field": "x", **axis, "title": "Voorspeld (%)"},
                    "y": {"field": "y", **axis, "title": "Waargenomen (%)"},
                },
            },
            {
                "data": {"values": bins},
                "mark": {"type": "point", "filled": True, "size": 80, "color": "#1a4e8a", "shape": "circle"},
                "encoding": {
                    "x": {"field": "voorspeld", **axis, "title": "Voorspeld (%)"},
                    "y": {"field": "waargenomen", **axis, "title": "Waargenomen (%)"},
                    "tooltip": [
                        {"field": "voorspeld", "title": "Voorspeld (%)", "format": ".1f"},
                        {"field": "waargenomen", "title": "Waargenomen (%)", "format": ".1f"},
                        {"field": "wijken", "title": "Wijken"},
                    ],
                },
            },
        ],
    }


def sd_kind(model: AtlasModel, key: str) -> str:
    """What a weight's SD is: "prior" (an assumption made beforehand) or "fit" (a standard error from the
    fit). Versions stored before `sd_kind` existed: default weights and weights kept at their default are
    priors, the rest of a fitted model comes from the fit."""
    stored = model.coefficients.get("sd_kind", {}).get(key)
    if stored:
        return str(stored)
    if model.kind == "default" or key in model.validation.get("vast_op_standaard", []):
        return "prior"
    return "fit"


def coefficient_rows(model: AtlasModel) -> list[dict[str, Any]]:
    coef = model.coefficients
    return [
        {
            **item,
            "beta": coef["beta"][item["key"]],
            "beta_sd": coef["sd"][item["key"]],
            "sd_kind": sd_kind(model, item["key"]),
            "direction": "risico (omhoog)" if item["sign"] > 0 else "beschermend (omlaag)",
        }
        for item in model.inputs
    ]
