"""The prenatal home visit by JGZ (voluntary): offered, accepted or declined, held or not, outcome, next steps.

- Only a JGZ organisation offers it (the issue: "JGZ, voluntary"), for a family its team reaches with at
  least the family's name and contact details: nobody visits a family they may not identify.
- The visit is the JGZ team's own record: only the team that offered it changes it. Others read it by the
  rule of `VISIT_CATEGORY` (whoever may see medical data; always the team that made it).
- Statuses follow one transition table; a held visit needs its date (also a database constraint), a visit
  that did not happen needs the reason (in the outcome).
- Every write logs one access-log entry and one timeline line that says what happened, never the content.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessEvent, Episode, HomeVisit, VisitStatus
from kansrijk.care.selectors.access import EpisodeAccess
from kansrijk.care.selectors.families import VISIT_CATEGORY
from kansrijk.care.selectors.visits import is_jgz, visits_visible_to
from kansrijk.care.services._checks import require_category
from kansrijk.care.services._outbox import outbox_visit
from kansrijk.care.services.episodes import EPISODE_CLOSED, STATUSES, timeline_add
from kansrijk.core.workflow import Workflow

S = VisitStatus
VISIT_STATUSES = Workflow(
    S,
    {
        S.OFFERED: frozenset({S.ACCEPTED, S.DECLINED}),
        S.ACCEPTED: frozenset({S.HELD, S.NOT_HELD}),
        S.DECLINED: frozenset(),
        S.HELD: frozenset(),
        S.NOT_HELD: frozenset(),
    },
    # While it has not happened yet, the planned date and the next steps may still change.
    editable=frozenset({S.OFFERED, S.ACCEPTED}),
)
# The category a write needs: to offer or keep a visit the team must at least know who the family is.
WRITE_CATEGORY = DataCategory.IDENTIFICATION
TEXT_LIMIT = 5000

NOT_JGZ = _("Alleen de JGZ biedt een prenataal huisbezoek aan.")
NOT_YOUR_TEAM = _("Alleen het team dat het huisbezoek aanbood, kan het wijzigen.")
UNKNOWN_STATUS = _("Kies een van de mogelijke stappen.")
NOT_ALLOWED = _("Deze stap kan niet vanuit '{current}'.")
HELD_DATE_NEEDED = _("Vul de datum in waarop het huisbezoek is gehouden.")
DATE_ONLY_WHEN_HELD = _("Vul alleen een datum in als het huisbezoek is gehouden.")
DATE_IN_FUTURE = _("Deze datum kan niet in de toekomst liggen.")
REASON_NEEDED = _("Schrijf op waarom het huisbezoek niet is doorgegaan.")

TIMELINE_TEXT = {
    S.OFFERED: _("Huisbezoek aangeboden"),
    S.ACCEPTED: _("Huisbezoek geaccepteerd"),
    S.DECLINED: _("Huisbezoek niet gewenst"),
    S.HELD: _("Huisbezoek gehouden"),
    S.NOT_HELD: _("Huisbezoek niet doorgegaan"),
}


def _open(ctx: AccessContext, episode_id: UUID) -> tuple[EpisodeAccess, Episode]:
    """The family for a visit write: visible (404), identifiable (refused), not closed; locked."""
    access = require_category(ctx, episode_id, WRITE_CATEGORY)
    episode = Episode.objects.select_for_update().get(pk=access.episode.pk)
    if not STATUSES.is_editable(episode.status):
        raise ValidationError(EPISODE_CLOSED)
    return access, episode


def _log(ctx: AccessContext, access: EpisodeAccess, visit: HomeVisit, *, event: str, action: str) -> None:
    log_access(
        ctx,
        event=event,
        action=action,
        basis=access.basis,
        episode_id=access.episode.public_id,
        # Which visit and its status, never the outcome or next steps.
        detail={"categorieen": [VISIT_CATEGORY], "huisbezoek": str(visit.public_id), "status": visit.status},
    )


@transaction.atomic
def visit_offer(ctx: AccessContext, *, episode_id: UUID, planned_on: date | None = None) -> HomeVisit:
    """The JGZ team offers the family a prenatal home visit (status "aangeboden")."""
    access, episode = _open(ctx, episode_id)
    if not is_jgz(ctx):
        raise PermissionDenied(NOT_JGZ)
    assert ctx.organisation is not None and ctx.team is not None  # require_category: a professional
    visit = HomeVisit.objects.create(
        episode=episode,
        organisation=ctx.organisation,
        team=ctx.team,
        status=S.OFFERED,
        planned_on=planned_on,
        by=ctx.user,
    )
    timeline_add(ctx, episode, kind="huisbezoek", text=str(TIMELINE_TEXT[S.OFFERED]), category=VISIT_CATEGORY)
    outbox_visit(episode, visit)
    _log(ctx, access, visit, event=AccessEvent.CREATE, action="huisbezoek.aanbieden")
    return visit


def _check(visit: HomeVisit, status: str, held_on: date | None, outcome: str) -> None:
    """The transition and the data it needs; all errors by field, so the form can show them."""
    if status not in S.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    same = status == visit.status and VISIT_STATUSES.is_editable(status)
    if not (same or VISIT_STATUSES.allowed(visit.status, status)):
        current = str(S(visit.status).label).lower()
        raise ValidationError({"status": str(NOT_ALLOWED).format(current=current)})
    if status == S.HELD and held_on is None:
        raise ValidationError({"held_on": HELD_DATE_NEEDED})
    if status != S.HELD and held_on is not None:
        raise ValidationError({"held_on": DATE_ONLY_WHEN_HELD})
    if held_on is not None and held_on > timezone.localdate():
        raise ValidationError({"held_on": DATE_IN_FUTURE})
    if status == S.NOT_HELD and not outcome:
        raise ValidationError({"outcome": REASON_NEEDED})


@transaction.atomic
def visit_update(
    ctx: AccessContext,
    *,
    episode_id: UUID,
    visit_id: UUID,
    status: str,
    held_on: date | None = None,
    outcome: str = "",
    next_steps: str = "",
    planned_on: date | None = None,
) -> HomeVisit:
    """The next step of a visit (or, while it has not happened, a new planned date or next steps)."""
    access, episode = _open(ctx, episode_id)
    visit = visits_visible_to(ctx, access).select_for_update().filter(public_id=visit_id).first()
    if visit is None:
        raise Http404
    assert ctx.team is not None
    if visit.team_id != ctx.team.pk:
        raise PermissionDenied(NOT_YOUR_TEAM)
    outcome, next_steps = outcome.strip()[:TEXT_LIMIT], next_steps.strip()[:TEXT_LIMIT]
    _check(visit, status, held_on, outcome)
    changed_status = status != visit.status
    visit.status = status
    visit.held_on = held_on
    visit.outcome = outcome
    visit.next_steps = next_steps
    if planned_on is not None and VISIT_STATUSES.is_editable(status):
        visit.planned_on = planned_on
    visit.by = ctx.user
    visit.save()
    if changed_status:
        outbox_visit(episode, visit)
        timeline_add(
            ctx, episode, kind="huisbezoek", text=str(TIMELINE_TEXT[S(status)]), category=VISIT_CATEGORY
        )
    _log(ctx, access, visit, event=AccessEvent.UPDATE, action="huisbezoek.wijzigen")
    return visit
