"""Template tags and filters of the monitor pages."""

from __future__ import annotations

from django import template

from kansrijk.monitoring.pages import number_text, sentence, source_text, value_text
from kansrijk.monitoring.selectors import Figure

register = template.Library()


@register.simple_tag
def monitor_value(figure: Figure | None, unit: str) -> str:
    """A published figure in words; every withheld value carries the one same label."""
    return value_text(figure, unit)


@register.simple_tag
def monitor_number(value: float, unit: str) -> str:
    """A computed value (a quartile of the comparison) in the indicator's unit."""
    return number_text(value, unit)


@register.filter
def monitor_source(source: str) -> str:
    return source_text(source)


@register.filter
def monitor_sentence(text: str) -> str:
    return sentence(text)
