"""Small template helpers of the startfoto pages."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.startfoto.presentation import THOUSAND_EUROS, format_number, format_value

register = template.Library()


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    """`duidingen|get:figure.key` — a dict lookup by a variable key."""
    return (mapping or {}).get(key)


@register.filter
def number(value: float | None, unit: str = "") -> str:
    # Money is written in euros wherever a number is shown (format_value knows how).
    return format_value(value, unit) if unit == THOUSAND_EUROS else format_number(value, unit)


@register.filter
def unit_label(unit: str) -> str:
    """The unit as people read it beside a column of numbers ("euro", not "× € 1.000")."""
    return "euro" if unit == THOUSAND_EUROS else unit


@register.filter
def with_unit(value: float | None, unit: str) -> str:
    return format_value(value, unit)
