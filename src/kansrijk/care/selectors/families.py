"""Reads for the professional's family pages: the worklist ("Mijn gezinnen") and the family page.

Both write their access-log entry here, in the same transaction as the read: the worklist ONE search
entry naming every family it showed, the family page one read entry naming the categories shown. What
a team sees of a family follows `episode_access`: the organisation's own relation shows everything, a
consent or other legal basis only the categories it covers (a name only with "identificatie").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Exists, F, Func, IntegerField, JSONField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kansrijk.care import bsn as bsn_codec
from kansrijk.care.accesslog import chain_for, head_of, log_access, seen_head
from kansrijk.care.categories import ALL_CATEGORIES, DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    CareTeam,
    Consent,
    CorrectionRequest,
    CorrectionStatus,
    Episode,
    EpisodeStage,
    HomeVisit,
    LegalBasis,
    LevelDecision,
    Person,
    PersonRole,
    Referral,
    RelationBasis,
    TimelineEvent,
)
from kansrijk.care.selectors.access import EpisodeAccess, episode_access, episodes_visible_to, relations_of
from kansrijk.care.selectors.referrals import episode_referrals

PAGE_SIZE = 25
IDENT = DataCategory.IDENTIFICATION
NOT_COVERED = _("Uw toegang tot dit gezin dekt deze gegevens niet.")
# Home visits are JGZ care: shown to whoever may see medical data, and always to the team that made
# them (its own record; access is scoped to the team, not the whole organisation).
VISIT_CATEGORY = DataCategory.MEDICAL


def level_label(level: str) -> str:
    """ "zeer_kwetsbaar" → "zeer kwetsbaar" (levels are stored as their key)."""
    return level.replace("_", " ")


# --- the worklist -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorklistRow:
    episode: Episode
    categories: frozenset[str]
    name: str = ""
    due_date: date | None = None
    birth_date: date | None = None
    level: str = ""
    reassess_on: date | None = None
    open_corrections: int = 0

    @property
    def shows_name(self) -> bool:
        return IDENT in self.categories


@dataclass(frozen=True)
class Worklist:
    page: Page[Episode]
    rows: list[WorklistRow]


class _KnownCountPaginator(Paginator):
    """A paginator whose count came with the chain's head (one query for both)."""

    def __init__(self, object_list: Any, per_page: int, *, known: int) -> None:
        super().__init__(object_list, per_page)
        self._known = known

    @cached_property
    def count(self) -> int:
        return self._known


def _named(ctx: AccessContext) -> Exists:
    """The team's live relation with the family shows its names: its own relation (everything), or a
    consent or legal basis covering identification. Categories are a JSON list of fixed words, so
    '"identificatie"' inside its text is an exact match on every database. (A team has at most one
    live relation per family: the constraint care_relation_one_open.)"""
    word = f'"{IDENT}"'
    covers = (
        Q(basis=RelationBasis.OWN)
        | Q(basis=RelationBasis.CONSENT, consent__categories__icontains=word)
        | Q(basis=RelationBasis.LEGAL, legal_basis__categories__icontains=word)
    )
    return Exists(relations_of(ctx).filter(covers, episode=OuterRef("pk")))


def _name_search(ctx: AccessContext, query: str) -> Q:
    """Every word must match a first or last name in the family — searched only among families whose
    names the team may see, so a search never reveals a family behind a consent without names."""
    condition = Q(_named(ctx))
    for word in query.split()[:5]:
        match = Person.objects.filter(episode=OuterRef("pk")).filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word)
        )
        condition &= Q(Exists(match))
    return condition


def _count(queryset: QuerySet[Any]) -> Subquery:
    """A COUNT(*) of `queryset` as a sub-select (COUNT as a plain function: no GROUP BY)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _with_row_data(episodes: QuerySet[Episode], ctx: AccessContext) -> QuerySet[Episode]:
    """What a row shows, as sub-selects of the page query (no query per row, none per page): the team's
    live relation (basis and the categories it covers), the first parent's name, the first child's birth
    date, the latest level decision and the team's open correction requests."""
    relation = relations_of(ctx).filter(episode=OuterRef("pk")).order_by("created_at", "pk")
    persons = Person.objects.filter(episode=OuterRef("pk")).order_by("created_at", "pk")
    parent = persons.filter(role=PersonRole.PARENT)
    child = persons.filter(role=PersonRole.CHILD)
    latest = LevelDecision.objects.filter(episode=OuterRef("pk")).order_by("-created_at", "-pk")
    open_corrections = CorrectionRequest.objects.filter(
        episode=OuterRef("pk"), team=ctx.team, status=CorrectionStatus.OPEN
    )
    return episodes.annotate(
        rel_basis=Subquery(relation.values("basis")[:1]),
        rel_consent=Subquery(relation.values("consent__categories")[:1], output_field=JSONField()),
        rel_legal=Subquery(relation.values("legal_basis__categories")[:1], output_field=JSONField()),
        parent_given=Subquery(parent.values("given_name")[:1]),
        parent_family=Subquery(parent.values("family_name")[:1]),
        child_birth_date=Subquery(child.values("birth_date")[:1]),
        latest_level=Subquery(latest.values("level")[:1]),
        latest_reassess_on=Subquery(latest.values("reassess_on")[:1]),
        open_corrections=_count(open_corrections),
    )


def _categories(episode: Any) -> frozenset[str]:
    """What the team's relation covers: its own relation everything, a consent or legal basis its
    categories (no relation: nothing; the page query only finds families with one)."""
    if episode.rel_basis == RelationBasis.OWN:
        return ALL_CATEGORIES
    if episode.rel_basis == RelationBasis.CONSENT:
        return frozenset(episode.rel_consent or ())
    if episode.rel_basis == RelationBasis.LEGAL:
        return frozenset(episode.rel_legal or ())
    return frozenset()


def _row(episode: Any) -> WorklistRow:
    categories = _categories(episode)
    ident = IDENT in categories
    sees_level = DataCategory.LEVEL in categories and episode.latest_level is not None
    has_parent = episode.parent_given is not None
    return WorklistRow(
        episode=episode,
        categories=categories,
        name=f"{episode.parent_given} {episode.parent_family or ''}".strip() if ident and has_parent else "",
        due_date=episode.due_date if ident else None,
        birth_date=episode.child_birth_date if ident else None,
        level=level_label(episode.latest_level) if sees_level else "",
        reassess_on=episode.latest_reassess_on if sees_level else None,
        open_corrections=episode.open_corrections or 0,
    )


def worklist(ctx: AccessContext, *, stage: str = "", query: str = "", page_number: str | int = 1) -> Worklist:
    """The team's families, open ones first, by due date; one search entry naming the families shown.

    Queries (issue 12: at most 10 for the whole request): ONE for the list's count and the head of the
    log chain the entry goes to, ONE for the page with everything a row shows as sub-selects, TWO for
    the log entry (the head moved by compare-and-set from what the first query read, and the entry;
    `kansrijk.care.accesslog`). With the session, the user, the second-factor check, the team and the
    transaction's BEGIN and COMMIT that is ten; tests/care/test_families_queries.py holds it."""
    if not ctx.is_professional or ctx.team is None:
        raise Http404
    chain = chain_for(ctx, None)
    with transaction.atomic():
        episodes = episodes_visible_to(ctx)
        if stage in EpisodeStage.values:
            episodes = episodes.filter(stage=stage)
        if query.strip():
            episodes = episodes.filter(_name_search(ctx, query))
        heads = head_of(chain)
        found = (
            CareTeam.objects.filter(pk=ctx.team.pk)
            .annotate(n_families=_count(episodes), **heads)
            .values("n_families", *heads)
            .first()
        ) or {}
        ordered = _with_row_data(episodes, ctx).order_by(
            "-status", F("due_date").asc(nulls_last=True), "-created_at"
        )
        known = found.get("n_families") or 0
        page = _KnownCountPaginator(ordered, PAGE_SIZE, known=known).get_page(page_number)
        rows = [_row(episode) for episode in page.object_list]
        shown = sorted({c for row in rows for c in row.categories if c in (IDENT, DataCategory.LEVEL)})
        log_access(
            ctx,
            event=AccessEvent.SEARCH,
            action="gezinnen.lijst",
            basis="relaties van het team",
            episodes=[row.episode.public_id for row in rows],
            # The filter used, never the words searched for (they may be a name).
            detail={
                "categorieen": shown,
                "fase": stage,
                "zoeken": bool(query.strip()),
                "pagina": page.number,
            },
            head=seen_head(chain, found.get("head_seq"), found.get("head_mac")),
        )
    return Worklist(page=page, rows=rows)


# --- the family page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    person: Person
    bsn_masked: str = ""


@dataclass(frozen=True)
class TeamRow:
    relation: CareRelation
    basis_text: str


@dataclass(frozen=True)
class SharingRow:
    """A consent or other legal basis, with its categories in words."""

    basis: Consent | LegalBasis
    categories_text: str


def categories_text(categories: list[str]) -> str:
    labels = dict(DataCategory.choices)
    return ", ".join(str(labels.get(c, c)) for c in categories)


@dataclass
class FamilyPage:
    access: EpisodeAccess
    shown: list[str]
    persons: list[PersonRow] = field(default_factory=list)
    care_team: list[TeamRow] = field(default_factory=list)
    timeline: list[tuple[str, list[TimelineEvent]]] = field(default_factory=list)
    consents: list[SharingRow] = field(default_factory=list)
    legal_bases: list[SharingRow] = field(default_factory=list)
    level: LevelDecision | None = None
    visits: list[HomeVisit] = field(default_factory=list)
    corrections: list[CorrectionRequest] = field(default_factory=list)
    # The family's referrals this team may see (its own, sent or received: referrals_visible_to).
    referrals: list[Referral] = field(default_factory=list)

    @property
    def episode(self) -> Episode:
        return self.access.episode

    @property
    def sees(self) -> dict[str, bool]:
        """Per category: may this page show it (for the template, which cannot call may_see)."""
        return {c: self.access.may_see(c) for c in DataCategory.values}

    @property
    def level_text(self) -> str:
        return level_label(self.level.level) if self.level else ""

    @property
    def is_own_relation(self) -> bool:
        relation = self.access.relation
        return relation is not None and relation.basis == RelationBasis.OWN


def _care_team(access: EpisodeAccess) -> list[TeamRow]:
    """Who is in the family's care team now. A team that came in through consent or a legal basis sees
    the organisations with their own relation and itself — not which other bases exist (a meldcode
    basis with a third organisation is not its business)."""
    live = (
        CareRelation.objects.filter(episode=access.episode, ended_at__isnull=True)
        .filter(
            Q(basis=RelationBasis.OWN)
            | Q(consent__withdrawn_at__isnull=True, basis=RelationBasis.CONSENT)
            | Q(legal_basis__ended_at__isnull=True, basis=RelationBasis.LEGAL)
        )
        .select_related("organisation", "team", "legal_basis")
        .order_by("created_at")
    )
    own = access.relation is not None and access.relation.basis == RelationBasis.OWN
    if not own:
        live = live.filter(Q(basis=RelationBasis.OWN) | Q(pk=access.relation.pk if access.relation else None))
    rows = []
    for relation in live:
        text = str(relation.get_basis_display())
        if relation.legal_basis is not None:
            text = f"{text}: {relation.legal_basis.get_kind_display()}"
        rows.append(TeamRow(relation=relation, basis_text=text))
    return rows


def _timeline(access: EpisodeAccess) -> list[tuple[str, list[TimelineEvent]]]:
    """What happened, per organisation, limited to the categories the viewer may see."""
    events = TimelineEvent.objects.filter(episode=access.episode, category__in=access.categories)
    grouped: dict[str, list[TimelineEvent]] = defaultdict(list)
    for event in events.select_related("organisation").order_by("-created_at")[:200]:
        grouped[event.organisation.name].append(event)
    return sorted(grouped.items())


def _sharing(ctx: AccessContext, page: FamilyPage) -> None:
    """The organisation with its own relation sees every consent and legal basis; a team that came in
    through one sees only the one it rests on."""
    episode = page.episode
    relation = page.access.relation
    consents: list[Consent] = []
    bases: list[LegalBasis] = []
    if page.is_own_relation:
        consents = list(episode.consents.select_related("receiving_organisation", "given_by"))
        bases = list(episode.legal_bases.select_related("receiving_organisation"))
    elif relation is not None and relation.consent is not None:
        consents = [relation.consent]
    elif relation is not None and relation.legal_basis is not None:
        bases = [relation.legal_basis]
    page.consents = [SharingRow(basis=c, categories_text=categories_text(c.categories)) for c in consents]
    page.legal_bases = [SharingRow(basis=b, categories_text=categories_text(b.categories)) for b in bases]


def family_page(ctx: AccessContext, public_id: UUID) -> FamilyPage:
    """Everything the family page shows, section by section as the basis allows; one read entry."""
    with transaction.atomic():
        access = episode_access(ctx, public_id)
        episode = access.episode
        shown = [c for c in DataCategory.values if access.may_see(c)]
        page = FamilyPage(
            access=access, shown=shown, care_team=_care_team(access), timeline=_timeline(access)
        )
        if access.may_see(IDENT):
            page.persons = [
                PersonRow(person=p, bsn_masked=bsn_codec.masked(p.bsn_encrypted))
                for p in episode.persons.all()
            ]
        _sharing(ctx, page)
        if access.may_see(DataCategory.LEVEL):
            page.level = episode.level_decisions.order_by("-created_at").first()
        visits = episode.visits.select_related("organisation", "team").order_by("-created_at")
        if not access.may_see(VISIT_CATEGORY):
            # The team's own visits only: another team of the same organisation is not this team's care.
            visits = visits.filter(team=ctx.team)
        page.visits = list(visits)
        page.corrections = list(corrections_visible_to(ctx).filter(episode=episode).select_related("person"))
        page.referrals = episode_referrals(ctx, access)
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="gezin.bekijken",
            basis=access.basis,
            episode_id=episode.public_id,
            detail={"categorieen": shown},
        )
    return page


def family_read(ctx: AccessContext, public_id: UUID, *, action: str, categories: list[str]) -> EpisodeAccess:
    """A family for a page that shows some of its data (a form): refused when the basis does not cover
    those categories; otherwise one read entry naming them."""
    with transaction.atomic():
        access = episode_access(ctx, public_id)
        if not all(access.may_see(c) for c in categories):
            raise PermissionDenied(NOT_COVERED)
        log_access(
            ctx,
            event=AccessEvent.READ,
            action=action,
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"categorieen": categories},
        )
    return access


# --- single objects of a family (each found through the family, so 404 for outsiders) --------------------


def person_get(access: EpisodeAccess, public_id: UUID) -> Person:
    person = access.episode.persons.filter(public_id=public_id).first()
    if person is None:
        raise Http404
    return person


def consent_get(access: EpisodeAccess, public_id: UUID) -> Consent:
    consent = access.episode.consents.filter(public_id=public_id).first()
    if consent is None:
        raise Http404
    return consent


def legal_basis_get(access: EpisodeAccess, public_id: UUID) -> LegalBasis:
    basis = access.episode.legal_bases.filter(public_id=public_id).first()
    if basis is None:
        raise Http404
    return basis


def corrections_visible_to(ctx: AccessContext) -> QuerySet[CorrectionRequest]:
    """The visibility selector for correction requests: a team sees the requests addressed to it (of
    families it still reaches); a parent sees the requests about themselves and their children."""
    visible = episodes_visible_to(ctx)
    if ctx.is_professional:
        return CorrectionRequest.objects.filter(team=ctx.team, episode__in=visible)
    if ctx.is_parent and ctx.user is not None:
        about = Q(person__account=ctx.user) | Q(person__role=PersonRole.CHILD)
        return CorrectionRequest.objects.filter(about, episode__in=visible)
    return CorrectionRequest.objects.none()


def correction_get(ctx: AccessContext, access: EpisodeAccess, public_id: UUID) -> CorrectionRequest:
    correction = corrections_visible_to(ctx).filter(episode=access.episode, public_id=public_id).first()
    if correction is None:
        raise Http404
    return correction
