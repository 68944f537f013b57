"""Reads for the professional's worklists (issue 12): what waits for the team, beside "Mijn gezinnen".

Five lists, each for the team the professional acts for and each within the access rules:
- referrals waiting for the team (sent or received, not yet decided);
- referrals the team sent, in every state (only status, dates and outcome come back);
- overdue first contacts, on both sides (still waiting for the first contact after `due_on`);
- reassessments due: the latest level decision of a visible family, to look at again within
  `REASSESS_WINDOW_DAYS` (only families whose level the team may see);
- home visits of the team to plan (offered or accepted, without a date or with a date that passed).

Every referral list starts from `referrals_visible_to`, every family from `episodes_visible_to`. A
family's name is shown only when the team may see its identification: through its own live care
relation (the categories its basis covers) or, for the receiving team before acceptance, the categories
the referral sent. Each list page writes ONE access-log search entry naming the families shown.

Queries per page (issue 12's bound is 10 for the whole request): ONE query for the tab counts, the
list's own count when a filter is set (else its tab count is the total) and the head of the log chain the
entry goes to; ONE for the page itself, with the family's name and the team's relation as sub-selects (no
query per row); TWO for the log entry (the head moved by compare-and-set from what the first query read,
and the entry; `kansrijk.care.accesslog`). With the session, the user, the second-factor check, the team
and the transaction's BEGIN and COMMIT (six) that is ten. tests/care/test_worklist_queries.py holds it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    JSONField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property

from kansrijk.accounts.models import Organisation
from kansrijk.care.accesslog import chain_for, head_of, log_access, seen_head
from kansrijk.care.categories import ALL_CATEGORIES, DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    CareTeam,
    Episode,
    EpisodeStatus,
    HomeVisit,
    LevelDecision,
    Person,
    PersonRole,
    Referral,
    ReferralSide,
    ReferralStatus,
    RelationBasis,
    VisitStatus,
)
from kansrijk.care.referral_states import AWAITING_FIRST_CONTACT, LIMITED_VIEW
from kansrijk.care.selectors.access import episodes_visible_to, relations_of
from kansrijk.care.selectors.families import VISIT_CATEGORY, level_label
from kansrijk.care.selectors.referrals import referrals_visible_to
from kansrijk.interventions.models import Need

PAGE_SIZE = 25
# Reassessments show from this many days before the date agreed.
REASSESS_WINDOW_DAYS = 14
IDENT = DataCategory.IDENTIFICATION
LEVEL = DataCategory.LEVEL
HANDOVER = DataCategory.HANDOVER
S = ReferralStatus
# Waiting for the team's decision: sent (not opened yet) or received.
WAITING: tuple[str, ...] = (S.SENT, S.RECEIVED)
# A visit still to plan: offered or accepted.
VISIT_OPEN: tuple[str, ...] = (VisitStatus.OFFERED, VisitStatus.ACCEPTED)
LOG_BASIS = "relaties en verwijzingen van het team"


class ListKey:
    """The lists (also their URL part and the access-log action `werklijst.<key>`)."""

    WAITING = "binnengekomen"
    SENT = "verstuurd"
    OVERDUE = "te-laat"
    REASSESS = "opnieuw-bekijken"
    VISITS = "huisbezoeken"
    ALL: tuple[str, ...] = (WAITING, SENT, OVERDUE, REASSESS, VISITS)


# --- what a row shows of its family ------------------------------------------------------------------------


@dataclass(frozen=True)
class FamilyLabel:
    """The family of a row: its page link and, when the team may see it, the parent's name."""

    episode: Episode
    categories: frozenset[str]
    name: str = ""

    @property
    def shows_name(self) -> bool:
        return IDENT in self.categories


def _with_family(queryset: QuerySet[Any], ctx: AccessContext, ref: str) -> QuerySet[Any]:
    """Annotate each row with its family's parent name and the categories the team's live relation covers,
    as two sub-selects of the page query: no query per row, none per page, and one lookup of the parent
    and one of the relation per row (not one per field: at national scale each lookup costs the page
    about 2 ms per 69 rows)."""
    parent = Person.objects.filter(episode=OuterRef(ref), role=PersonRole.PARENT).order_by("created_at")
    relation = relations_of(ctx).filter(episode=OuterRef(ref)).order_by("created_at")
    covered = Case(
        When(basis=RelationBasis.OWN, then=Value(sorted(ALL_CATEGORIES), output_field=JSONField())),
        When(basis=RelationBasis.CONSENT, then=F("consent__categories")),
        When(basis=RelationBasis.LEGAL, then=F("legal_basis__categories")),
        output_field=JSONField(),
    )
    return queryset.annotate(
        fam_name=Subquery(parent.values(name=Concat("given_name", Value(" "), "family_name"))[:1]),
        fam_categories=Subquery(relation.values(covered=covered)[:1], output_field=JSONField()),
    )


def _family(row: Any, episode: Episode, extra: Iterable[str] = ()) -> FamilyLabel:
    """What the team sees of the row's family: its relation's categories, plus `extra` (the categories a
    referral sent, for the receiving team before acceptance)."""
    categories = frozenset(row.fam_categories or ()) | frozenset(extra)
    name = ""
    if IDENT in categories:
        name = (row.fam_name or "").strip()
    return FamilyLabel(episode=episode, categories=categories, name=name)


def need_label(need: str) -> str:
    return str(Need(need).label) if need in Need.values else need


# --- rows -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    family: FamilyLabel
    side: str  # the team's side: verwijzer or ontvanger
    overdue: bool
    days_late: int = 0

    @property
    def need_text(self) -> str:
        return need_label(self.referral.need)

    @property
    def is_sender(self) -> bool:
        return self.side == ReferralSide.SENDER


@dataclass(frozen=True)
class ReassessRow:
    family: FamilyLabel
    level: str
    reassess_on: date
    late: bool


@dataclass(frozen=True)
class VisitRow:
    visit: HomeVisit
    family: FamilyLabel
    late: bool  # planned, but the date passed without an outcome


R = TypeVar("R")


@dataclass(frozen=True)
class Counts:
    """How many rows each list has now (the team's own caseload, shown in the tabs)."""

    families: int = 0
    waiting: int = 0
    sent: int = 0
    overdue: int = 0
    reassess: int = 0
    visits: int = 0

    def of(self, key: str) -> int:
        return {
            ListKey.WAITING: self.waiting,
            ListKey.SENT: self.sent,
            ListKey.OVERDUE: self.overdue,
            ListKey.REASSESS: self.reassess,
            ListKey.VISITS: self.visits,
        }[key]


@dataclass(frozen=True)
class ListPage(Generic[R]):
    key: str
    page: Page[Any]
    rows: list[R]
    counts: Counts


# --- the base of each list (also counted in the tabs) --------------------------------------------------------


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _require_team(ctx: AccessContext) -> CareTeam:
    if not ctx.is_professional or ctx.team is None:
        raise Http404
    return ctx.team


def waiting_base(ctx: AccessContext) -> QuerySet[Referral]:
    return referrals_visible_to(ctx).filter(receiving_team=ctx.team, status__in=WAITING)


def sent_base(ctx: AccessContext) -> QuerySet[Referral]:
    return referrals_visible_to(ctx).filter(sender_team=ctx.team)


def overdue_base(ctx: AccessContext, today: date | None = None) -> QuerySet[Referral]:
    """Still waiting for the first contact after the day it was due (the team's side, either one)."""
    return referrals_visible_to(ctx).filter(status__in=AWAITING_FIRST_CONTACT, due_on__lt=_today(today))


def _sees_level(ctx: AccessContext) -> Exists:
    """The team's live relation with the family covers the level (own relation: everything). Categories
    are a JSON list of fixed words, so '"niveau"' inside its text is an exact match on every database."""
    word = f'"{LEVEL}"'
    covers = (
        Q(basis=RelationBasis.OWN)
        | Q(basis=RelationBasis.CONSENT, consent__categories__icontains=word)
        | Q(basis=RelationBasis.LEGAL, legal_basis__categories__icontains=word)
    )
    return Exists(relations_of(ctx).filter(covers, episode=OuterRef("pk")))


def reassess_base(ctx: AccessContext, today: date | None = None) -> QuerySet[Episode]:
    """Open visible families whose level the team may see, with the latest decision's reassessment date
    within the window (or passed)."""
    latest = LevelDecision.objects.filter(episode=OuterRef("pk")).order_by("-created_at")
    limit = _today(today) + timedelta(days=REASSESS_WINDOW_DAYS)
    return (
        episodes_visible_to(ctx)
        .filter(_sees_level(ctx), status=EpisodeStatus.OPEN)
        .annotate(
            latest_reassess_on=Subquery(latest.values("reassess_on")[:1]),
            latest_level=Subquery(latest.values("level")[:1]),
        )
        .filter(latest_reassess_on__lte=limit)
    )


def visits_base(ctx: AccessContext, today: date | None = None) -> QuerySet[HomeVisit]:
    """The team's own visits of visible open families, offered or accepted, without a date or with a
    date that passed."""
    return HomeVisit.objects.filter(
        Q(planned_on__isnull=True) | Q(planned_on__lt=_today(today)),
        team=ctx.team,
        status__in=VISIT_OPEN,
        episode__in=episodes_visible_to(ctx).filter(status=EpisodeStatus.OPEN),
    )


def _count(queryset: QuerySet[Any]) -> Subquery:
    """A COUNT(*) of `queryset` as a sub-select (no GROUP BY: COUNT here is a plain function)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Subquery(counted, output_field=IntegerField())


def _counts_row(ctx: AccessContext, today: date | None, **extra: Any) -> dict[str, Any]:
    """Every tab's count, plus the `extra` sub-selects a list page needs, in one query."""
    team = _require_team(ctx)
    annotations = {
        "n_families": _count(episodes_visible_to(ctx)),
        "n_waiting": _count(waiting_base(ctx)),
        "n_sent": _count(sent_base(ctx)),
        "n_overdue": _count(overdue_base(ctx, today)),
        "n_reassess": _count(reassess_base(ctx, today)),
        "n_visits": _count(visits_base(ctx, today)),
        **extra,
    }
    row = CareTeam.objects.filter(pk=team.pk).annotate(**annotations).values(*annotations).first()
    if row is None:  # pragma: no cover - the team of a context exists
        return {}
    return row


def _counts_of(row: dict[str, Any]) -> Counts:
    return Counts(
        families=row.get("n_families") or 0,
        waiting=row.get("n_waiting") or 0,
        sent=row.get("n_sent") or 0,
        overdue=row.get("n_overdue") or 0,
        reassess=row.get("n_reassess") or 0,
        visits=row.get("n_visits") or 0,
    )


def counts(ctx: AccessContext, today: date | None = None) -> Counts:
    """Every tab's count in one query."""
    return _counts_of(_counts_row(ctx, today))


# --- one page, one log entry ---------------------------------------------------------------------------------


M = TypeVar("M", bound=Model)


class _KnownCountPaginator(Paginator):
    """A paginator whose count came with the tab counts (the list's tab, or its own count when filtered)."""

    def __init__(self, object_list: Any, per_page: int, *, known: int) -> None:
        super().__init__(object_list, per_page)
        self._known = known

    @cached_property
    def count(self) -> int:
        return self._known

    def page(self, number: Any) -> Page:
        """After the first page, the page's rows are chosen by key first (the skipped rows' sub-selects,
        the family's name and categories, are then not computed: PostgreSQL computes a row's select list
        also for the rows OFFSET skips)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        if bottom and isinstance(rows, QuerySet):
            window = rows.values("pk")[bottom:top]
            return Page(rows.filter(pk__in=Subquery(window)), number, self)
        return Page(rows[bottom:top], number, self)


def _list_page(
    ctx: AccessContext,
    key: str,
    queryset: QuerySet[M],
    make_row: Callable[[M], R],
    family_of: Callable[[R], FamilyLabel],
    *,
    counted: QuerySet[Any],
    page_number: str | int,
    filters: dict[str, str],
    categories: Iterable[str],
    today: date | None,
) -> ListPage[R]:
    """Paginate, build the rows, and write the one search entry naming the families shown (and, by
    category, what of them: the name only where the row showed it). `counted` is the list as filtered,
    without what only the page shows (its count, when a filter is set)."""
    chain = chain_for(ctx, None)
    filtered = any(filters.values())
    with transaction.atomic():
        # One query: the tabs, the list's total and the log chain's head.
        extra: dict[str, Any] = head_of(chain)
        if filtered:
            extra["n_list"] = _count(counted)
        found = _counts_row(ctx, today, **extra)
        tab_counts = _counts_of(found)
        # Without a filter the list is its tab: the tab count is the paginator's count.
        known = (found.get("n_list") or 0) if filtered else tab_counts.of(key)
        page = _KnownCountPaginator(queryset, PAGE_SIZE, known=known).get_page(page_number)
        rows = [make_row(obj) for obj in page.object_list]
        families = [family_of(row) for row in rows]
        shown = set(categories)
        if any(f.shows_name for f in families):
            shown.add(IDENT)
        log_access(
            ctx,
            event=AccessEvent.SEARCH,
            action=f"werklijst.{key}",
            basis=LOG_BASIS,
            episodes={f.episode.public_id for f in families},
            # The filters chosen (fixed words only, never free text) and the page.
            detail={
                "categorieen": sorted(shown),
                **{k: v for k, v in filters.items() if v},
                "pagina": page.number,
            },
            head=seen_head(chain, found.get("head_seq"), found.get("head_mac")),
        )
    return ListPage(key=key, page=page, rows=rows, counts=tab_counts)


def _referral_rows(ctx: AccessContext, today: date) -> Callable[[Referral], ReferralRow]:
    team = _require_team(ctx)

    def make(referral: Referral) -> ReferralRow:
        side = ReferralSide.SENDER if referral.sender_team_id == team.pk else ReferralSide.RECEIVER
        # Before acceptance the receiving team sees what the referral sent (its limited view).
        extra = (
            referral.categories if side == ReferralSide.RECEIVER and referral.status in LIMITED_VIEW else ()
        )
        overdue = (
            referral.status in AWAITING_FIRST_CONTACT
            and referral.due_on is not None
            and referral.due_on < today
        )
        return ReferralRow(
            referral=referral,
            family=_family(referral, referral.episode, extra),
            side=side,
            overdue=overdue,
            days_late=(today - referral.due_on).days if overdue and referral.due_on else 0,
        )

    return make


def _referrals(ctx: AccessContext, queryset: QuerySet[Referral]) -> QuerySet[Referral]:
    """The page's referrals with what a row shows. The organisations' names are sub-selects, not joins:
    the visibility rule repeats `sender_team = …`, PostgreSQL then expects one row and joined the
    organisation table by a full scan per row (5 ms of a 10 ms page query at national scale)."""
    queryset = queryset.select_related("episode", "sender_team", "receiving_team").annotate(
        sender_organisation_name=Subquery(
            Organisation.objects.filter(pk=OuterRef("sender_organisation_id")).values("name")[:1]
        ),
        receiving_organisation_name=Subquery(
            Organisation.objects.filter(pk=OuterRef("receiving_organisation_id")).values("name")[:1]
        ),
    )
    return _with_family(queryset, ctx, "episode")


def _by_need(queryset: QuerySet[Referral], need: str) -> QuerySet[Referral]:
    return queryset.filter(need=need) if need in Need.values else queryset


def referrals_waiting(
    ctx: AccessContext,
    *,
    status: str = "",
    need: str = "",
    page_number: str | int = 1,
    today: date | None = None,
) -> ListPage[ReferralRow]:
    """Referrals sent to the team and not decided yet, the first due first."""
    today = _today(today)
    queryset = _by_need(waiting_base(ctx), need)
    status = status if status in WAITING else ""
    if status:
        queryset = queryset.filter(status=status)
    queryset = queryset.order_by(F("due_on").asc(nulls_last=True), "sent_at", "pk")
    return _list_page(
        ctx, ListKey.WAITING, _referrals(ctx, queryset), _referral_rows(ctx, today), lambda r: r.family,
        counted=queryset, page_number=page_number,
        filters={"status": status, "thema": need if need in Need.values else ""},
        categories=[HANDOVER], today=today,
    )  # fmt: skip


def referrals_sent(
    ctx: AccessContext,
    *,
    status: str = "",
    need: str = "",
    page_number: str | int = 1,
    today: date | None = None,
) -> ListPage[ReferralRow]:
    """The team's referrals in every state (status, dates and outcome), the newest first."""
    today = _today(today)
    queryset = _by_need(sent_base(ctx), need)
    status = status if status in S.values else ""
    if status:
        queryset = queryset.filter(status=status)
    queryset = queryset.order_by("-created_at", "-pk")
    return _list_page(
        ctx, ListKey.SENT, _referrals(ctx, queryset), _referral_rows(ctx, today), lambda r: r.family,
        counted=queryset, page_number=page_number,
        filters={"status": status, "thema": need if need in Need.values else ""},
        categories=[HANDOVER], today=today,
    )  # fmt: skip


def first_contacts_overdue(
    ctx: AccessContext,
    *,
    side: str = "",
    need: str = "",
    page_number: str | int = 1,
    today: date | None = None,
) -> ListPage[ReferralRow]:
    """Referrals of the team (sent or received) still waiting for the first contact after the day it was
    due, the longest overdue first."""
    today = _today(today)
    team = _require_team(ctx)
    queryset = _by_need(overdue_base(ctx, today), need)
    if side == ReferralSide.SENDER:
        queryset = queryset.filter(sender_team=team)
    elif side == ReferralSide.RECEIVER:
        queryset = queryset.filter(receiving_team=team)
    else:
        side = ""
    queryset = queryset.order_by("due_on", "pk")
    return _list_page(
        ctx, ListKey.OVERDUE, _referrals(ctx, queryset), _referral_rows(ctx, today), lambda r: r.family,
        counted=queryset, page_number=page_number,
        filters={"kant": side, "thema": need if need in Need.values else ""},
        categories=[HANDOVER], today=today,
    )  # fmt: skip


def reassessments_due(
    ctx: AccessContext, *, late_only: bool = False, page_number: str | int = 1, today: date | None = None
) -> ListPage[ReassessRow]:
    """Families whose agreed level is to be looked at again within REASSESS_WINDOW_DAYS (or already),
    the earliest first."""
    today = _today(today)
    _require_team(ctx)
    queryset = reassess_base(ctx, today)
    if late_only:
        queryset = queryset.filter(Q(latest_reassess_on__lt=today))
    counted = queryset
    queryset = _with_family(queryset.order_by("latest_reassess_on", "pk"), ctx, "pk")

    def make(episode: Any) -> ReassessRow:
        return ReassessRow(
            family=_family(episode, episode),
            level=level_label(episode.latest_level or ""),
            reassess_on=episode.latest_reassess_on,
            late=episode.latest_reassess_on < today,
        )

    return _list_page(
        ctx, ListKey.REASSESS, queryset, make, lambda r: r.family, counted=counted, page_number=page_number,
        filters={"wanneer": "te-laat" if late_only else ""}, categories=[LEVEL], today=today,
    )  # fmt: skip


def visits_to_plan(
    ctx: AccessContext, *, status: str = "", page_number: str | int = 1, today: date | None = None
) -> ListPage[VisitRow]:
    """The team's home visits without a date, or whose date passed without an outcome."""
    today = _today(today)
    _require_team(ctx)
    queryset = visits_base(ctx, today)
    status = status if status in VISIT_OPEN else ""
    if status:
        queryset = queryset.filter(status=status)
    counted = queryset
    queryset = queryset.select_related("episode").order_by(F("planned_on").asc(nulls_last=True), "created_at")
    queryset = _with_family(queryset, ctx, "episode")

    def make(visit: HomeVisit) -> VisitRow:
        late = visit.planned_on is not None and visit.planned_on < today
        return VisitRow(visit=visit, family=_family(visit, visit.episode), late=late)

    return _list_page(
        ctx, ListKey.VISITS, queryset, make, lambda r: r.family, counted=counted, page_number=page_number,
        filters={"status": status}, categories=[VISIT_CATEGORY], today=today,
    )  # fmt: skip
