"""A parent's request to correct their data (issue 11: "ask for a correction (a task for the responsible
professional)"), and the team answering it.

Both sides share this module: the family's view calls `correction_request`, the family page calls
`correction_answer`. The task goes to the team with the organisation's own relation with the family
(the registering team): that is the team responsible for the record.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    CorrectionRequest,
    CorrectionStatus,
    Person,
    PersonRole,
    RelationBasis,
)
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.services._checks import require_professional
from kansrijk.care.services.episodes import timeline_add
from kansrijk.core.workflow import Workflow

ONLY_PARENT = _("Alleen een ouder kan om een correctie van de eigen gegevens vragen.")
NOT_YOUR_PERSON = _("U kunt alleen vragen om uw eigen gegevens of die van uw kind te verbeteren.")
TEXT_NEEDED = _("Schrijf op wat er niet klopt.")
NO_TEAM = _("Er is geen team meer dat uw gegevens bijhoudt. Neem contact op met uw zorgverlener.")
NOT_YOUR_TEAM = _("Dit verzoek is voor een ander team.")
ALREADY_DONE = _("Dit verzoek is al afgehandeld.")
ANSWER_NEEDED = _("Schrijf een antwoord aan de ouder: wat heeft u aangepast, of waarom niet?")

TEXT_MAX_LENGTH = 5000

CORRECTIONS = Workflow(
    statuses=CorrectionStatus,
    transitions={
        CorrectionStatus.OPEN: frozenset({CorrectionStatus.DONE}),
        CorrectionStatus.DONE: frozenset(),
    },
)


def responsible_relation(episode_pk: int) -> CareRelation | None:
    """The live own relation of the family (the team that keeps the record), the oldest first."""
    return (
        CareRelation.objects.filter(episode_id=episode_pk, basis=RelationBasis.OWN, ended_at__isnull=True)
        .select_related("team")
        .order_by("created_at")
        .first()
    )


@transaction.atomic
def correction_request(
    ctx: AccessContext, *, episode_id: UUID, person: Person, text: str
) -> CorrectionRequest:
    """A parent asks to correct their own data or their child's: a task for the responsible team."""
    if not ctx.is_parent:
        raise PermissionDenied(ONLY_PARENT)
    access = episode_access(ctx, episode_id)  # 404 for another family
    own = access.person
    if own is None or person.episode_id != access.episode.pk:
        raise PermissionDenied(NOT_YOUR_PERSON)
    if person.pk != own.pk and person.role != PersonRole.CHILD:
        raise PermissionDenied(NOT_YOUR_PERSON)
    text = text.strip()
    if not text:
        raise ValidationError({"text": TEXT_NEEDED})
    relation = responsible_relation(access.episode.pk)
    if relation is None:
        raise ValidationError(NO_TEAM)
    correction = CorrectionRequest.objects.create(
        episode=access.episode, person=person, team=relation.team, text=text[:TEXT_MAX_LENGTH]
    )
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="correctie.vragen",
        basis=access.basis,
        episode_id=access.episode.public_id,
        detail={"categorieen": [DataCategory.IDENTIFICATION], "verzoek": str(correction.public_id)},
    )
    return correction


@transaction.atomic
def correction_answer(ctx: AccessContext, *, correction: CorrectionRequest, answer: str) -> CorrectionRequest:
    """The responsible team answers the parent and marks the request done."""
    require_professional(ctx)
    access = episode_access(ctx, correction.episode.public_id)  # 404 when the family is not visible
    correction = CorrectionRequest.objects.select_for_update().get(pk=correction.pk)
    if ctx.team is None or correction.team_id != ctx.team.pk:
        raise PermissionDenied(NOT_YOUR_TEAM)
    if not CORRECTIONS.allowed(correction.status, CorrectionStatus.DONE):
        raise ValidationError(ALREADY_DONE)
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": ANSWER_NEEDED})
    correction.status = CorrectionStatus.DONE
    correction.answer = answer[:TEXT_MAX_LENGTH]
    correction.handled_by = ctx.user
    correction.handled_at = timezone.now()
    correction.save(update_fields=["status", "answer", "handled_by", "handled_at", "updated_at"])
    timeline_add(
        ctx,
        access.episode,
        kind="correctie",
        text=str(_("Verzoek om correctie afgehandeld")),
        category=DataCategory.IDENTIFICATION,
    )
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="correctie.afhandelen",
        basis=access.basis,
        episode_id=access.episode.public_id,
        detail={"verzoek": str(correction.public_id)},
    )
    return correction
