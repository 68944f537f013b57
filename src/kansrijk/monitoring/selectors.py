"""Reads of the monitor: published figures only (closed periods, after disclosure control), never tallies.

Who may read what is decided by the caller (`monitoring.access`); nothing here holds personal data.
Where a period has both real and synthetic (demo/benchmark) figures, the real ones are shown.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q

from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.monitoring.models import (
    AreaKind,
    IndicatorDefinition,
    IndicatorSet,
    Publication,
    PublishedFigure,
)
from kansrijk.monitoring.periods import Period, configured_kind, period_of

__all__ = [
    "Comparison",
    "Figure",
    "Period",
    "closed_periods",
    "coalition_comparison",
    "coalition_figures",
    "indicator_definitions",
    "monitor_rows",
    "national_figures",
    "publications_version",
]

MIN_COALITIONS = 5
AREA_ORDER = {
    AreaKind.NATIONAL: 0,
    AreaKind.GGD: 1,
    AreaKind.COALITION: 2,
    AreaKind.MUNICIPALITY: 3,
    AreaKind.WIJK: 4,
}


@dataclass(frozen=True)
class Figure:
    indicator: str
    category: str
    period: Period
    area_kind: str
    area_code: str
    area_name: str
    teller: int | None
    noemer: int | None
    waarde: float | None
    suppressed: bool
    is_synthetic: bool


@dataclass(frozen=True)
class Comparison:
    """Where the confirmed coalitions stand on one indicator in one period: quartiles only."""

    indicator: str
    period: Period
    coalitions: int
    q1: float
    median: float
    q3: float


def _publications(limit: int) -> list[Publication]:
    return list(Publication.objects.filter(period_kind=configured_kind()).order_by("-period_start")[:limit])


def _period(p: Publication) -> Period:
    return period_of(p.period_kind, p.period_start, p.period_end)


def publications_version() -> int:
    """Changes whenever a period is published (publications are never changed or removed): part of the
    cache key of everything drawn from the published figures."""
    return Publication.objects.aggregate(last=Max("pk"))["last"] or 0


def closed_periods(limit: int = 12) -> list[Period]:
    """The published (closed) periods of the configured kind, newest first."""
    return [_period(p) for p in _publications(limit)]


def _real_or_synthetic(rows: list[PublishedFigure]) -> list[PublishedFigure]:
    """Per publication: the real figures when there are any, otherwise the synthetic ones."""
    real = {r.publication_id for r in rows if not r.is_synthetic}
    return [r for r in rows if r.is_synthetic == (r.publication_id not in real)]


def _figures(query: Q, publications: list[Publication]) -> list[Figure]:
    if not publications:
        return []
    periods = {p.pk: _period(p) for p in publications}
    rows = list(
        PublishedFigure.objects.filter(query, publication__in=publications).only(
            "publication_id",
            "indicator",
            "category",
            "area_kind",
            "area_code",
            "area_name",
            "teller",
            "noemer",
            "waarde",
            "suppressed",
            "is_synthetic",
        )
    )
    return [
        Figure(
            indicator=r.indicator,
            category=r.category,
            period=periods[r.publication_id],
            area_kind=r.area_kind,
            area_code=r.area_code,
            area_name=r.area_name,
            teller=r.teller,
            noemer=r.noemer,
            waarde=r.waarde,
            suppressed=r.suppressed,
            is_synthetic=r.is_synthetic,
        )
        for r in _real_or_synthetic(rows)
    ]


def coalition_figures(coalition: Coalition, *, periods: int = 12, wijken: bool = True) -> list[Figure]:
    """The coalition's own rows and those of its municipalities (and their wijken) in the latest
    `periods` published periods."""
    codes = list(coalition.municipalities.values_list("code", flat=True))
    kinds = [AreaKind.COALITION, AreaKind.MUNICIPALITY] + ([AreaKind.WIJK] if wijken else [])
    query = Q(coalition=coalition, area_kind__in=kinds) | Q(
        area_kind=AreaKind.MUNICIPALITY, area_code__in=codes
    )
    return _figures(query, _publications(periods))


def national_figures(*, periods: int = 12, coalitions: bool = True) -> list[Figure]:
    """Nederland, every GGD region and (unless `coalitions` is false: the national page does not list
    them) every coalition, in the latest `periods` published periods."""
    kinds = [AreaKind.NATIONAL, AreaKind.GGD] + ([AreaKind.COALITION] if coalitions else [])
    query = Q(area_kind__in=kinds)
    return _figures(query, _publications(periods))


def coalition_comparisons(indicators: Iterable[str], period: Period) -> dict[str, Comparison]:
    """Per indicator (its total row): quartiles of the published, unsuppressed values of confirmed
    coalitions, only where at least five confirmed coalitions have one (fewer would point at single
    coalitions). One query for all indicators: the monitor page compares a dozen."""
    publication = Publication.objects.filter(period_kind=period.kind, period_start=period.start).first()
    if publication is None:
        return {}
    confirmed = Coalition.objects.filter(status=CoalitionStatus.CONFIRMED).values("pk")
    rows = list(
        PublishedFigure.objects.filter(
            publication=publication,
            indicator__in=list(indicators),
            category="",
            area_kind=AreaKind.COALITION,
            suppressed=False,
            waarde__isnull=False,
            coalition__in=confirmed,
        ).only("publication_id", "indicator", "waarde", "is_synthetic")
    )
    values: dict[str, list[float]] = defaultdict(list)
    for r in _real_or_synthetic(rows):
        if r.waarde is not None:
            values[r.indicator].append(r.waarde)
    out: dict[str, Comparison] = {}
    for indicator, found in values.items():
        if len(found) < MIN_COALITIONS:
            continue
        q1, median, q3 = statistics.quantiles(sorted(found), n=4, method="inclusive")
        out[indicator] = Comparison(
            indicator=indicator,
            period=period,
            coalitions=len(found),
            q1=round(q1, 1),
            median=round(median, 1),
            q3=round(q3, 1),
        )
    return out


def coalition_comparison(indicator: str, period: Period) -> Comparison | None:
    """`coalition_comparisons` for one indicator."""
    return coalition_comparisons([indicator], period).get(indicator)


def indicator_definitions() -> list[IndicatorDefinition]:
    return list(IndicatorDefinition.objects.order_by("order", "key"))


def _area_label(f: Figure) -> str:
    if f.area_kind == AreaKind.COALITION:
        return f"coalitie {f.area_name}"
    if f.area_kind == AreaKind.MUNICIPALITY:
        return f"gemeente {f.area_name} ({f.area_code})"
    if f.area_kind == AreaKind.WIJK:
        return f"wijk {f.area_name} ({f.area_code})"
    return f.area_name


def rows_of(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """The CLI/API/CSV shape: {"key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt"};
    a category row's key is `indicator:category` (e.g. `niveau:kwetsbaar`)."""
    order = {
        d.key: d.order
        for d in IndicatorDefinition.objects.filter(indicator_set=IndicatorSet.CHAIN).only("key")
    }
    ordered = sorted(
        figures,
        key=lambda f: (
            -f.period.start.toordinal(),
            AREA_ORDER.get(AreaKind(f.area_kind), 9),
            f.area_name,
            f.area_code,
            order.get(f.indicator, 999),
            f.category,
        ),
    )
    return [
        {
            "key": f"{f.indicator}:{f.category}" if f.category else f.indicator,
            "periode": f.period.label,
            "gebied": _area_label(f),
            "teller": None if f.suppressed else f.teller,
            "noemer": None if f.suppressed else f.noemer,
            "waarde": None if f.suppressed else f.waarde,
            "onderdrukt": f.suppressed,
        }
        for f in ordered
    ]


def monitor_rows(
    *, coalition: Coalition | None = None, landelijk: bool = False, periods: int = 12
) -> list[dict[str, Any]]:
    """The rows of a coalition's monitor (coalition and municipalities) or of the national one (Nederland,
    GGD regions, coalitions) for the latest `periods` closed periods."""
    if coalition is not None:
        return rows_of(coalition_figures(coalition, periods=periods, wijken=False))
    if landelijk:
        return rows_of(national_figures(periods=periods))
    raise ValueError("monitor_rows: geef een coalitie of landelijk=True")
