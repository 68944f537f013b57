"""Template filters of the monitor pages."""

from __future__ import annotations

from django import template

from kansrijk.monitoring.pages import value_text
from kansrijk.monitoring.selectors import Figure

register = template.Library()


@register.simple_tag
def monitor_value(figure: Figure | None, unit: str) -> str:
    """A published figure in words; every withheld value carries the one same label."""
    return value_text(figure, unit)
