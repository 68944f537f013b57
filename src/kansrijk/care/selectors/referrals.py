"""Reads of referrals: the one visibility selector, the referral page and the proposals from the route.

Access follows the state (docs/adr/0011, the Nuts eOverdracht rule):
- the sending team sees its referrals in every state (what comes back from the receiver is status, dates
  and outcome only: the receiver's reasons are not shown to it);
- the receiving team sees a referral while it is sent or received (`LIMITED_VIEW`) and its basis
  (consent not withdrawn, legal basis not ended) holds: the referral and the handover fields of the
  categories sent, nothing else of the family;
- after acceptance the receiving team sees it through the care relation acceptance created, while that
  relation's basis holds (`kansrijk.care.selectors.access._live_relations`);
- rejected, withdrawn, expired or referred elsewhere before acceptance: nothing. Nobody else sees
  referrals (other teams of either organisation, coordinators, national, admins, parents): 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import ALL_CATEGORIES, DataCategory
from kansrijk.care.context import AccessContext, ActingAs
from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    CareTeam,
    Consent,
    Episode,
    HandoverSet,
    LegalBasis,
    Person,
    PersonRole,
    Referral,
    ReferralSide,
    ReferralStatus,
    ReferralTransition,
    Screening,
    ScreeningStatus,
    WarmHandover,
)
from kansrijk.care.referral_data import FIELD_CATEGORY, NEED_CATEGORIES, categories_to_send, fields_for
from kansrijk.care.referral_states import (
    AWAITING_FIRST_CONTACT,
    LIMITED_VIEW,
    REFERRAL_STATUSES,
    side_for,
)
from kansrijk.care.selectors.access import (
    EpisodeAccess,
    _live_relations,
    basis_label,
    episode_access,
    relations_of,
)
from kansrijk.interventions.models import Need
from kansrijk.routes.models import Klantroute, RouteStep
from kansrijk.routes.selectors import routes_for

S = ReferralStatus
SCREENING = DataCategory.SCREENING
LEVEL = DataCategory.LEVEL
# The sender may change the handover set until the receiver has decided.
HANDOVER_EDITABLE: frozenset[str] = frozenset({S.CONCEPT, S.SENT, S.RECEIVED})

NO_BASIS_YET = _(
    "Er is nog geen toestemming of andere grondslag om gegevens met deze organisatie te delen. "
    "Vraag de ouder om toestemming en leg die vast op de pagina 'Delen' van het gezin."
)
BASIS_COVERS_NOTHING = _(
    "De toestemming voor deze organisatie dekt geen van de gegevens die deze verwijzing nodig heeft. "
    "Vraag de ouder om toestemming voor meer gegevens en leg die vast op de pagina 'Delen'."
)


def referrals_visible_to(ctx: AccessContext) -> QuerySet[Referral]:
    """The one visibility selector for referrals (see the module docstring). Does not log."""
    if not ctx.is_professional:
        return Referral.objects.none()
    team = ctx.team
    basis_holds = Q(consent__isnull=False, consent__withdrawn_at__isnull=True) | Q(
        legal_basis__isnull=False, legal_basis__ended_at__isnull=True
    )
    limited = Q(receiving_team=team, status__in=LIMITED_VIEW) & basis_holds
    live = CareRelation.objects.filter(_live_relations(), team=team).values("pk")
    accepted = Q(receiving_team=team, relation__in=live) & ~Q(status__in=LIMITED_VIEW | {S.CONCEPT})
    return Referral.objects.filter(
        Q(sender_team=team) | limited | accepted, episode__anonymised_at__isnull=True
    )


def side_of(ctx: AccessContext, referral: Referral) -> str | None:
    """The side the context acts on for this referral (None: neither)."""
    if ctx.acting_as == ActingAs.SYSTEM:
        return ReferralSide.SYSTEM
    if ctx.team is None:
        return None
    if ctx.team.pk == referral.sender_team_id:
        return ReferralSide.SENDER
    if ctx.team.pk == referral.receiving_team_id:
        return ReferralSide.RECEIVER
    return None


def moves_for(referral: Referral, side: str | None) -> list[str]:
    """The targets this side may choose now, in the enum's order."""
    return [
        t for t in REFERRAL_STATUSES.next_statuses(referral.status) if side_for(referral.status, t) == side
    ]


def is_overdue(referral: Referral, today: date | None = None) -> bool:
    """Still waiting for the first contact after the day it was due."""
    today = today or timezone.localdate()
    return (
        referral.status in AWAITING_FIRST_CONTACT and referral.due_on is not None and today > referral.due_on
    )


def _sender_categories(ctx: AccessContext, episode: Episode) -> frozenset[str]:
    """What the sending team may see of the family now (empty when its access ended)."""
    try:
        return episode_access(ctx, episode.public_id).categories
    except Http404:
        return frozenset()


def concept_fields(need: str, sender_categories: frozenset[str]) -> list[str]:
    """The handover fields a concept for `need` may fill: what the theme may carry and the sender sees."""
    return fields_for(frozenset(NEED_CATEGORIES.get(need, frozenset()) & sender_categories))


def editable_fields(referral: Referral, sender_categories: frozenset[str]) -> list[str]:
    """The handover fields the sender may fill: in a concept `concept_fields`; once sent, only the fields
    of the categories sent (and the sender still sees)."""
    if referral.status == S.CONCEPT:
        return concept_fields(referral.need, sender_categories)
    return [n for n in fields_for(referral.categories) if FIELD_CATEGORY[n] in sender_categories]


def log_basis(ctx: AccessContext, referral: Referral, side: str | None) -> str:
    """The basis an access to this referral rests on, for the access log: the receiver's care relation
    after acceptance, the sender's own relation with the family, else the referral itself."""
    relations = CareRelation.objects.none()
    if side == ReferralSide.RECEIVER and referral.relation_id is not None:
        relations = CareRelation.objects.filter(pk=referral.relation_id, ended_at__isnull=True)
    elif side == ReferralSide.SENDER:
        relations = relations_of(ctx).filter(episode_id=referral.episode_id).order_by("created_at")
    relation = relations.select_related("consent", "legal_basis").first()
    return basis_label(relation) if relation is not None else f"verwijzing:{referral.public_id}"


# --- basis to send -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SendBasis:
    """The basis a referral to `organisation` would be sent on, and the categories it would carry."""

    consent: Consent | None = None
    legal_basis: LegalBasis | None = None
    categories: list[str] = field(default_factory=list)
    problem: str = ""  # why it cannot be sent (empty when it can)

    @property
    def exists(self) -> bool:
        return not self.problem


def send_basis(
    episode: Episode,
    organisation: Organisation,
    need: str,
    sender_categories: frozenset[str] = ALL_CATEGORIES,
) -> SendBasis:
    """The active consent or legal basis for `organisation` that lets the referral carry the most of
    what `need` needs (and the sender itself may see). No basis, or one covering nothing: the problem."""
    consents = Consent.objects.filter(
        episode=episode, receiving_organisation=organisation, withdrawn_at__isnull=True
    ).order_by("-created_at")
    bases = LegalBasis.objects.filter(
        episode=episode, receiving_organisation=organisation, ended_at__isnull=True
    ).order_by("-created_at")
    best = SendBasis(problem=str(NO_BASIS_YET))
    candidates: list[Consent | LegalBasis] = [*consents, *bases]
    for candidate in candidates:
        covered = frozenset(candidate.categories) & sender_categories
        categories = categories_to_send(need, covered)
        if not categories:
            if not best.exists:
                best = SendBasis(problem=str(BASIS_COVERS_NOTHING))
            continue
        if best.exists and len(best.categories) >= len(categories):
            continue
        if isinstance(candidate, Consent):
            best = SendBasis(consent=candidate, categories=categories)
        else:
            best = SendBasis(legal_basis=candidate, categories=categories)
    return best


# --- one referral --------------------------------------------------------------------------------------------


def referral_get(ctx: AccessContext, episode_id: UUID, referral_id: UUID) -> Referral:
    """A visible referral of this family, or 404. Does not log: for a write, whose service logs it."""
    referral = (
        referrals_visible_to(ctx)
        .filter(public_id=referral_id, episode__public_id=episode_id)
        .select_related(
            "episode", "sender_organisation", "sender_team", "receiving_organisation", "receiving_team"
        )
        .first()
    )
    if referral is None:
        raise Http404
    return referral


@dataclass
class ReferralPage:
    referral: Referral
    side: str
    handover_fields: list[tuple[str, str, str]]  # (name, label, value), only of the categories sent
    warm_handover: WarmHandover | None
    transitions: list[ReferralTransition]
    next_moves: list[str]
    overdue: bool
    may_edit_handover: bool
    # Who the family is and how to reach them (V&VN item 3), when the referral sends identification.
    persons: list[Person] = field(default_factory=list)

    @property
    def is_limited_view(self) -> bool:
        return self.side == ReferralSide.RECEIVER and self.referral.status in LIMITED_VIEW


def _handover_rows(handover: HandoverSet | None, names: list[str]) -> list[tuple[str, str, str]]:
    rows = []
    for name in names:
        label = str(getattr(HandoverSet._meta.get_field(name), "verbose_name", name))
        value = getattr(handover, name, "") if handover is not None else ""
        rows.append((name, label, value))
    return rows


def referral_page(ctx: AccessContext, episode_id: UUID, referral_id: UUID) -> ReferralPage:
    """One referral as its side may see it; logs one read entry. The receiver before acceptance sees the
    referral and the handover fields of the categories sent; the sender sees status, dates and outcome of
    what the receiver did, not its reasons."""
    with transaction.atomic():
        referral = referral_get(ctx, episode_id, referral_id)
        side = side_of(ctx, referral)
        if side is None:  # pragma: no cover - referrals_visible_to only returns the two sides
            raise Http404
        handover = HandoverSet.objects.filter(referral=referral).first()
        if side == ReferralSide.SENDER:
            # The sender's own fields, as far as it still may see the family's data.
            seen = _sender_categories(ctx, referral.episode)
            names = editable_fields(referral, seen)
        else:
            seen = frozenset(referral.categories)
            names = fields_for(referral.categories)
        transitions = list(referral.transitions.select_related("by", "organisation"))
        if side == ReferralSide.SENDER:
            # Feedback to the referrer is status, date and outcome: anything more needs consent.
            for transition in transitions:
                if transition.side != ReferralSide.SENDER:
                    transition.reason = ""
            if transitions and transitions[-1].side != ReferralSide.SENDER:
                referral.status_reason = ""
        identified = DataCategory.IDENTIFICATION in seen
        persons = list(referral.episode.persons.exclude(role=PersonRole.CHILD)) if identified else []
        shown = sorted(
            {FIELD_CATEGORY[n] for n in names}
            | {DataCategory.HANDOVER}
            | ({DataCategory.IDENTIFICATION} if persons else set())
        )
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="verwijzing.bekijken",
            basis=log_basis(ctx, referral, side),
            episode_id=referral.episode.public_id,
            detail={"verwijzing": str(referral.public_id), "status": referral.status, "categorieen": shown},
        )
    return ReferralPage(
        referral=referral,
        side=side,
        handover_fields=_handover_rows(handover, names),
        warm_handover=WarmHandover.objects.filter(referral=referral).first(),
        transitions=transitions,
        next_moves=moves_for(referral, side),
        overdue=is_overdue(referral),
        may_edit_handover=side == ReferralSide.SENDER and referral.status in HANDOVER_EDITABLE,
        persons=persons,
    )


def episode_referrals(ctx: AccessContext, access: EpisodeAccess) -> list[Referral]:
    """The referrals of this (visible) family the context may see, newest first, for the family page."""
    return list(
        referrals_visible_to(ctx)
        .filter(episode=access.episode)
        .select_related("sender_organisation", "sender_team", "receiving_organisation", "receiving_team")
        .order_by("-created_at")
    )


# --- proposals from the klantroute ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    step: RouteStep
    route: Klantroute
    organisation: Organisation
    teams: list[CareTeam]
    intervention_title: str
    expected_days: int | None
    categories: list[str]  # what would be sent now (empty when it cannot be sent)
    has_basis: bool
    basis_problem: str  # why it cannot be sent yet, and how to ask (empty when it can)


@dataclass(frozen=True)
class NeedProposals:
    need: str
    label: str
    proposals: list[Proposal]


@dataclass(frozen=True)
class ProposalPage:
    access: EpisodeAccess
    screening: Screening | None  # the latest finished screening the needs come from
    level: str  # of the latest level decision ("" when none: no route steps can be chosen)
    needs: list[NeedProposals]


def _found_needs(access: EpisodeAccess, screening: Screening) -> list[str]:
    """The themes of the items present in a screening, only of items whose category the context sees."""
    definition = parse_definition(screening.instrument.definition)
    found = {
        item.need
        for item in definition.items
        if item.need and access.may_see(item.category) and item.is_present(screening.answers.get(item.id))
    }
    return [need for need in Need.values if need in found]


def referral_proposals(ctx: AccessContext, episode_id: UUID) -> ProposalPage:
    """The needs of the latest finished screening and, per need, the route steps for the family's level:
    who would receive it, which teams, what would be sent, and whether a basis exists. Logs one read."""
    with transaction.atomic():
        access = episode_access(ctx, episode_id)
        episode = access.episode
        screening = None
        if access.may_see(SCREENING):
            screening = (
                Screening.objects.filter(episode=episode, status=ScreeningStatus.DONE)
                .select_related("instrument")
                .order_by("-completed_at")
                .first()
            )
        decision = episode.level_decisions.order_by("-created_at").first() if access.may_see(LEVEL) else None
        level = decision.level if decision is not None else ""
        needs: list[NeedProposals] = []
        for need in _found_needs(access, screening) if screening is not None else []:
            proposals = []
            for step in routes_for(coalition=episode.coalition, need=need, level=level) if level else []:
                organisation = step.partner.organisation
                if organisation.pk == (ctx.organisation.pk if ctx.organisation else None):
                    continue  # a referral goes to another organisation
                basis = send_basis(episode, organisation, need, access.categories)
                proposals.append(
                    Proposal(
                        step=step,
                        route=step.route,
                        organisation=organisation,
                        teams=list(CareTeam.objects.filter(organisation=organisation).order_by("name")),
                        intervention_title=step.offer.intervention.name if step.offer else "",
                        expected_days=step.days_to_first_contact,
                        categories=basis.categories,
                        has_basis=basis.exists,
                        basis_problem=basis.problem,
                    )
                )
            needs.append(NeedProposals(need=need, label=str(Need(need).label), proposals=proposals))
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="verwijzing.voorstellen",
            basis=access.basis,
            episode_id=episode.public_id,
            detail={
                "categorieen": [c for c in (SCREENING, LEVEL) if access.may_see(c)],
                "themas": len(needs),
            },
        )
    return ProposalPage(access=access, screening=screening, level=level, needs=needs)
