"""The status banner of a coalition that is not (yet) confirmed, shown on every workspace page."""

from __future__ import annotations

from typing import Any

from django import template

from kansrijk.coalitions.forms.confirmation import RerequestForm
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.selectors.access import user_coordinates

register = template.Library()


@register.inclusion_tag("coalitions/confirmation/_banner.html", takes_context=True)
def coalition_status_banner(context: dict[str, Any], coalition: Coalition) -> dict[str, Any]:
    """Nothing for a confirmed coalition; "aangevraagd" or "niet bevestigd" (with the reason, and for a
    coordinator a re-request form) otherwise. No query unless the coalition was refused."""
    request = context.get("request")
    status = getattr(coalition, "status", None)  # a page without a coalition shows no banner
    refused = status == CoalitionStatus.REFUSED
    user = getattr(request, "user", None)
    may_rerequest = refused and user is not None and user_coordinates(user, coalition)
    return {
        "coalition": coalition,
        "requested": status == CoalitionStatus.REQUESTED,
        "refused": refused,
        "rerequest_form": RerequestForm() if may_rerequest else None,
        "request": request,
    }
