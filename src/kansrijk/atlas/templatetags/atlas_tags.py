"""Dutch number formatting for the atlas pages (percentages with a decimal comma, suppressed counts)."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.atlas.selectors import atlas_summary_for, births_label, count_label

register = template.Library()


@register.filter
def pct(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%".replace(".", ",")


@register.filter
def pctnum(value: float | None) -> str:
    """The percentage as a plain number with a dot, for data-sort attributes."""
    return "" if value is None else f"{value * 100:.3f}"


@register.filter
def count(value: float | None) -> str:
    return "–" if value is None else count_label(value)


@register.filter
def births(value: float | None) -> str:
    """Derived births at the precision the rounded birth rate supports ("≈ 9.900", "<10")."""
    return "–" if value is None else births_label(value)


@register.filter
def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}".replace(".", ",").replace("-", "−")


@register.simple_tag(takes_context=True)
def atlas_summary(context: template.Context) -> dict[str, Any] | None:
    """For the startfoto panel: the partial fetches its own data so the startfoto view needs no change.
    The municipality code comes from `code` (include ... with code=...) or the page's `startfoto.code`."""
    code = context.get("code") or getattr(context.get("startfoto"), "code", None)
    return atlas_summary_for(str(code)) if code else None
