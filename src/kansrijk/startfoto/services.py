"""Writes of the startfoto: duidingen (interpretation notes), each with its audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.areas.models import Area, Indicator
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition
from kansrijk.startfoto.models import Duiding

NOT_COORDINATOR = "Alleen een coördinator van een coalitie met deze gemeente kan een duiding schrijven."
NOT_AUTHOR = "Alleen de schrijver kan deze duiding verwijderen."
TEXT_BLANK = "Vul een duiding in."


def _author_label(user: User) -> str:
    return user.get_full_name() or user.email


@transaction.atomic
def duiding_create(
    *, coalition: Coalition, municipality: Area, indicator: Indicator, text: str, actor: User
) -> Duiding:
    """A coordinator of `coalition` writes a note on `indicator` for one of the coalition's municipalities."""
    if not (
        coalition.coordinators.filter(pk=actor.pk).exists()
        and coalition.municipalities.filter(pk=municipality.pk).exists()
    ):
        raise PermissionDenied(NOT_COORDINATOR)
    text = text.strip()
    if not text:
        raise ValidationError({"text": TEXT_BLANK})
    duiding = Duiding(
        coalition=coalition,
        municipality=municipality,
        indicator=indicator,
        text=text,
        author=actor,
        author_label=_author_label(actor),
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
            "coalitie": str(coalition.public_id),
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
