"""Plan and agreement blocks for other pages (the coalition home). Owned by the plan part of the workspace."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.coalitions.models import Coalition

register = template.Library()


@register.inclusion_tag("coalitions/plan/_home.html", takes_context=True)
def plan_home(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """Plan status (actions per status, overdue actions) on the coalition home page."""
    return {"coalition": coalition, "request": context.get("request")}


@register.inclusion_tag("coalitions/plan/_agreements_due.html", takes_context=True)
def agreements_due(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """Agreements whose review date is due or near, on the coalition home page."""
    return {"coalition": coalition, "request": context.get("request")}
