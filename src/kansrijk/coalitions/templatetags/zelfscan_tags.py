"""Zelfscan blocks for other pages (the coalition home). Owned by the zelfscan part of the workspace."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.coalitions.models import Coalition

register = template.Library()


@register.inclusion_tag("coalitions/zelfscan/_home.html", takes_context=True)
def zelfscan_home(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """The zelfscan trend block on the coalition home page."""
    return {"coalition": coalition, "request": context.get("request")}
