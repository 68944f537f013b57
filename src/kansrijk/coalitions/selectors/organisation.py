"""Reads for the "Mijn organisatie" pages that need coalition data: the access review.

The access review lists, for one organisation, who of it has access to what: each person, their roles in
the organisation, and the coalitions they take part in on its behalf (with their role there). It lives in
the coalition layer because accounts may not import coalitions; the organisation rules stay in accounts.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.http import Http404
from django.utils import timezone

from kansrijk.accounts.models import AccessReview, Membership, Organisation, User
from kansrijk.accounts.organisation_selectors import last_access_review, members_of
from kansrijk.coalitions.models import CoalitionPartner, Participation, PartnerStatus

# How often an organisation should look at who has access (the page flags an older review).
REVIEW_INTERVAL = timedelta(days=90)


@dataclass(frozen=True)
class ParticipationLine:
    participation: Participation
    # Access comes only from an accepted partnership (docs/adr/0007); a proposed one gives nothing yet.
    partnership_accepted: bool


@dataclass
class PersonAccess:
    user: User
    memberships: list[Membership] = field(default_factory=list)
    participations: list[ParticipationLine] = field(default_factory=list)

    @property
    def is_member(self) -> bool:
        return bool(self.memberships)


def access_rows(organisation: Organisation) -> list[PersonAccess]:
    """Everyone holding a role in the organisation, plus anyone still taking part in a coalition on its
    behalf without a role (such a participation gives no access, but the admin should see and end it)."""
    rows: dict[int, PersonAccess] = {}
    for membership in members_of(organisation):
        rows.setdefault(membership.user_id, PersonAccess(user=membership.user)).memberships.append(membership)
    participations = (
        Participation.objects.filter(organisation=organisation, ended_at__isnull=True)
        .select_related("coalition", "user")
        .order_by("coalition__name")
    )
    accepted = set(
        CoalitionPartner.objects.filter(organisation=organisation, status=PartnerStatus.ACCEPTED).values_list(
            "coalition_id", flat=True
        )
    )
    for participation in participations:
        row = rows.setdefault(participation.user_id, PersonAccess(user=participation.user))
        row.participations.append(
            ParticipationLine(
                participation=participation, partnership_accepted=participation.coalition_id in accepted
            )
        )
    return list(rows.values())


def access_summary(rows: list[PersonAccess]) -> dict[str, object]:
    """What the admin saw, as plain data: stored with the review so it shows later what was confirmed."""
    return {
        "lines": [
            {
                "user": str(row.user.public_id),
                "email": row.user.email,
                "name": row.user.get_full_name(),
                "active": row.user.is_active,
                "roles": sorted(m.role for m in row.memberships),
                "coalitions": [
                    {
                        "coalition": line.participation.coalition.slug,
                        "name": line.participation.coalition.name,
                        "role": line.participation.role,
                        "partnership_accepted": line.partnership_accepted,
                    }
                    for line in row.participations
                ],
            }
            for row in rows
        ]
    }


def summary_fingerprint(summary: dict[str, object]) -> str:
    """A short hash of the list: a confirmation counts only for the list the admin actually saw."""
    payload = json.dumps(summary, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(payload).hexdigest()[:32]


@dataclass(frozen=True)
class ReviewState:
    last: AccessReview | None
    overdue: bool


def review_state(organisation: Organisation) -> ReviewState:
    last = last_access_review(organisation)
    overdue = last is None or timezone.now() - last.created_at > REVIEW_INTERVAL
    return ReviewState(last=last, overdue=overdue)


def participation_get_for_organisation(organisation: Organisation, public_id: UUID) -> Participation:
    """An active participation on the organisation's behalf; 404 otherwise (also for other organisations)."""
    participation = (
        Participation.objects.filter(organisation=organisation, ended_at__isnull=True, public_id=public_id)
        .select_related("coalition", "user", "organisation")
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def active_participation_count(user: User, organisation: Organisation) -> int:
    """For the leaver's confirm step: how many coalition participations via this organisation will end."""
    return Participation.objects.filter(user=user, organisation=organisation, ended_at__isnull=True).count()
