"""Writes of the startfoto: duidingen (interpretation notes), each with its audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.areas.models import Area, Indicator
from kansrijk.audit.services import record
from kansrijk.startfoto.hooks import duiding_provider
from kansrijk.startfoto.models import Duiding

NOT_COORDINATOR = _(
    "Alleen een coördinator van een bevestigde coalitie met deze gemeente kan een duiding schrijven."
)
NOT_AUTHOR = _("Alleen de schrijver kan deze duiding verwijderen.")
TEXT_BLANK = _("Vul een duiding in.")


@transaction.atomic
def duiding_create(
    *, coalition: Model, municipality: Area, indicator: Indicator, text: str, actor: User
) -> Duiding:
    """A coordinator of `coalition` writes a note on `indicator` for one of the coalition's municipalities.

    Who may write in which coalition's name is the coalition layer's rule (a confirmed coalition that
    includes the municipality, coordinated by the actor), asked through `startfoto.hooks`."""
    provider = duiding_provider()
    if not provider.writable_coalitions(actor, municipality).filter(pk=coalition.pk).exists():
        raise PermissionDenied(NOT_COORDINATOR)
    text = text.strip()
    if not text:
        raise ValidationError({"text": TEXT_BLANK})
    duiding = Duiding(
        coalition_id=coalition.pk,
        municipality=municipality,
        indicator=indicator,
        text=text,
        author=actor,
        author_label=provider.author_label(actor),
    )
    duiding.full_clean()
    duiding.save()
    record(
        actor=actor,
        action="duiding.created",
        obj=duiding,
        changes={
            "gemeente": municipality.code,
            "indicator": indicator.key,
            "coalitie": str(duiding.coalition.public_id),
            "tekens": len(text),
        },
    )
    return duiding


@transaction.atomic
def duiding_delete(*, duiding: Duiding, actor: User) -> None:
    """The author removes their own note; the audit event keeps what was removed."""
    if duiding.author_id != actor.pk:
        raise PermissionDenied(NOT_AUTHOR)
    record(
        actor=actor,
        action="duiding.deleted",
        obj=duiding,
        changes={
            "gemeente": duiding.municipality.code,
            "indicator": duiding.indicator.key,
            "tekst": duiding.text,
        },
    )
    duiding.delete()
