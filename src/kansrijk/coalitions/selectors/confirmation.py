"""Reads about coalition confirmation: which coalitions are public, and the national programme's list of
requested coalitions.

A new coalition is "aangevraagd" until the national programme or the platform admin confirms it. Until
then anyone with a coordinator role could have made it, for any municipality and naming any organisation
as kartrekker, so only confirmed coalitions may publish duidingen, appear on public pages or count in
comparisons (issue "Ready for personal data", item 9). Other apps use `confirmed_coalitions()` and
`coalition_is_public()`; they never test the status field themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from kansrijk.accounts.selectors import user_is_national, user_is_platform_admin
from kansrijk.audit.selectors import latest_events
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.selectors.access import AnyUser

NOT_FOUND = "Deze aanvraag bestaat niet."


# --- what is public -----------------------------------------------------------------------------------


def confirmed_coalitions() -> QuerySet[Coalition]:
    """Coalitions the national programme (or the platform admin) confirmed: the only ones that publish
    anything outside their own workspace. The demo coalition is confirmed in the demo database and keeps
    its `is_demo` label; callers that must leave demo data out (comparisons) filter on it themselves."""
    return Coalition.objects.filter(status=CoalitionStatus.CONFIRMED)


def coalition_is_public(coalition: Coalition) -> bool:
    """May this coalition's work (duidingen, its name on a public page) be shown to anyone outside it?"""
    return coalition.status == CoalitionStatus.CONFIRMED


def comparable_coalitions() -> QuerySet[Coalition]:
    """Coalitions that count in comparisons between coalitions (the zelfscan comparison): confirmed and
    real. Demo data never mixes with real data, and an unconfirmed coalition may be a fake made to probe."""
    return confirmed_coalitions().filter(is_demo=False)


# --- who decides ----------------------------------------------------------------------------------------


def user_may_confirm_coalitions(user: AnyUser) -> bool:
    """The national programme (a Role.NATIONAL membership) and the platform admin (or a superuser)."""
    if not user.is_authenticated:
        return False
    return user_is_platform_admin(user) or user_is_national(user)


# --- the list of requests -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoalitionRequest:
    coalition: Coalition
    municipalities: list[str]
    lead: str | None
    requested_by: str  # the e-mail address of whoever created (or re-requested) it, or "systeem"
    requested_at: dt.datetime  # datetime of that event (the coalition's creation when no event is found)


def _requesters(coalitions: list[Coalition]) -> dict[str, tuple[str, dt.datetime]]:
    """public_id → (actor label, time) of the latest create or re-request event, in one query."""
    events = latest_events(
        object_type="coalitions.coalition",
        object_ids=[str(c.public_id) for c in coalitions],
        actions=["coalition.created", "coalition.rerequested"],
    )
    return {object_id: (event.actor_label, event.at) for object_id, event in events.items()}


def coalition_requests(status: str = CoalitionStatus.REQUESTED) -> list[CoalitionRequest]:
    """Coalitions with this status (default: waiting for a decision), oldest request first. Three queries."""
    coalitions = list(
        Coalition.objects.filter(status=status)
        .select_related("lead")
        .prefetch_related("municipalities")
        .order_by("created_at")
    )
    requesters = _requesters(coalitions)
    rows = []
    for coalition in coalitions:
        label, at = requesters.get(str(coalition.public_id), ("systeem", coalition.created_at))
        rows.append(
            CoalitionRequest(
                coalition=coalition,
                municipalities=sorted(m.name for m in coalition.municipalities.all()),
                lead=coalition.lead.name if coalition.lead else None,
                requested_by=label,
                requested_at=at,
            )
        )
    return rows


def coalition_request_get(user: AnyUser, public_id: UUID) -> CoalitionRequest:
    """One coalition for the decision screen: 404 for anyone who does not decide (do not leak existence)."""
    if not user_may_confirm_coalitions(user):
        raise Http404(NOT_FOUND)
    coalition = Coalition.objects.select_related("lead").filter(public_id=public_id).first()
    if coalition is None:
        raise Http404(NOT_FOUND)
    label, at = _requesters([coalition]).get(str(coalition.public_id), ("systeem", coalition.created_at))
    return CoalitionRequest(
        coalition=coalition,
        municipalities=sorted(m.name for m in coalition.municipalities.all()),
        lead=coalition.lead.name if coalition.lead else None,
        requested_by=label,
        requested_at=at,
    )
