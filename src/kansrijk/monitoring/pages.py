"""What the monitor pages show, put together from published figures (never from live counts) and the
coalition layer's own progress data. Views stay thin; the PDF and CSV use the same structures.

Chain-process indicators come from `selectors` (closed periods only). A category indicator (the level
distribution, referrals per theme) shows its categories for the latest period; every other indicator
shows its latest value and a trend over the closed periods.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.plan import PlanSummary, plan_summary
from kansrijk.coalitions.selectors.zelfscan import Trend, zelfscan_trend
from kansrijk.interventions.models import Need
from kansrijk.monitoring.charts import Point, trend_svg
from kansrijk.monitoring.metrics import UNKNOWN
from kansrijk.monitoring.models import IndicatorDefinition
from kansrijk.monitoring.selectors import (
    Comparison,
    Figure,
    Period,
    coalition_comparisons,
    coalition_figures,
    indicator_definitions,
    national_figures,
    publications_version,
)
from kansrijk.routes.models import VulnerabilityLevel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The categories of the category indicators (levels, themes), in the order people know them.
CATEGORY_LABELS: tuple[tuple[str, StrOrPromise], ...] = (*VulnerabilityLevel.choices, *Need.choices)

COALITION = "coalitie"
NATIONAL = "nederland"
GGD = "ggd_regio"
MUNICIPALITY = "gemeente"


@dataclass(frozen=True)
class IndicatorRow:
    definition: IndicatorDefinition
    latest: Figure | None
    categories: list[tuple[str, Figure]]  # (label, figure), in the order of the choices
    trend: str  # inline SVG, "" without any value
    comparison: Comparison | None = None


@dataclass(frozen=True)
class AreaTable:
    """One indicator for the latest period over a set of areas (municipalities or GGD regions)."""

    definition: IndicatorDefinition
    rows: list[Figure]


@dataclass(frozen=True)
class ChainFigures:
    periods: list[Period]  # newest first
    rows: list[IndicatorRow]
    areas: list[AreaTable] = field(default_factory=list)
    synthetic: bool = False

    @property
    def latest(self) -> Period | None:
        return self.periods[0] if self.periods else None


def _chain_definitions() -> list[IndicatorDefinition]:
    return [d for d in indicator_definitions() if d.indicator_set == "kansrijk_keten"]


def _value(f: Figure) -> float | None:
    return None if f.suppressed else f.waarde


def chain_figures(
    figures: list[Figure], *, top: str, areas: str, compare: Coalition | None = None
) -> ChainFigures:
    """Group published figures: `top` is the area kind of the headline rows (coalitie or nederland),
    `areas` the kind of the per-area tables (gemeente or ggd_regio)."""
    periods = sorted({f.period for f in figures}, key=lambda p: p.start, reverse=True)
    if not periods:
        return ChainFigures(periods=[], rows=[])
    latest = periods[0]
    by_key: dict[tuple[str, str], dict[object, Figure]] = defaultdict(dict)
    area_rows: dict[str, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.area_kind == top:
            by_key[(f.indicator, f.category)][f.period.start] = f
        elif f.area_kind == areas and f.period == latest and not f.category:
            area_rows[f.indicator].append(f)
    rows: list[IndicatorRow] = []
    tables: list[AreaTable] = []
    oldest_first = list(reversed(periods))
    definitions = _chain_definitions()
    comparisons = coalition_comparisons([d.key for d in definitions], latest) if compare is not None else {}
    for d in definitions:
        found = {
            cat: s[latest.start]
            for (key, cat), s in by_key.items()
            if key == d.key and cat and latest.start in s
        }
        cats = [(str(label), found[value]) for value, label in CATEGORY_LABELS if value in found]
        cats += [
            (category_label(value), f)
            for value, f in sorted(found.items())
            if value not in dict(CATEGORY_LABELS)
        ]
        series = by_key.get((d.key, ""), {})
        points = [
            Point(p.label, _value(series[p.start]) if p.start in series else None) for p in oldest_first
        ]
        comparison = None if cats else comparisons.get(d.key)
        rows.append(
            IndicatorRow(
                definition=d,
                latest=series.get(latest.start),
                categories=cats,
                trend="" if cats else trend_svg(points, unit=d.unit, title=d.title),
                comparison=comparison,
            )
        )
        if area_rows.get(d.key) and not cats:  # a distribution's total per area says nothing
            tables.append(AreaTable(definition=d, rows=sorted(area_rows[d.key], key=lambda f: f.area_name)))
    synthetic = any(f.is_synthetic for f in figures)
    return ChainFigures(periods=periods, rows=rows, areas=tables, synthetic=synthetic)


@dataclass(frozen=True)
class CoalitionMonitor:
    coalition: Coalition
    chain: ChainFigures
    zelfscan: Trend
    plan: PlanSummary
    definitions: list[IndicatorDefinition]


CHAIN_CACHE_SECONDS = 600  # a newly confirmed coalition joins the comparison within ten minutes


def coalition_chain(coalition: Coalition) -> ChainFigures:
    """The coalition's published chain figures. They change only when a period is published (or the
    coalition's municipalities change), so they are kept in the shared cache under a key naming both."""
    codes = ",".join(sorted(coalition.municipalities.values_list("code", flat=True)))
    areas = hashlib.sha256(codes.encode()).hexdigest()[:16]  # a short key for every cache backend
    key = f"monitor:keten:{coalition.pk}:{publications_version()}:{get_language()}:{areas}"
    chain: ChainFigures | None = cache.get(key)
    if chain is None:
        figures = coalition_figures(coalition, periods=12)
        chain = chain_figures(figures, top=COALITION, areas=MUNICIPALITY, compare=coalition)
        cache.set(key, chain, CHAIN_CACHE_SECONDS)
    return chain


def coalition_monitor(coalition: Coalition) -> CoalitionMonitor:
    return CoalitionMonitor(
        coalition=coalition,
        chain=coalition_chain(coalition),
        zelfscan=zelfscan_trend(coalition),
        plan=plan_summary(coalition=coalition),
        definitions=indicator_definitions(),
    )


def national_chain() -> ChainFigures:
    return chain_figures(national_figures(periods=12, coalitions=False), top=NATIONAL, areas=GGD)


def category_label(value: str) -> str:
    """A category the lists of levels and themes do not know, in words (never the stored key)."""
    if value == UNKNOWN:
        return _("Niet bekend")
    return value.replace("_", " ").replace("-", " ").strip().capitalize() or _("Niet bekend")


def number_text(value: float, unit: str) -> str:
    """A value in its unit: 45%, 3 dagen, 120 (whole numbers, as the published values are rounded)."""
    if unit == "percentage":
        return f"{value:.0f}%"
    if unit == "dagen":
        return _("%(n)s dagen") % {"n": f"{value:.0f}"}
    return f"{value:.0f}"


def value_text(f: Figure | None, unit: str) -> str:
    """A published figure in words for tables and exports: the one label for every withheld value."""
    if f is None:
        return _("geen cijfer")
    if f.suppressed or f.waarde is None:
        return suppressed_label()
    return number_text(f.waarde, unit)


def suppressed_label() -> str:
    """The one label of every withheld value (page, PDF and CSV)."""
    return _("onderdrukt (kleine aantallen)")


# Project references that belong in the definitions file, not on a page: "(issue 14)", "(seed 003)".
_INTERNAL = re.compile(r"\s*\((?:issue|seed)\s+\d+\)", re.IGNORECASE)


def source_text(source: str) -> str:
    """An indicator's source as users read it, without the project's own references."""
    return _INTERNAL.sub("", source).strip()


def sentence(text: str) -> str:
    """`text` ending in exactly one full stop."""
    text = text.strip()
    return text if not text or text.endswith((".", "?", "!")) else f"{text}."
