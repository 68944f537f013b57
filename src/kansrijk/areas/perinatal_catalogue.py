"""Perinatal indicators (Perined / RIVM Regiobeeld). Not in the CBS open data: they must be imported.

The national reference values are published figures (VZinfo / Perined, births ≥ 24 weeks, 2021)."""

from __future__ import annotations

from kansrijk.areas.specs import IndicatorSpec

PERINATAL_INDICATORS: list[IndicatorSpec] = []  # filled by the perinatal-import work
