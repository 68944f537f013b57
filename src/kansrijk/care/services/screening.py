"""Screening a family, the level decided with the client, and new instrument versions.

- A screening is started with one instrument version and keeps it: answers are stored per version, so a
  new version never changes what an old screening meant. A concept belongs to the team that started it
  (only that team reopens it); a finished screening is final and carries the rule's proposal.
- Writing answers needs the category "screening" AND every data category the instrument's items belong
  to: nobody writes what their access would not let them read.
- The level is decided by the professional together with the client; the proposal is stored beside it,
  with a reason where they differ (also a database constraint), and the reassessment date by policy.
- Instrument versions are configuration: a platform admin uploads them (audit event, not the access log).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.selectors import user_is_platform_admin
from kansrijk.audit.services import record
from kansrijk.care import levels
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.instruments import Definition, parse_definition, parse_json, validate_definition
from kansrijk.care.models import (
    AccessEvent,
    Episode,
    EpisodeStage,
    Instrument,
    LevelDecision,
    Screening,
    ScreeningStatus,
)
from kansrijk.care.selectors.access import EpisodeAccess
from kansrijk.care.services._checks import require_category
from kansrijk.care.services._outbox import outbox_level_decided, outbox_screening_finished
from kansrijk.care.services.episodes import EPISODE_CLOSED, STATUSES, timeline_add
from kansrijk.routes.models import VulnerabilityLevel

SCREENING = DataCategory.SCREENING
LEVEL = DataCategory.LEVEL

INSTRUMENT_NOT_IN_USE = _("Deze vragenlijst is niet (meer) in gebruik. Kies een andere.")
CATEGORIES_NOT_COVERED = _(
    "Deze vragenlijst vraagt ook naar: {categories}. Uw toegang tot dit gezin dekt dat niet."
)
SCREENING_DONE = _("Deze screening is afgerond. De antwoorden kunnen niet meer veranderen.")
UNKNOWN_ITEM = _("Deze vraag hoort niet bij de vragenlijst: {item}.")
UNKNOWN_ANSWER = _("Dit antwoord past niet bij deze vraag.")
ANSWER_MISSING = _("Beantwoord deze vraag om de screening af te ronden.")
NOT_COMPLETE = _("Niet alle vragen zijn beantwoord. Sla op als concept, of beantwoord de open vragen.")
NO_SCREENING = _("Rond eerst een screening af. Dan doet Kansrijk een voorstel voor het niveau.")
NOT_WITH_CLIENT = _("Leg het niveau pas vast als u het samen met de cliënt hebt besloten.")
REASON_NEEDED = _("Schrijf op waarom u samen een ander niveau kiest dan het voorstel.")
UNKNOWN_LEVEL = _("Kies een van de vier niveaus.")
NOT_PLATFORM_ADMIN = _("Alleen een beheerder van het platform kan vragenlijsten toevoegen.")
VERSION_NOT_HIGHER = _(
    'Het bestand, veld "version": versie {version} van "{key}" kan niet. '
    "Gebruik een hoger nummer dan de hoogste bestaande versie ({highest})."
)


# --- screenings ----------------------------------------------------------------------------------------


def _open(ctx: AccessContext, episode_id: UUID, category: str) -> tuple[EpisodeAccess, Episode]:
    """The family for a write in `category`: visible (404), covered (refused), not closed; locked."""
    access = require_category(ctx, episode_id, category)
    episode = Episode.objects.select_for_update().get(pk=access.episode.pk)
    if not STATUSES.is_editable(episode.status):
        raise ValidationError(EPISODE_CLOSED)
    return access, episode


def _require_item_categories(access: EpisodeAccess, definition: Definition) -> None:
    missing = sorted(c for c in definition.categories if not access.may_see(c))
    if missing:
        names = ", ".join(str(DataCategory(c).label).lower() for c in missing)
        raise PermissionDenied(str(CATEGORIES_NOT_COVERED).format(categories=names))


def _concept(ctx: AccessContext, episode: Episode, screening_id: UUID) -> Screening:
    """A concept of this family that the context's team started (another team's concept: 404)."""
    screening = (
        Screening.objects.select_for_update()
        .select_related("instrument")
        .filter(episode=episode, public_id=screening_id)
        .first()
    )
    assert ctx.team is not None  # require_category admits professionals only
    if screening is None or (
        screening.status == ScreeningStatus.CONCEPT and screening.team_id != ctx.team.pk
    ):
        raise Http404
    if screening.status != ScreeningStatus.CONCEPT:
        raise ValidationError(SCREENING_DONE)
    return screening


def clean_answers(definition: Definition, answers: Mapping[str, str]) -> dict[str, str]:
    """Only known items and their own options; empty answers left out (a concept may be partial)."""
    errors: dict[str, list[Any]] = {}
    clean: dict[str, str] = {}
    for item_id, value in answers.items():
        item = definition.item(item_id)
        if item is None:
            raise ValidationError(str(UNKNOWN_ITEM).format(item=item_id))
        if value in ("", None):
            continue
        if value not in {o.value for o in item.options}:
            errors[item_id] = [UNKNOWN_ANSWER]
            continue
        clean[item_id] = value
    if errors:
        raise ValidationError(errors)
    return clean


def _log(ctx: AccessContext, access: EpisodeAccess, screening: Screening, *, event: str, action: str) -> None:
    definition = parse_definition(screening.instrument.definition)
    log_access(
        ctx,
        event=event,
        action=action,
        basis=access.basis,
        episode_id=access.episode.public_id,
        # Which instrument and which categories, never an answer.
        detail={
            "categorieen": sorted(definition.categories | {SCREENING}),
            "screening": str(screening.public_id),
            "vragenlijst": f"{definition.key} v{definition.version}",
        },
    )


@transaction.atomic
def screening_start(ctx: AccessContext, *, episode_id: UUID, instrument_id: UUID) -> Screening:
    """Start a concept screening with the current version of an instrument."""
    access, episode = _open(ctx, episode_id, SCREENING)
    instrument = Instrument.objects.filter(public_id=instrument_id, is_active=True).first()
    if instrument is None:
        raise ValidationError({"instrument": INSTRUMENT_NOT_IN_USE})
    _require_item_categories(access, parse_definition(instrument.definition))
    assert ctx.organisation is not None and ctx.team is not None  # require_category: a professional
    screening = Screening.objects.create(
        episode=episode, instrument=instrument, organisation=ctx.organisation, team=ctx.team, by=ctx.user
    )
    _log(ctx, access, screening, event=AccessEvent.CREATE, action="screening.starten")
    return screening


@transaction.atomic
def screening_save(
    ctx: AccessContext, *, episode_id: UUID, screening_id: UUID, answers: Mapping[str, str]
) -> Screening:
    """Save the answers so far as a concept (to be reopened and finished later)."""
    access, episode = _open(ctx, episode_id, SCREENING)
    screening = _concept(ctx, episode, screening_id)
    definition = parse_definition(screening.instrument.definition)
    _require_item_categories(access, definition)
    screening.answers = clean_answers(definition, answers)
    screening.by = ctx.user
    screening.save(update_fields=["answers", "by", "updated_at"])
    _log(ctx, access, screening, event=AccessEvent.UPDATE, action="screening.concept_opslaan")
    return screening


@transaction.atomic
def screening_finish(
    ctx: AccessContext, *, episode_id: UUID, screening_id: UUID, answers: Mapping[str, str]
) -> Screening:
    """Finish: every item answered; the rule's proposal (level, rule version, trace) stored with it."""
    access, episode = _open(ctx, episode_id, SCREENING)
    screening = _concept(ctx, episode, screening_id)
    definition = parse_definition(screening.instrument.definition)
    _require_item_categories(access, definition)
    clean = clean_answers(definition, answers)
    open_items = [item.id for item in definition.items if item.id not in clean]
    if open_items:
        errors: dict[str, list[Any]] = {item_id: [ANSWER_MISSING] for item_id in open_items}
        raise ValidationError({**errors, "__all__": [NOT_COMPLETE]})
    trace = levels.propose(definition, clean)
    screening.answers = clean
    screening.status = ScreeningStatus.DONE
    screening.completed_at = timezone.now()
    screening.by = ctx.user
    screening.proposed_level = trace["level"]
    screening.rule_version = trace["rule_version"]
    screening.trace = trace
    screening.save()
    outbox_screening_finished(episode, screening)
    # The timeline says that it happened, never what was answered.
    timeline_add(ctx, episode, kind="screening", text=str(_("Screening afgerond")), category=SCREENING)
    _log(ctx, access, screening, event=AccessEvent.UPDATE, action="screening.afronden")
    return screening


# --- the level decided with the client ------------------------------------------------------------------


@transaction.atomic
def level_decide(
    ctx: AccessContext,
    *,
    episode_id: UUID,
    level: str,
    decided_with_client: bool,
    reason: str = "",
    screening_id: UUID | None = None,
) -> LevelDecision:
    """Record the level decided together with the client, beside the proposal of a finished screening
    (the given one, or the family's latest). A different level needs a reason."""
    access, episode = _open(ctx, episode_id, LEVEL)
    if level not in VulnerabilityLevel.values:
        raise ValidationError({"level": UNKNOWN_LEVEL})
    if not decided_with_client:
        raise ValidationError({"decided_with_client": NOT_WITH_CLIENT})
    done = episode.screenings.filter(status=ScreeningStatus.DONE)
    if screening_id is not None:
        done = done.filter(public_id=screening_id)
    screening = done.order_by("-completed_at").first()
    if screening is None:
        raise ValidationError(NO_SCREENING)
    reason = reason.strip()
    if level != screening.proposed_level and not reason:
        raise ValidationError({"reason": REASON_NEEDED})
    assert ctx.organisation is not None
    today = timezone.localdate()
    due = episode.due_date if episode.stage == EpisodeStage.PREGNANT else None
    decision = LevelDecision.objects.create(
        episode=episode,
        screening=screening,
        proposed_level=screening.proposed_level,
        level=level,
        reason=reason[:2000],
        decided_with_client=True,
        organisation=ctx.organisation,
        decided_by=ctx.user,
        reassess_on=levels.reassess_on(level, decided_on=today, due_date=due),
    )
    outbox_level_decided(episode, decision)
    timeline_add(
        ctx,
        episode,
        kind="niveau",
        text=str(_("Afspraak over steun samen met de cliënt vastgelegd")),
        category=LEVEL,
    )
    log_access(
        ctx,
        event=AccessEvent.CREATE,
        action="niveau.vastleggen",
        basis=access.basis,
        episode_id=episode.public_id,
        detail={"categorieen": [LEVEL], "screening": str(screening.public_id)},
    )
    return decision


# --- instrument versions (configuration) -----------------------------------------------------------------


@transaction.atomic
def instrument_upload(*, actor: User, source: str | bytes | Mapping[str, Any]) -> Instrument:
    """A new version of an instrument from JSON (format: kansrijk.care.instruments), all or nothing.

    It is in use at once for new screenings; screenings already started keep their own version."""
    if not user_is_platform_admin(actor):
        raise PermissionDenied(NOT_PLATFORM_ADMIN)
    data = source if isinstance(source, Mapping) else parse_json(source)
    clean = validate_definition(data)
    # Lock the key's versions, so two uploads of one version cannot both pass the check.
    versions = Instrument.objects.select_for_update().filter(key=clean["key"])
    highest = versions.aggregate(m=Max("version"))["m"] or 0
    if clean["version"] <= highest:
        raise ValidationError(
            str(VERSION_NOT_HIGHER).format(version=clean["version"], key=clean["key"], highest=highest)
        )
    replaced = list(versions.filter(is_active=True).values_list("version", flat=True))
    versions.filter(is_active=True).update(is_active=False)
    instrument = Instrument.objects.create(
        key=clean["key"],
        version=clean["version"],
        title=clean["title"],
        definition=clean,
        validated=False,
        content_owner=clean["content_owner"],
        is_active=True,
        uploaded_by=actor,
    )
    record(
        actor=actor,
        action="care.instrument_uploaded",
        obj=instrument,
        changes={
            "key": instrument.key,
            "version": instrument.version,
            "items": len(clean["items"]),
            "replaces": replaced,
        },
    )
    return instrument
