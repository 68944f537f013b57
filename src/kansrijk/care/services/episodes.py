"""Registering a family and keeping its episode: the registering organisation works on its own relation
with the client (recorded as such), for the team the professional acts for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Area
from kansrijk.care import bsn as bsn_codec
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    Episode,
    EpisodeStage,
    EpisodeStatus,
    MonitorEventKind,
    Person,
    PersonRole,
    RelationBasis,
    TimelineEvent,
)
from kansrijk.care.selectors.access import basis_label
from kansrijk.care.services._checks import require_category, require_professional
from kansrijk.care.services._outbox import outbox_add, outbox_pregnancy_ended
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.core.workflow import Workflow

NOT_A_PARTNER = _("Uw organisatie is geen geaccepteerde partner van deze coalitie.")
MUNICIPALITY_OUTSIDE = _("Deze gemeente hoort niet bij de coalitie.")
WIJK_OUTSIDE = _("Deze wijk ligt niet in de gekozen gemeente.")
NO_PARENT = _("Vul ten minste de gegevens van de (aanstaande) moeder of ouder in.")
BSN_INVALID = _("Dit is geen geldig BSN (9 cijfers die de elfproef halen).")
DUE_DATE_NEEDED = _("Vul de uitgerekende datum in.")


@dataclass(frozen=True)
class PersonData:
    role: str
    given_name: str
    family_name: str = ""
    birth_date: date | None = None
    postcode: str = ""
    phone: str = ""
    email: str = ""
    bsn: str = ""


def _person(episode: Episode, data: PersonData) -> Person:
    token = hashed = ""
    if data.bsn:
        if not bsn_codec.is_valid_bsn(data.bsn):
            raise ValidationError({"bsn": BSN_INVALID})
        token, hashed = bsn_codec.encrypt(data.bsn), bsn_codec.lookup_hash(data.bsn)
    return Person.objects.create(
        episode=episode,
        role=data.role,
        given_name=data.given_name,
        family_name=data.family_name,
        birth_date=data.birth_date,
        postcode=data.postcode.replace(" ", "").upper(),
        phone=data.phone,
        email=data.email.lower(),
        bsn_encrypted=token,
        bsn_hash=hashed,
    )


def timeline_add(
    ctx: AccessContext, episode: Episode, *, kind: str, text: str, category: str
) -> TimelineEvent:
    """One line on the family's timeline, under the organisation the professional acts for."""
    assert ctx.organisation is not None
    return TimelineEvent.objects.create(
        episode=episode,
        organisation=ctx.organisation,
        kind=kind,
        text=text,
        category=category,
        actor=ctx.user,
    )


@transaction.atomic
def family_register(
    ctx: AccessContext,
    *,
    coalition: Coalition,
    municipality: Area,
    stage: str,
    persons: list[PersonData],
    wijk: Area | None = None,
    due_date: date | None = None,
    is_synthetic: bool = False,
) -> Episode:
    require_professional(ctx)
    assert ctx.organisation is not None and ctx.team is not None
    if not partners_accepted(coalition).filter(organisation=ctx.organisation).exists():
        raise ValidationError(NOT_A_PARTNER)
    if not coalition.municipalities.filter(pk=municipality.pk).exists():
        raise ValidationError({"municipality": MUNICIPALITY_OUTSIDE})
    if wijk is not None and wijk.parent_id != municipality.pk:
        raise ValidationError({"wijk": WIJK_OUTSIDE})
    if not any(p.role == PersonRole.PARENT for p in persons):
        raise ValidationError(NO_PARENT)
    if stage == EpisodeStage.PREGNANT and due_date is None:
        raise ValidationError({"due_date": DUE_DATE_NEEDED})
    episode = Episode.objects.create(
        coalition=coalition,
        municipality=municipality,
        wijk=wijk,
        registered_by=ctx.organisation,
        stage=stage,
        due_date=due_date,
        is_synthetic=is_synthetic,
    )
    for data in persons:
        _person(episode, data)
    relation = CareRelation.objects.create(
        episode=episode,
        organisation=ctx.organisation,
        team=ctx.team,
        basis=RelationBasis.OWN,
        started_by=ctx.user,
    )
    timeline_add(
        ctx, episode, kind="aangemeld", text=str(_("Gezin aangemeld")), category=DataCategory.IDENTIFICATION
    )
    outbox_add(episode, MonitorEventKind.FAMILY_REGISTERED, fase=stage)
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="gezin.aanmelden",
        basis=basis_label(relation),
        episode_id=episode.public_id,
        detail={"categorieen": [DataCategory.IDENTIFICATION], "personen": len(persons)},
    )
    return episode


# --- keeping the episode: person details, the child after birth, closing -------------------------------

# The stage only moves forward: a wish becomes a pregnancy, a pregnancy a birth (child_add).
STAGES = Workflow(
    statuses=EpisodeStage,
    transitions={
        EpisodeStage.WISH: frozenset({EpisodeStage.PREGNANT}),
        EpisodeStage.PREGNANT: frozenset({EpisodeStage.BORN}),
        EpisodeStage.BORN: frozenset(),
    },
)
STATUSES = Workflow(
    statuses=EpisodeStatus,
    transitions={EpisodeStatus.OPEN: frozenset({EpisodeStatus.CLOSED}), EpisodeStatus.CLOSED: frozenset()},
    editable=frozenset({EpisodeStatus.OPEN}),
)

EPISODE_CLOSED = _("Dit gezin is afgesloten. U kunt niets meer wijzigen.")
ONLY_OWN_CLOSES = _("Alleen de organisatie met een eigen relatie met het gezin kan het afsluiten.")
END_REASON_NEEDED = _("Schrijf op waarom u het gezin afsluit.")
NOT_PREGNANT = _("U kunt alleen een kind toevoegen als de moeder zwanger is.")
BIRTH_DATE_NEEDED = _("Vul de geboortedatum van het kind in.")
BIRTH_IN_FUTURE = _("De geboortedatum kan niet in de toekomst liggen.")
NAME_NEEDED = _("Vul een voornaam in.")
PERSON_OUTSIDE_FAMILY = _("Deze persoon hoort niet bij dit gezin.")

# The fields of a person a professional may change; the role stays what it was.
_PERSON_FIELDS = ("given_name", "family_name", "birth_date", "postcode", "phone", "email")


def _open_episode(ctx: AccessContext, episode_id: UUID) -> tuple[Episode, CareRelation]:
    """The family for a change to its identification data: visible, covered, not closed; with the
    relation the change rests on (for the log)."""
    access = require_category(ctx, episode_id, DataCategory.IDENTIFICATION)
    assert access.relation is not None  # require_category admits professionals only
    episode = Episode.objects.select_for_update().get(pk=access.episode.pk)
    if not STATUSES.is_editable(episode.status):
        raise ValidationError(EPISODE_CLOSED)
    return episode, access.relation


@transaction.atomic
def person_update(ctx: AccessContext, *, episode_id: UUID, person: Person, data: PersonData) -> Person:
    """Correct a person's details. An empty BSN keeps the stored one (it is never shown, so never re-typed)."""
    episode, relation = _open_episode(ctx, episode_id)
    if person.episode_id != episode.pk:
        raise ValidationError(PERSON_OUTSIDE_FAMILY)
    if not data.given_name.strip():
        raise ValidationError({"given_name": NAME_NEEDED})
    new = {
        "given_name": data.given_name.strip(),
        "family_name": data.family_name.strip(),
        "birth_date": data.birth_date,
        "postcode": data.postcode.replace(" ", "").upper(),
        "phone": data.phone.strip(),
        "email": data.email.strip().lower(),
    }
    changed = [name for name in _PERSON_FIELDS if getattr(person, name) != new[name]]
    for name in changed:
        setattr(person, name, new[name])
    if data.bsn:
        if not bsn_codec.is_valid_bsn(data.bsn):
            raise ValidationError({"bsn": BSN_INVALID})
        if bsn_codec.lookup_hash(data.bsn) != person.bsn_hash:
            person.bsn_encrypted = bsn_codec.encrypt(data.bsn)
            person.bsn_hash = bsn_codec.lookup_hash(data.bsn)
            changed.append("bsn")
    if not changed:
        return person
    person.save()
    timeline_add(
        ctx,
        episode,
        kind="persoon_gewijzigd",
        text=str(_("Gegevens van %(name)s aangepast") % {"name": person.given_name}),
        category=DataCategory.IDENTIFICATION,
    )
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="persoon.wijzigen",
        basis=basis_label(relation),
        episode_id=episode.public_id,
        # Which fields changed, never their content.
        detail={"categorieen": [DataCategory.IDENTIFICATION], "velden": changed},
    )
    return person


@transaction.atomic
def child_add(
    ctx: AccessContext, *, episode_id: UUID, given_name: str, family_name: str = "", birth_date: date | None
) -> Person:
    """The child is born: add the child and move the family to the stage "geboren"."""
    episode, relation = _open_episode(ctx, episode_id)
    if not STAGES.allowed(episode.stage, EpisodeStage.BORN):
        raise ValidationError(NOT_PREGNANT)
    if not given_name.strip():
        raise ValidationError({"given_name": NAME_NEEDED})
    if birth_date is None:
        raise ValidationError({"birth_date": BIRTH_DATE_NEEDED})
    if birth_date > timezone.localdate():
        raise ValidationError({"birth_date": BIRTH_IN_FUTURE})
    child = _person(
        episode,
        PersonData(
            role=PersonRole.CHILD,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            birth_date=birth_date,
        ),
    )
    outbox_pregnancy_ended(episode)  # before the stage moves on
    episode.stage = EpisodeStage.BORN
    episode.save(update_fields=["stage", "updated_at"])
    timeline_add(
        ctx, episode, kind="geboren", text=str(_("Kind geboren")), category=DataCategory.IDENTIFICATION
    )
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="kind.toevoegen",
        basis=basis_label(relation),
        episode_id=episode.public_id,
        detail={"categorieen": [DataCategory.IDENTIFICATION], "fase": EpisodeStage.BORN},
    )
    return child


@transaction.atomic
def episode_close(ctx: AccessContext, *, episode_id: UUID, reason: str) -> Episode:
    """Close the episode (e.g. the child turned two, or the family moved). Only the organisation with its
    own relation closes it; the retention period counts from `ended_on`."""
    episode, relation = _open_episode(ctx, episode_id)
    if relation.basis != RelationBasis.OWN:
        raise PermissionDenied(ONLY_OWN_CLOSES)
    if not reason.strip():
        raise ValidationError({"reason": END_REASON_NEEDED})
    if not STATUSES.allowed(episode.status, EpisodeStatus.CLOSED):  # pragma: no cover - _open_episode
        raise ValidationError(EPISODE_CLOSED)
    outbox_pregnancy_ended(episode)  # only when it is still at stage zwanger
    episode.status = EpisodeStatus.CLOSED
    episode.ended_on = timezone.localdate()
    episode.end_reason = reason.strip()[:200]
    episode.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    timeline_add(
        ctx,
        episode,
        kind="afgesloten",
        text=str(_("Gezin afgesloten: %(reason)s") % {"reason": episode.end_reason})[:300],
        category=DataCategory.IDENTIFICATION,
    )
    log_access(
        ctx,
        event=AccessEvent.UPDATE,
        action="gezin.afsluiten",
        basis=basis_label(relation),
        episode_id=episode.public_id,
        detail={"status": EpisodeStatus.CLOSED},
    )
    return episode
