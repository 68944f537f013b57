"""Who may see which monitor: one place for the pages, the exports, the business case and the API.

Published figures hold no personal data, but they are the coalition's own: its members (coordinators
and the partners' users) and the national programme see a coalition's monitor; everyone else gets 404.
The national monitor is for the national programme and the platform admin only.
"""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from django.shortcuts import get_object_or_404

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import AnyUser, coalitions_visible_to
from kansrijk.coalitions.selectors.confirmation import user_may_confirm_coalitions


def monitor_coalition_get(user: AnyUser, public_id: UUID) -> Coalition:
    """The coalition whose monitor this user may see; 404 for every other user and coalition."""
    return get_object_or_404(coalitions_visible_to(user), public_id=public_id)


def monitor_coalition_by_slug(user: AnyUser, slug: str) -> Coalition:
    return get_object_or_404(coalitions_visible_to(user), slug=slug)


def require_national(user: AnyUser) -> None:
    if not user_may_confirm_coalitions(user):
        raise Http404
