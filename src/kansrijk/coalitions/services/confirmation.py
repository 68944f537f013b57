"""Writes of coalition confirmation: the national programme (or the platform admin) confirms or refuses a
requested coalition; a coordinator of a refused coalition may ask again.

Statuses are an enum plus one transition table (style.md habit 6), enforced here and tested across the
whole table. Each change locks the coalition row, so two people deciding at once cannot both win.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.types import Actor, person
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.selectors.access import user_coordinates, user_is_member
from kansrijk.coalitions.selectors.confirmation import user_may_confirm_coalitions

S = CoalitionStatus
# Confirmed is final here: withdrawing a confirmation is a different decision (not built yet). A refused
# coalition can only go back to "requested", by a re-request of one of its coordinators.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REQUESTED: frozenset({S.CONFIRMED, S.REFUSED}),
    S.REFUSED: frozenset({S.REQUESTED}),
    S.CONFIRMED: frozenset(),
}

NOTE_MAX_LENGTH = 500
MAY_NOT_DECIDE = _("Alleen het landelijk programma en de platformbeheerder bevestigen of weigeren coalities.")
OWN_COALITION = _(
    "U neemt zelf deel aan deze coalitie. Iemand anders van het landelijk programma beslist over de aanvraag."
)
MAY_NOT_REREQUEST = _("Alleen een coördinator van deze coalitie kan haar opnieuw aanvragen.")
NOTE_REQUIRED = _("Schrijf waarom de coalitie niet wordt bevestigd. De coördinatoren lezen deze toelichting.")
NOTE_TOO_LONG = _("Gebruik maximaal {max} tekens (nu {length}).")
BAD_TRANSITION = _("Een coalitie met de status “{old}” kan niet naar “{new}”.")


def _clean_note(note: str, *, required: bool) -> str:
    note = " ".join(note.split())  # one line: it is shown in a banner and written to the audit log
    if required and not note:
        raise ValidationError({"note": NOTE_REQUIRED})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError({"note": str(NOTE_TOO_LONG).format(max=NOTE_MAX_LENGTH, length=len(note))})
    return note


def _ensure_decider(actor: Actor, coalition: Coalition) -> None:
    """a `SystemActor` is the system (the demo command, test set-up); a person must hold the right role and
    may not decide about a coalition they take part in themselves (four eyes: someone with both a national
    and a coordinator role cannot confirm their own request)."""
    if not isinstance(actor, User):
        return  # a named system actor (demo, tests)
    if not user_may_confirm_coalitions(actor):
        raise PermissionDenied(MAY_NOT_DECIDE)
    if user_coordinates(actor, coalition) or user_is_member(actor, coalition):
        raise PermissionDenied(OWN_COALITION)


def _change_status(*, coalition: Coalition, to: str, actor: Actor, note: str, action: str) -> Coalition:
    # Lock and re-read: the status the decision is about is the one in the database, not the one on the
    # screen the decider loaded a while ago.
    locked = Coalition.objects.select_for_update().get(pk=coalition.pk)
    old = locked.status
    if to not in STATUS_TRANSITIONS[old]:
        raise ValidationError(str(BAD_TRANSITION).format(old=S(old).label, new=S(to).label))
    locked.status = to
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = person(actor)
    locked.status_note = note
    locked.save(
        update_fields=["status", "status_changed_at", "status_changed_by", "status_note", "updated_at"]
    )
    record(
        actor=actor,
        action=action,
        obj=locked,
        changes={"coalition": locked.slug, "status": [old, to], "note": note},
    )
    for field in ("status", "status_changed_at", "status_changed_by", "status_note"):
        setattr(coalition, field, getattr(locked, field))
    return locked


@transaction.atomic
def coalition_confirm(*, coalition: Coalition, actor: Actor, note: str = "") -> Coalition:
    """Aangevraagd → bevestigd: from now on the coalition publishes duidingen, appears on public pages
    and counts in comparisons."""
    _ensure_decider(actor, coalition)
    note = _clean_note(note, required=False)
    return _change_status(
        coalition=coalition, to=S.CONFIRMED, actor=actor, note=note, action="coalition.confirmed"
    )


@transaction.atomic
def coalition_refuse(*, coalition: Coalition, actor: Actor, note: str) -> Coalition:
    """Aangevraagd → afgewezen, with a reason the coalition's own workspace shows. The workspace keeps
    working for its participants; nothing of it is published."""
    _ensure_decider(actor, coalition)
    note = _clean_note(note, required=True)
    return _change_status(
        coalition=coalition, to=S.REFUSED, actor=actor, note=note, action="coalition.refused"
    )


@transaction.atomic
def coalition_rerequest(*, coalition: Coalition, actor: User, note: str = "") -> Coalition:
    """Afgewezen → aangevraagd, by a coordinator of the coalition (after fixing what the refusal said)."""
    if not user_coordinates(actor, coalition):
        raise PermissionDenied(MAY_NOT_REREQUEST)
    note = _clean_note(note, required=False)
    return _change_status(
        coalition=coalition, to=S.REQUESTED, actor=actor, note=note, action="coalition.rerequested"
    )
