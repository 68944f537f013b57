"""Plan and agreement blocks for other pages (the coalition home), and small helpers of the plan templates.

Owned by the plan part of the workspace. `{% plan_home coalition %}` and `{% agreements_due coalition %}`
are used on the coalition home page: keep their names and signatures.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils import timezone

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.models.agreements import REVIEW_NOTICE_DAYS
from kansrijk.coalitions.selectors.access import user_coordinates
from kansrijk.coalitions.selectors.agreements import agreements_due_for_review
from kansrijk.coalitions.selectors.plan import plan_summary

register = template.Library()


@register.inclusion_tag("coalitions/plan/_home.html", takes_context=True)
def plan_home(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """Plan status (actions per status, overdue actions, the next due date) on the coalition home page."""
    today = timezone.localdate()
    return {
        "coalition": coalition,
        "request": context.get("request"),
        "summary": plan_summary(coalition=coalition, today=today),
        "today": today,
    }


@register.inclusion_tag("coalitions/plan/_agreements_due.html", takes_context=True)
def agreements_due(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """Agreements whose review date has passed or is within REVIEW_NOTICE_DAYS, on the coalition home page."""
    today = timezone.localdate()
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "coalition": coalition,
        "request": request,
        "due": agreements_due_for_review(coalition=coalition, today=today),
        "today": today,
        "notice_days": REVIEW_NOTICE_DAYS,
        "may_edit": user is not None and user_coordinates(user, coalition),
    }


@register.filter
def lookup(mapping: dict[Any, Any] | None, key: Any) -> Any:
    """`figures|lookup:indicator.key` — a dict lookup by a variable key."""
    return (mapping or {}).get(key)


@register.filter
def is_checkbox_list(bound_field: forms.BoundField) -> bool:
    """Multiple checkboxes are rendered as a fieldset with a legend, not as one form field."""
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple)
