"""Zelfscan blocks for other pages (the coalition home) and the table pieces of the zelfscan pages.
Owned by the zelfscan part of the workspace."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import floatformat

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.zelfscan import SCALE, Spread, Trend
from kansrijk.coalitions.selectors.zelfscan_home import zelfscan_home_summary

register = template.Library()


@register.inclusion_tag("coalitions/zelfscan/_home.html", takes_context=True)
def zelfscan_home(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """The zelfscan block on the coalition home page: the latest theme means and the change since the
    round before, a link to the zelfscan, and an empty state."""
    request = context.get("request")
    user = getattr(request, "user", None)
    summary = zelfscan_home_summary(coalition=coalition, user=user) if user is not None else None
    return {"coalition": coalition, "request": request, "summary": summary}


@register.filter
def zs_mean(value: float | None) -> str:
    """A mean on the 1–5 scale with one decimal (Dutch comma), or a dash when there are no answers."""
    return "–" if value is None else str(floatformat(value, 1))


@register.filter
def zs_change(value: float | None) -> str:
    """A change between rounds with its sign: +0,4 / −0,2 / 0,0."""
    if value is None:
        return "–"
    rounded = round(value, 1)
    text = str(floatformat(abs(rounded), 1))
    if rounded > 0:
        return f"+{text}"
    if rounded < 0:
        return f"−{text}"
    return text


@register.inclusion_tag("coalitions/zelfscan/_count_header.html")
def zs_count_header(first: str) -> dict[str, Any]:
    return {"first": first, "scale": SCALE}


@register.inclusion_tag("coalitions/zelfscan/_spread_cells.html")
def zs_spread_cells(spread: Spread) -> dict[str, Any]:
    return {"spread": spread}


@register.inclusion_tag("coalitions/zelfscan/_trend_table.html")
def zs_trend_table(trend: Trend, caption: str = "") -> dict[str, Any]:
    return {"trend": trend, "caption": caption}


@register.filter
def zs_at(values: list[Any], index: int) -> Any:
    """values[index] in a template (the trend table's cells are aligned with its themes)."""
    try:
        return values[int(index)]
    except (IndexError, TypeError, ValueError):
        return None
