"""The startfoto page's view model: figures grouped by phase and theme, with their comparison rows,
trend chart spec and trend table already formatted (templates stay free of logic)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from kansrijk.areas.boundaries import BoundaryChange, boundary_changes
from kansrijk.areas.catalogue import counts_are_published
from kansrijk.areas.models import Phase
from kansrijk.core.cache import page_cache as cache  # per-process; see core/cache.py
from kansrijk.startfoto.births import births_estimate, births_for
from kansrijk.startfoto.charts import has_trend, trend_chart_spec
from kansrijk.startfoto.highlights import Highlight, highlights
from kansrijk.startfoto.presentation import (
    COMPARISON_LABELS,
    NOT_AVAILABLE,
    THOUSAND_EUROS,
    compare,
    format_number,
    format_value,
)
from kansrijk.startfoto.selectors import COMPARISON_LEVELS, latest_import_run_id
from kansrijk.startfoto.types import IndicatorFigure, Startfoto, TrendPoint

CLASS_NOT_AVERAGED = "niet beschikbaar: een klasse wordt niet gemiddeld"
REGION_NOT_AVAILABLE = "niet beschikbaar voor dit jaar"


@dataclass(frozen=True)
class ComparisonRow:
    label: str  # "Nederland", "GGD-regio"
    area: str
    value: str
    verdict: str  # "hoger dan Nederland (ongunstiger)" or ""
    approximate: bool


@dataclass(frozen=True)
class TrendRow:
    year: int
    value: str
    nederland: str
    note: str


@dataclass(frozen=True)
class Card:
    figure: IndicatorFigure
    anchor: str
    value: str
    comparisons: list[ComparisonRow]
    trend: list[TrendRow]
    chart: dict[str, Any] | None
    counts: str  # "teller / noemer" in words, "" when not published

    @property
    def chart_id(self) -> str:
        return f"{self.anchor}-spec"


@dataclass(frozen=True)
class Theme:
    name: str
    cards: list[Card]


@dataclass(frozen=True)
class Section:
    phase: str
    label: str
    anchor: str
    themes: list[Theme] = field(default_factory=list)


def _counts(figure: IndicatorFigure) -> str:
    if figure.value is None or figure.numerator is None or figure.denominator is None:
        return ""
    if figure.unit == THOUSAND_EUROS or not counts_are_published(figure.key):
        # "31.774.788 inkomen × inwoners (× € 1.000)" helps nobody: an average in euros stands alone; and
        # a "count" computed from a rounded CBS percentage is no count (Amsterdam's 0–15 and 15–25 would
        # both read 121.069). The exact definitions stay in the card's details.
        return ""
    num = format_number(figure.numerator, "aantal")
    den = format_number(figure.denominator, "aantal")
    return f"{num} {figure.numerator_label or 'teller'} van {den} {figure.denominator_label or 'noemer'}"


def _break_notes(changes: tuple[BoundaryChange, ...], trend: list[TrendPoint], year: int) -> list[str]:
    """The note on the first trend year in new boundaries: "vanaf hier andere grenzen: …"."""
    years = sorted(p.year for p in trend)
    notes = []
    for change in changes:
        first = next((y for y in years if y >= change.year), None)
        if first == year and years and years[0] < change.year:
            notes.append(f"andere grenzen vanaf {change.year}: {change.text}")
    return notes


def card_build(
    figure: IndicatorFigure, municipality: str, code: str = "", figures: list[IndicatorFigure] | None = None
) -> Card:
    rows = []
    for level, _attr in COMPARISON_LEVELS:
        comparison = figure.comparisons.get(level)
        if comparison is None:
            continue
        missing = CLASS_NOT_AVERAGED if figure.unit == "klasse" else REGION_NOT_AVAILABLE
        rows.append(
            ComparisonRow(
                label=COMPARISON_LABELS[level][0].upper() + COMPARISON_LABELS[level][1:],
                area=comparison.area.name,
                value=format_value(comparison.value, figure.unit)
                if comparison.value is not None
                else missing,
                verdict=compare(figure, comparison),
                approximate=comparison.approximate,
            )
        )
    changes = boundary_changes(code) if code else ()
    trend = [
        TrendRow(
            year=p.year,
            value=format_value(p.value, figure.unit),
            nederland=format_value(p.nederland, figure.unit),
            note="; ".join([p.note, *_break_notes(changes, figure.trend, p.year)]).strip("; "),
        )
        for p in figure.trend
    ]
    births = births_for(figure, figures or [])
    if births is not None:
        # One births figure everywhere: "≈ 9.700" with its interval, "<10" below the threshold.
        trend = [
            dataclasses.replace(row, value=_births_text(p.value))
            for row, p in zip(trend, figure.trend, strict=True)
        ]
    return Card(
        figure=figure,
        anchor=f"indicator-{figure.key}",
        value=births.text if births is not None else format_value(figure.value, figure.unit),
        comparisons=rows,
        trend=trend,
        chart=trend_chart_spec(figure, municipality, changes) if has_trend(figure) else None,
        counts=(
            f"Schatting, {births.interval}: afgeleid uit het geboortecijfer per 1.000 inwoners, dat CBS "
            "afrondt op hele getallen."
            if births is not None and births.interval
            else _counts(figure)
        ),
    )


def _births_text(value: float | None) -> str:
    estimate = births_estimate(value, None)
    return estimate.text if estimate is not None else NOT_AVAILABLE


# Birth first, the other phases of the first 1000 days next, context last (issue 10: a startfoto about the
# first 1000 days, not 24,000 px of context before the birth cards).
PHASE_ORDER = (Phase.GEBOORTE, Phase.PRECONCEPTIE, Phase.ZWANGERSCHAP, Phase.NA_GEBOORTE, Phase.CONTEXT)


def sections_build(startfoto: Startfoto) -> list[Section]:
    """CBS figures per phase (programme order), then per theme in catalogue order."""
    by_phase: dict[str, dict[str, list[Card]]] = {}
    for figure in startfoto.figures:
        themes = by_phase.setdefault(figure.phase, {})
        themes.setdefault(figure.theme or "Overig", []).append(
            card_build(figure, startfoto.name, startfoto.code, startfoto.figures)
        )
    return [
        Section(
            phase=phase.value,
            label=str(phase.label),
            anchor=f"fase-{phase.value}",
            themes=[Theme(name=name, cards=cards) for name, cards in by_phase[phase.value].items()],
        )
        for phase in PHASE_ORDER
        if phase.value in by_phase
    ]


@dataclass(frozen=True)
class Page:
    sections: list[Section]
    perinatal_cards: list[Card]
    # Rendered card bodies (everything but the duidingen, which differ per user) by card anchor.
    bodies: dict[str, str]
    highlights: list[Highlight] = field(default_factory=list)


def page_build(startfoto: Startfoto, run_id: int | None = None) -> Page:
    """The page model with its rendered card bodies, cached per municipality, import run and language
    (one cache entry: rendering ~50 cards is most of the page's cost)."""
    run_id = latest_import_run_id() if run_id is None else run_id
    key = f"startfoto:page:v2:{startfoto.code}:{run_id}:{get_language()}"
    page = cache.get(key)
    if page is None:
        sections = sections_build(startfoto)
        perinatal_cards = [card_build(f, startfoto.name, startfoto.code) for f in startfoto.perinatal]
        cards = [c for s in sections for t in s.themes for c in t.cards] + perinatal_cards
        # Plain str in the cache; safe_bodies() marks them safe again for the template.
        bodies: dict[str, str] = {
            c.anchor: render_to_string("startfoto/_card_body.html", {"card": c, "startfoto": startfoto})
            for c in cards
        }
        page = Page(
            sections=sections,
            perinatal_cards=perinatal_cards,
            bodies=bodies,
            highlights=highlights(startfoto),
        )
        cache.set(key, page)
    return page


def safe_bodies(page: Page) -> dict[str, SafeString]:
    return {anchor: mark_safe(html) for anchor, html in page.bodies.items()}  # noqa: S308 - our own template
