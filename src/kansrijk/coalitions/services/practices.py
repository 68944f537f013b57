"""Writes of the good practices: a member publishes for their own coalition; who shared it or a
coordinator edits or withdraws it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, GoodPractice
from kansrijk.coalitions.selectors.practices import user_may_edit_practice
from kansrijk.coalitions.services._common import ensure_member

NOT_PRACTICE_EDITOR = _(
    "Alleen wie deze praktijk deelde of een coördinator van de coalitie mag haar wijzigen of intrekken."
)
ALREADY_WITHDRAWN = _("Deze praktijk is al ingetrokken.")

PRACTICE_FIELDS = ("title", "target_group", "description", "results", "contact", "theme", "phase")


def _state(practice: GoodPractice) -> dict[str, str]:
    return {f: getattr(practice, f) for f in PRACTICE_FIELDS}


@transaction.atomic
def practice_publish(
    *,
    coalition: Coalition,
    title: str,
    target_group: str,
    description: str,
    contact: str,
    theme: str,
    phase: str,
    actor: User,
    results: str = "",
) -> GoodPractice:
    ensure_member(actor, coalition)
    practice = GoodPractice(
        coalition=coalition,
        title=title.strip(),
        target_group=target_group.strip(),
        description=description.strip(),
        results=results.strip(),
        contact=contact.strip(),
        theme=theme,
        phase=phase,
        published_by=actor,
    )
    practice.full_clean()
    practice.save()
    record(
        actor=actor,
        action="coalition.practice_published",
        obj=practice,
        changes={"coalition": coalition.slug, **_state(practice)},
    )
    return practice


@transaction.atomic
def practice_update(
    *,
    practice: GoodPractice,
    title: str,
    target_group: str,
    description: str,
    results: str,
    contact: str,
    theme: str,
    phase: str,
    actor: User,
) -> GoodPractice:
    if not user_may_edit_practice(actor, practice):
        raise PermissionDenied(NOT_PRACTICE_EDITOR)
    before = _state(practice)
    practice.title, practice.target_group = title.strip(), target_group.strip()
    practice.description, practice.results = description.strip(), results.strip()
    practice.contact, practice.theme, practice.phase = contact.strip(), theme, phase
    practice.full_clean()
    practice.save()
    after = _state(practice)
    diff = audit_diff(before, after)
    record(actor=actor, action="coalition.practice_changed", obj=practice, changes=diff)
    return practice


@transaction.atomic
def practice_withdraw(*, practice: GoodPractice, actor: User) -> GoodPractice:
    """Takes the practice out of the shared search; it stays visible to its own coalition."""
    if not user_may_edit_practice(actor, practice):
        raise PermissionDenied(NOT_PRACTICE_EDITOR)
    if practice.withdrawn_at is not None:
        raise ValidationError(ALREADY_WITHDRAWN)
    practice.withdrawn_at = timezone.now()
    practice.save(update_fields=["withdrawn_at", "updated_at"])
    record(
        actor=actor,
        action="coalition.practice_withdrawn",
        obj=practice,
        changes={"coalition": practice.coalition.slug, "title": practice.title},
    )
    return practice
