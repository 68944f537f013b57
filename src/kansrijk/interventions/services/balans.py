"""Writes of the balans: the coalition's notes per cell (wat gaat goed, waar liggen hiaten)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.interventions.models import BalansNote
from kansrijk.interventions.selectors.balans import is_balans_cell

NOTE_MAX_LENGTH = 2000
UNKNOWN_CELL = _("Onbekende cel van de balans: fase {phase}, thema {need}.")
TOO_LONG = _("Gebruik hoogstens {max} tekens.")


@transaction.atomic
def balans_note_save(
    *, coalition: Coalition, phase: str, need: str, goes_well: str, gaps: str, actor: User
) -> BalansNote:
    """Set the notes of one cell (empty texts clear them). Coordinators only; audited with before/after."""
    ensure_coordinator(actor, coalition)
    if not is_balans_cell(phase, need):
        raise ValidationError(str(UNKNOWN_CELL).format(phase=phase, need=need))
    goes_well, gaps = goes_well.strip(), gaps.strip()
    errors = {
        name: [str(TOO_LONG).format(max=NOTE_MAX_LENGTH)]
        for name, text in (("goes_well", goes_well), ("gaps", gaps))
        if len(text) > NOTE_MAX_LENGTH
    }
    if errors:
        raise ValidationError(errors)
    note = BalansNote.objects.select_for_update().filter(coalition=coalition, phase=phase, need=need).first()
    before = {"goes_well": note.goes_well, "gaps": note.gaps} if note else {"goes_well": "", "gaps": ""}
    if note is None:
        note = BalansNote(coalition=coalition, phase=phase, need=need)
    note.goes_well, note.gaps, note.updated_by = goes_well, gaps, actor
    note.full_clean()
    note.save()
    after = {"goes_well": goes_well, "gaps": gaps}
    record(
        actor=actor,
        action="interventions.balans_note_saved",
        obj=note,
        changes={
            "coalition": coalition.slug,
            "phase": phase,
            "need": need,
            **audit_diff(before, after),
        },
    )
    return note
