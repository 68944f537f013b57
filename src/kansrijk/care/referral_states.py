"""The referral's one transition table: (from, to) → the side that may make the move (issue 12).

FHIR Task semantics mapped to Dutch labels. The `Workflow` (kansrijk.core.workflow) is derived from the
same table, so "is this move allowed" and "who may make it" can never disagree. `FHIR_STATUS` maps each
status to Task.status; the Dutch status itself is Task.businessStatus (SDOH has no "first contact").
"""

from __future__ import annotations

from types import MappingProxyType

from kansrijk.care.models.referral import ReferralSide, ReferralStatus
from kansrijk.core.workflow import Workflow

S = ReferralStatus
SENDER, RECEIVER, SYSTEM = ReferralSide.SENDER, ReferralSide.RECEIVER, ReferralSide.SYSTEM

SIDES: MappingProxyType[tuple[str, str], str] = MappingProxyType(
    {
        (S.CONCEPT, S.SENT): SENDER,
        (S.CONCEPT, S.WITHDRAWN): SENDER,
        (S.SENT, S.RECEIVED): RECEIVER,
        (S.SENT, S.WITHDRAWN): SENDER,
        (S.SENT, S.EXPIRED): SYSTEM,
        (S.RECEIVED, S.ACCEPTED): RECEIVER,
        (S.RECEIVED, S.REJECTED): RECEIVER,
        (S.RECEIVED, S.REFERRED_ELSEWHERE): RECEIVER,
        (S.RECEIVED, S.WITHDRAWN): SENDER,
        (S.RECEIVED, S.EXPIRED): SYSTEM,
        (S.ACCEPTED, S.FIRST_CONTACT): RECEIVER,
        (S.ACCEPTED, S.NOT_REACHED): RECEIVER,
        (S.ACCEPTED, S.REFERRED_ELSEWHERE): RECEIVER,
        (S.ACCEPTED, S.STOPPED): RECEIVER,
        (S.FIRST_CONTACT, S.COMPLETED): RECEIVER,
        (S.FIRST_CONTACT, S.STOPPED): RECEIVER,
    }
)


def _transitions() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {status: set() for status in S.values}
    for source, target in SIDES:
        table[source].add(target)
    return {status: frozenset(targets) for status, targets in table.items()}


REFERRAL_STATUSES = Workflow(S, _transitions(), editable=frozenset({S.CONCEPT}))

# Before acceptance the receiving team has the limited view (referral and handover set only).
LIMITED_VIEW: frozenset[str] = frozenset({S.SENT, S.RECEIVED})
# Still waiting for the first contact: counted as overdue after `due_on`.
AWAITING_FIRST_CONTACT: frozenset[str] = frozenset({S.SENT, S.RECEIVED, S.ACCEPTED})
# Nobody responded: the system may expire these after KANSRIJK_REFERRAL_EXPIRY_DAYS.
EXPIRABLE: frozenset[str] = frozenset({S.SENT, S.RECEIVED})
# A reason is required to move into these (also a database constraint).
NEEDS_REASON: frozenset[str] = frozenset({S.REJECTED, S.STOPPED, S.NOT_REACHED, S.REFERRED_ELSEWHERE})
CLOSED: frozenset[str] = REFERRAL_STATUSES.final_statuses()

FHIR_STATUS: MappingProxyType[str, str] = MappingProxyType(
    {
        S.CONCEPT: "draft",
        S.SENT: "requested",
        S.RECEIVED: "received",
        S.ACCEPTED: "accepted",
        S.REJECTED: "rejected",
        S.FIRST_CONTACT: "in-progress",
        S.COMPLETED: "completed",
        S.STOPPED: "failed",
        S.WITHDRAWN: "cancelled",
        S.EXPIRED: "failed",
        S.NOT_REACHED: "failed",
        S.REFERRED_ELSEWHERE: "rejected",
    }
)


def side_for(current: str, target: str) -> str | None:
    """The side that may move a referral from `current` to `target`, or None when nobody may."""
    return SIDES.get((current, target))
