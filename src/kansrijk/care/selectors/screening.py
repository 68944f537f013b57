"""Reads of screenings and the level, each writing its one access-log entry in the same transaction.

Which screenings a team sees of a family: every finished one (when its access covers "screening"), and
the concepts its own team started. Answers are shown per item only when the access also covers the
item's data category; the level rule's trace names only factors of covered categories (`levels.describe`).
Instruments themselves hold no personal data: their list is configuration for platform admins.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kansrijk.care import levels
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.instruments import Definition, Item, parse_definition
from kansrijk.care.models import AccessEvent, Instrument, LevelDecision, Screening, ScreeningStatus
from kansrijk.care.selectors.access import EpisodeAccess, episode_access

SCREENING = DataCategory.SCREENING
LEVEL = DataCategory.LEVEL
NOT_COVERED = _("Uw toegang tot dit gezin dekt deze gegevens niet.")


# --- instruments (configuration, no personal data) ------------------------------------------------------


def instruments_in_use() -> list[Instrument]:
    """The current version of every instrument: what a new screening can use."""
    return list(Instrument.objects.filter(is_active=True).order_by("title"))


def instruments_overview() -> list[Instrument]:
    """Every version of every instrument, with the number of screenings made with it (platform admin)."""
    return list(Instrument.objects.annotate(screening_count=Count("screenings")).order_by("key", "-version"))


def instrument_get(public_id: UUID) -> Instrument:
    instrument = Instrument.objects.filter(public_id=public_id).first()
    if instrument is None:
        raise Http404
    return instrument


# --- screenings of one family -----------------------------------------------------------------------------


def _covered(ctx: AccessContext, public_id: UUID, category: str) -> EpisodeAccess:
    access = episode_access(ctx, public_id)
    if not access.may_see(category):
        raise PermissionDenied(NOT_COVERED)
    return access


def screenings_visible(ctx: AccessContext, access: EpisodeAccess) -> QuerySet[Screening]:
    """The one visibility rule for screenings (within a family the context may see)."""
    if not access.may_see(SCREENING) or ctx.team is None:
        return Screening.objects.none()
    return (
        Screening.objects.filter(episode=access.episode)
        .filter(Q(status=ScreeningStatus.DONE) | Q(team=ctx.team))
        .select_related("instrument", "organisation", "team", "by")
    )


@dataclass(frozen=True)
class ScreeningOverview:
    access: EpisodeAccess
    screenings: list[Screening]
    instruments: list[Instrument]


def screening_overview(ctx: AccessContext, public_id: UUID) -> ScreeningOverview:
    """The family's screenings (concepts of the own team to reopen, finished ones) and the instruments."""
    with transaction.atomic():
        access = _covered(ctx, public_id, SCREENING)
        screenings = list(screenings_visible(ctx, access))
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="screening.overzicht",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": [SCREENING], "screenings": len(screenings)},
        )
    return ScreeningOverview(access=access, screenings=screenings, instruments=instruments_in_use())


@dataclass(frozen=True)
class AnswerRow:
    item: Item
    answer: str  # the option's label ("" when not answered)
    present: bool
    hidden: bool  # the access does not cover the item's category


@dataclass
class ScreeningView:
    access: EpisodeAccess
    screening: Screening
    definition: Definition
    groups: list[tuple[str, list[AnswerRow]]] = field(default_factory=list)
    proposal_text: str = ""  # the rule's trace, when the access covers the level

    @property
    def is_concept(self) -> bool:
        return self.screening.status == ScreeningStatus.CONCEPT

    @property
    def visible_answers(self) -> dict[str, str]:
        return {
            row.item.id: self.screening.answers[row.item.id]
            for _domain, rows in self.groups
            for row in rows
            if not row.hidden and row.item.id in self.screening.answers
        }


def _screening_view(ctx: AccessContext, access: EpisodeAccess, screening_id: UUID) -> ScreeningView:
    screening = screenings_visible(ctx, access).filter(public_id=screening_id).first()
    if screening is None:
        raise Http404
    definition = parse_definition(screening.instrument.definition)
    groups = []
    for _key, label, items in definition.by_domain():
        rows = []
        for item in items:
            hidden = not access.may_see(item.category)
            value = None if hidden else screening.answers.get(item.id)
            rows.append(
                AnswerRow(
                    item=item, answer=item.option_label(value), present=item.is_present(value), hidden=hidden
                )
            )
        groups.append((label, rows))
    view = ScreeningView(access=access, screening=screening, definition=definition, groups=groups)
    if screening.status == ScreeningStatus.DONE and access.may_see(LEVEL) and screening.trace:
        view.proposal_text = levels.describe(screening.trace, access.categories)
    return view


def _shown_categories(view: ScreeningView) -> list[str]:
    shown = {row.item.category for _d, rows in view.groups for row in rows if not row.hidden}
    if view.proposal_text:
        shown.add(LEVEL)
    return sorted(shown | {SCREENING})


def screening_detail(
    ctx: AccessContext,
    public_id: UUID,
    screening_id: UUID,
    *,
    action: str = "screening.bekijken",
    event: str = AccessEvent.READ,
) -> ScreeningView:
    """One screening with its answers (and the proposal): one entry naming the categories shown. The
    FHIR download uses it with event EXPORT."""
    with transaction.atomic():
        access = _covered(ctx, public_id, SCREENING)
        view = _screening_view(ctx, access, screening_id)
        log_access(
            ctx,
            event=event,
            action=action,
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": _shown_categories(view), "screening": str(view.screening.public_id)},
        )
    return view


# --- the level ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LevelPage:
    access: EpisodeAccess
    screening: Screening | None  # the latest finished screening: its proposal
    proposal_text: str  # the trace, only when the access also covers "screening"
    decisions: list[LevelDecision]

    @property
    def latest(self) -> LevelDecision | None:
        return self.decisions[0] if self.decisions else None


def level_page(ctx: AccessContext, public_id: UUID) -> LevelPage:
    """The proposal of the latest finished screening and the levels decided so far (category niveau)."""
    with transaction.atomic():
        access = _covered(ctx, public_id, LEVEL)
        screening = (
            Screening.objects.filter(episode=access.episode, status=ScreeningStatus.DONE)
            .select_related("instrument")
            .order_by("-completed_at")
            .first()
        )
        text = ""
        if screening is not None and screening.trace and access.may_see(SCREENING):
            text = levels.describe(screening.trace, access.categories)
        decisions = list(
            access.episode.level_decisions.select_related("organisation", "decided_by").order_by(
                "-created_at"
            )
        )
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="niveau.bekijken",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": [LEVEL, SCREENING] if text else [LEVEL]},
        )
    return LevelPage(access=access, screening=screening, proposal_text=text, decisions=decisions)


def screening_definition(ctx: AccessContext, public_id: UUID, screening_id: UUID) -> Definition:
    """The instrument version of a screening the context may see, to build its form for a write. No
    answers, so no log entry: the write itself is logged by the service."""
    access = _covered(ctx, public_id, SCREENING)
    screening = screenings_visible(ctx, access).filter(public_id=screening_id).first()
    if screening is None:
        raise Http404
    return parse_definition(screening.instrument.definition)
