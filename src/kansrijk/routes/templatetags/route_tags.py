"""Template helpers of the klantroutes."""

from __future__ import annotations

from django import template

from kansrijk.routes.models import VulnerabilityLevel

register = template.Library()


@register.filter
def level_labels(levels: list[str]) -> list[tuple[str, str]]:
    """(code, label) for the stored level codes, in the enum's order (light to heavy)."""
    labels = dict(VulnerabilityLevel.choices)
    return [(code, str(labels[code])) for code in VulnerabilityLevel.values if code in levels]
