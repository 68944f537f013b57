"""Who may see which monitor: one place for the pages, the exports, the business case and the API.

Two rules, both answering 404 (the coalition's existence is not announced) and leaving anonymous visitors
to `login_required` (the login page):

- **Coalition monitor** (page, CSV, PDF, API): published figures hold no personal data, but they are the
  coalition's own. Its members (coordinators and the partners' users who take part, by effective
  participation: `coalitions_visible_to`) and the national programme and platform admin
  (`user_may_confirm_coalitions`, every coalition) see it; everyone else gets 404.
- **Business case (MKBA)**: a calculator for the wethouder, so for the coalition's coordinators and the
  national programme and platform admin only. Partners' users, other coalitions' coordinators and
  parents get 404. The monitor page shows its link only to those who may open it.

The national monitor (page and CSV) is for the national programme and the platform admin only.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import AnyUser, coalitions_coordinated_by, coalitions_visible_to
from kansrijk.coalitions.selectors.confirmation import user_may_confirm_coalitions


def monitor_coalitions(user: AnyUser) -> QuerySet[Coalition]:
    """The coalitions whose monitor this user may see."""
    if user_may_confirm_coalitions(user):
        return Coalition.objects.all()
    return coalitions_visible_to(user)


def monitor_coalition_get(user: AnyUser, public_id: UUID) -> Coalition:
    """The coalition whose monitor this user may see; 404 for every other user and coalition."""
    return get_object_or_404(monitor_coalitions(user), public_id=public_id)


def monitor_coalition_by_slug(user: AnyUser, slug: str) -> Coalition:
    return get_object_or_404(monitor_coalitions(user), slug=slug)


def business_case_coalitions(user: AnyUser) -> QuerySet[Coalition]:
    """The coalitions whose business case this user may make."""
    if user_may_confirm_coalitions(user):
        return Coalition.objects.all()
    return coalitions_coordinated_by(user)


def business_case_coalition_get(user: AnyUser, public_id: UUID) -> Coalition:
    """The coalition whose business case this user may make: its coordinators, the national programme and
    the platform admin. Partners' users, other coalitions' coordinators and parents get 404."""
    return get_object_or_404(business_case_coalitions(user), public_id=public_id)


def user_may_open_business_case(user: AnyUser, coalition: Coalition) -> bool:
    """Whether the monitor page shows the link to the business case."""
    return business_case_coalitions(user).filter(pk=coalition.pk).exists()


def require_national(user: AnyUser) -> None:
    if not user_may_confirm_coalitions(user):
        raise Http404
