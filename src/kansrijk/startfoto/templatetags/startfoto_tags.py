"""Small template helpers of the startfoto pages."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.startfoto.presentation import format_number, format_value

register = template.Library()


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    """`duidingen|get:figure.key` — a dict lookup by a variable key."""
    return (mapping or {}).get(key)


@register.filter
def number(value: float | None, unit: str = "") -> str:
    return format_number(value, unit)


@register.filter
def with_unit(value: float | None, unit: str) -> str:
    return format_value(value, unit)
