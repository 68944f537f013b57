"""Indicator specifications as data. `catalogue.py` (CBS) and `perinatal_catalogue.py` (Perined/RIVM)
declare them; the importers sync them to the `Indicator` table."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    key: str
    title: str
    definition: str
    unit: str  # "%", "per 1.000 inwoners", "aantal", "km", "× € 1.000", "klasse"
    scale: float  # value = numerator / denominator × scale
    numerator_label: str
    denominator_label: str
    source: str  # human-readable source, e.g. "CBS, Kerncijfers wijken en buurten"
    source_kind: str  # IndicatorSource value: "cbs" | "perinataal"
    phase: str  # Phase value
    direction: str  # Direction value
    theme: str
    order: int
    available_for_wijk: bool = False
    # Computed by us from other published figures (e.g. births = rate × inhabitants), not published.
    derived: bool = False
    reference_value: float | None = None
    reference_year: int | None = None
    reference_source: str = ""
