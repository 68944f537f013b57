"""Referral along the klantroute as a closed loop (issue 12, docs/referrals.md, docs/adr/0011).

- A professional refers a family it may identify to one team of another organisation that is an accepted
  partner of the family's coalition; the route step (when chosen) names that organisation.
- Sending needs a basis for the receiving organisation (active consent or other legal basis); the
  referral carries only the categories its theme needs AND that basis (and the sender's own access)
  covers (`categories_to_send`); handover fields of other categories are emptied when it is sent.
- Every status change follows `care.referral_states.SIDES`: the right side only (sender, receiver,
  system), each a `ReferralTransition`, one access-log entry and one timeline line (never content).
- One open referral per family, receiving organisation and theme: a second is refused (ALREADY_OPEN)
  when it is made and again when an older concept is sent; when two sends race, the database's
  `referral_one_open_per_theme` refuses the second and that becomes the same ALREADY_OPEN.
- Acceptance creates (or reuses) the receiving team's `CareRelation` on the referral's basis.
- Optimistic locking: each write names the version it showed; a stale one is refused with
  CHANGED_BY_SOMEONE_ELSE. `referral_receive` is the one write without a version (idempotent).
- The incoming-referral mail to the receiving team carries no personal data and goes after commit.

The handover set and the warm handover live in `referral_handover` and are re-exported here.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import (
    OPEN_STATUSES,
    AccessEvent,
    CareRelation,
    CareTeam,
    Episode,
    EpisodeStatus,
    HandoverSet,
    Referral,
    ReferralOutcome,
    ReferralSide,
    ReferralStatus,
    RelationBasis,
    Screening,
    ScreeningStatus,
)
from kansrijk.care.referral_data import FIELD_CATEGORY, fields_for
from kansrijk.care.referral_states import CLOSED, NEEDS_REASON, side_for
from kansrijk.care.selectors.referrals import concept_fields, send_basis, side_of
from kansrijk.care.services import _referral_common as common
from kansrijk.care.services._checks import require_category
from kansrijk.care.services._outbox import outbox_referral
from kansrijk.care.services._referral_common import (
    CHANGED_BY_SOMEONE_ELSE,
    NO_BASIS,
    NOT_YOUR_SIDE,
    TEXT_LIMIT,
    team_recipients,
    worklist_link,
)
from kansrijk.care.services.episodes import EPISODE_CLOSED
from kansrijk.care.services.referral_handover import (
    FIELD_NOT_SENT,
    clean_handover,
    handover_update,
    warm_handover_update,
)
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.interventions.models import Need
from kansrijk.routes.models import RouteStatus, RouteStep

__all__ = [
    "CHANGED_BY_SOMEONE_ELSE",
    "FIELD_NOT_SENT",
    "NO_BASIS",
    "NOT_YOUR_SIDE",
    "handover_update",
    "referral_create",
    "referral_receive",
    "referral_send",
    "referral_transition",
    "team_recipients",
    "warm_handover_update",
    "worklist_link",
]

S = ReferralStatus
IDENT = DataCategory.IDENTIFICATION
# The outcome may be named when the receiver closes or rejects it; completing needs one.
OUTCOME_TARGETS: frozenset[str] = frozenset({S.COMPLETED, S.STOPPED, S.REJECTED})

UNKNOWN_NEED = _("Kies een thema.")
REASON_FOR_REFERRAL = _("Schrijf op waarom u het gezin verwijst.")
SAME_ORGANISATION = _("Verwijs naar een andere organisatie: uw eigen teams werken op uw eigen relatie.")
ALREADY_OPEN = _(
    "Er loopt al een verwijzing van dit gezin naar deze organisatie voor dit thema. Volg die verwijzing, "
    "of trek die eerst in."
)
NOT_A_PARTNER = _("Deze organisatie is geen geaccepteerde partner van de coalitie van dit gezin.")
STEP_NOT_FOR_NEED = _("Deze stap hoort niet bij de gepubliceerde klantroute voor dit thema.")
TEAM_NOT_OF_STEP = _("Kies een team van de organisatie die deze stap van de klantroute uitvoert.")
UNKNOWN_STATUS = _("Kies een van de mogelijke stappen.")
NOT_ALLOWED = _("Deze stap kan niet vanuit '{current}'.")
REASON_NEEDED = _("Schrijf op waarom.")
OUTCOME_NEEDED = _("Kies wat de uitkomst is.")
UNKNOWN_OUTCOME = _("Kies een van de uitkomsten.")
NO_OUTCOME_HERE = _("Een uitkomst hoort alleen bij afronden, stoppen of afwijzen.")
EXPLAIN_OTHER = _("Schrijf in de reden wat de uitkomst is.")
FIRST_CONTACT_DATE_NEEDED = _("Vul de datum van het eerste contact in.")
FIRST_CONTACT_DATE_ONLY = _("Vul alleen een datum in bij het eerste contact.")
DATE_IN_FUTURE = _("Deze datum kan niet in de toekomst liggen.")
DATE_BEFORE_SENT = _("Het eerste contact kan niet eerder zijn dan de verwijzing is verstuurd.")

TIMELINE_TEXT = {
    S.CONCEPT: _("Verwijzing naar %(org)s voorbereid"),
    S.SENT: _("Verwijzing naar %(org)s verstuurd"),
    S.RECEIVED: _("Verwijzing ontvangen door %(org)s"),
    S.ACCEPTED: _("Verwijzing geaccepteerd door %(org)s"),
    S.REJECTED: _("Verwijzing afgewezen door %(org)s"),
    S.FIRST_CONTACT: _("Eerste contact geweest na verwijzing naar %(org)s"),
    S.COMPLETED: _("Verwijzing naar %(org)s afgerond"),
    S.STOPPED: _("Verwijzing naar %(org)s gestopt"),
    S.WITHDRAWN: _("Verwijzing naar %(org)s ingetrokken"),
    S.EXPIRED: _("Verwijzing naar %(org)s verlopen: geen reactie"),
    S.NOT_REACHED: _("Gezin niet bereikt na verwijzing naar %(org)s"),
    S.REFERRED_ELSEWHERE: _("Verwijzing naar %(org)s: elders verwezen"),
}


def _timeline(ctx: AccessContext, referral: Referral, status: str) -> None:
    common.timeline(ctx, referral, str(TIMELINE_TEXT[S(status)]) % {"org": referral.receiving_organisation})


def _require_open(episode: Episode) -> None:
    if episode.status != EpisodeStatus.OPEN:
        raise ValidationError(EPISODE_CLOSED)


def _signalled_on(episode: Episode, need: str) -> date:
    """The completion date of the latest finished screening that found the need, else today."""
    for screening in (
        Screening.objects.filter(episode=episode, status=ScreeningStatus.DONE)
        .select_related("instrument")
        .order_by("-completed_at")
    ):
        definition = parse_definition(screening.instrument.definition)
        if screening.completed_at is not None and any(
            item.need == need and item.is_present(screening.answers.get(item.id)) for item in definition.items
        ):
            return timezone.localtime(screening.completed_at).date()
    return timezone.localdate()


# --- create and send ---------------------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    ctx: AccessContext,
    *,
    episode_id: UUID,
    need: str,
    receiving_team: CareTeam,
    reason: str,
    message: str = "",
    route_step: RouteStep | None = None,
    handover: dict[str, str] | None = None,
) -> Referral:
    """A concept referral from the context's team to `receiving_team` (another organisation)."""
    access = require_category(ctx, episode_id, IDENT)
    episode = access.episode
    _require_open(episode)
    assert ctx.organisation is not None and ctx.team is not None  # require_category: a professional
    errors: dict[str, object] = {}
    if need not in Need.values:
        errors["need"] = UNKNOWN_NEED
    reason = reason.strip()[:TEXT_LIMIT]
    if not reason:
        errors["reason"] = REASON_FOR_REFERRAL
    organisation = receiving_team.organisation
    if organisation.pk == ctx.organisation.pk:
        errors["receiving_team"] = SAME_ORGANISATION
    elif not partners_accepted(episode.coalition).filter(organisation=organisation).exists():
        errors["receiving_team"] = NOT_A_PARTNER
    elif _open_duplicate(episode, organisation.pk, need).exists():
        errors["receiving_team"] = ALREADY_OPEN
    if route_step is not None:
        route = route_step.route
        if (
            route.coalition_id != episode.coalition_id
            or route.need != need
            or route.status != RouteStatus.PUBLISHED
        ):
            errors["route_step"] = STEP_NOT_FOR_NEED
        elif route_step.partner.organisation_id != organisation.pk:
            errors["receiving_team"] = TEAM_NOT_OF_STEP
    if errors:
        raise ValidationError(errors)
    fields = clean_handover(handover or {}, concept_fields(need, access.categories))
    decision = episode.level_decisions.order_by("-created_at").first()
    referral = Referral.objects.create(
        episode=episode,
        coalition=episode.coalition,
        need=need,
        level=decision.level if decision is not None else "",
        route_step=route_step,
        route_title=route_step.route.title if route_step else "",
        step_title=route_step.title if route_step else "",
        intervention_title=route_step.offer.intervention.name if route_step and route_step.offer else "",
        sender_organisation=ctx.organisation,
        sender_team=ctx.team,
        created_by=ctx.user,
        receiving_organisation=organisation,
        receiving_team=receiving_team,
        reason=reason,
        message=message.strip()[:TEXT_LIMIT],
        expected_days=route_step.days_to_first_contact if route_step else None,
        signalled_on=_signalled_on(episode, need),
    )
    HandoverSet.objects.create(referral=referral, **fields)
    _timeline(ctx, referral, S.CONCEPT)
    categories = sorted({FIELD_CATEGORY[name] for name in fields} | {DataCategory.HANDOVER})
    common.log(ctx, referral, ReferralSide.SENDER, event=AccessEvent.CREATE, action="verwijzing.aanmaken",
               categories=categories)  # fmt: skip
    return referral


def _open_duplicate(episode: Episode, organisation_id: int, need: str) -> QuerySet[Referral]:
    return Referral.objects.filter(
        episode=episode, receiving_organisation_id=organisation_id, need=need, status__in=OPEN_STATUSES
    )


def _send(ctx: AccessContext, referral: Referral, version: int) -> Referral:
    access = require_category(ctx, referral.episode.public_id, IDENT)
    _require_open(access.episode)
    if _open_duplicate(referral.episode, referral.receiving_organisation_id, referral.need).exists():
        raise ValidationError(ALREADY_OPEN)
    basis = send_basis(referral.episode, referral.receiving_organisation, referral.need, access.categories)
    if basis.consent is None and basis.legal_basis is None:
        raise ValidationError(basis.problem or NO_BASIS)
    now = timezone.now()
    due_on = None
    if referral.expected_days is not None:
        due_on = timezone.localdate() + timedelta(days=referral.expected_days)
    try:
        with transaction.atomic():  # a savepoint: two sends at once, the database refuses the second
            common.save(
                referral,
                version,
                status=S.SENT,
                categories=basis.categories,
                consent=basis.consent,
                legal_basis=basis.legal_basis,
                sent_at=now,
                due_on=due_on,
            )
    except IntegrityError as exc:
        # Only the one-open-per-theme index can refuse this update because of another referral; any other
        # constraint failing here is a bug and stays an IntegrityError.
        if not _open_duplicate(referral.episode, referral.receiving_organisation_id, referral.need).exists():
            raise
        raise ValidationError(ALREADY_OPEN) from exc
    # Data minimisation: what the basis does not cover does not travel, not even as a stored field.
    emptied = {name: "" for name in FIELD_CATEGORY if name not in fields_for(basis.categories)}
    HandoverSet.objects.filter(referral=referral).update(**emptied, updated_at=now)
    common.transition_add(ctx, referral, side=ReferralSide.SENDER, source=S.CONCEPT)
    outbox_referral(referral)
    _timeline(ctx, referral, S.SENT)
    common.log(ctx, referral, ReferralSide.SENDER, action="verwijzing.versturen")
    transaction.on_commit(
        partial(common.mail_incoming, team_recipients(referral.receiving_team)), robust=True
    )
    return referral


@transaction.atomic
def referral_send(ctx: AccessContext, *, referral_id: UUID, version: int) -> Referral:
    """Send a concept: the basis is checked and fixed, the categories too; the receiving team is mailed."""
    return referral_transition(ctx, referral_id=referral_id, version=version, to=S.SENT)


def _receive(ctx: AccessContext, referral: Referral) -> Referral:
    common.transition_add(ctx, referral, side=ReferralSide.RECEIVER, source=S.SENT)
    _timeline(ctx, referral, S.RECEIVED)
    common.log(ctx, referral, ReferralSide.RECEIVER, action="verwijzing.ontvangen")
    return referral


@transaction.atomic
def referral_receive(ctx: AccessContext, *, referral_id: UUID) -> Referral:
    """The receiving team opens a sent referral: verstuurd → ontvangen. Idempotent (no version): in any
    other state, or when a colleague opened it a moment earlier, it returns the referral unchanged."""
    referral = common.load(ctx, referral_id)
    if side_of(ctx, referral) != ReferralSide.RECEIVER:
        raise PermissionDenied(NOT_YOUR_SIDE)
    if referral.status != S.SENT:
        return referral
    try:
        common.save(referral, referral.version, status=S.RECEIVED, received_at=timezone.now())
    except ValidationError:
        referral.refresh_from_db()
        return referral
    return _receive(ctx, referral)


# --- every other move --------------------------------------------------------------------------------------


def _check_data(
    referral: Referral, to: str, reason: str, outcome: str, first_contact_on: date | None
) -> None:
    """What the move needs, all errors by field (so a form shows each next to its field)."""
    errors: dict[str, object] = {}
    if to in NEEDS_REASON and not reason:
        errors["reason"] = REASON_NEEDED
    if outcome and outcome not in ReferralOutcome.values:
        errors["outcome"] = UNKNOWN_OUTCOME
    elif outcome and to not in OUTCOME_TARGETS:
        errors["outcome"] = NO_OUTCOME_HERE
    elif to == S.COMPLETED and not outcome:
        errors["outcome"] = OUTCOME_NEEDED
    elif outcome == ReferralOutcome.OTHER and not reason:
        errors["reason"] = EXPLAIN_OTHER
    if to == S.FIRST_CONTACT:
        sent_on = timezone.localtime(referral.sent_at).date() if referral.sent_at else None
        if first_contact_on is None:
            errors["first_contact_on"] = FIRST_CONTACT_DATE_NEEDED
        elif first_contact_on > timezone.localdate():
            errors["first_contact_on"] = DATE_IN_FUTURE
        elif sent_on is not None and first_contact_on < sent_on:
            errors["first_contact_on"] = DATE_BEFORE_SENT
    elif first_contact_on is not None:
        errors["first_contact_on"] = FIRST_CONTACT_DATE_ONLY
    if errors:
        raise ValidationError(errors)


def _relation_for(ctx: AccessContext, referral: Referral) -> CareRelation:
    """The receiving team's open care relation with the family: reused, or made on the referral's basis."""
    relation = CareRelation.objects.filter(
        episode=referral.episode, team=referral.receiving_team, ended_at__isnull=True
    ).first()
    if relation is not None:
        return relation
    return CareRelation.objects.create(
        episode=referral.episode,
        organisation=referral.receiving_organisation,
        team=referral.receiving_team,
        basis=RelationBasis.CONSENT if referral.consent_id else RelationBasis.LEGAL,
        consent_id=referral.consent_id,
        legal_basis_id=referral.legal_basis_id,
        started_by=ctx.user,
    )


@transaction.atomic
def referral_transition(
    ctx: AccessContext,
    *,
    referral_id: UUID,
    version: int,
    to: str,
    reason: str = "",
    outcome: str = "",
    first_contact_on: date | None = None,
) -> Referral:
    """Move a referral to `to`: only along the table, only by the side the table names (404 when not
    visible; a move that does not exist → ValidationError on "to"; another side's move → PermissionDenied)."""
    referral = common.load(ctx, referral_id)
    side = side_of(ctx, referral)
    # A stale page first: whatever it offered may no longer apply, the answer is "reload".
    common.check_version(referral, version)
    if to not in S.values:
        raise ValidationError({"to": UNKNOWN_STATUS})
    allowed = side_for(referral.status, to)
    if allowed is None:
        current = str(S(referral.status).label).lower()
        raise ValidationError({"to": str(NOT_ALLOWED).format(current=current)})
    if allowed != side:
        raise PermissionDenied(NOT_YOUR_SIDE)
    if to == S.SENT:
        return _send(ctx, referral, version)
    if to == S.RECEIVED:
        common.save(referral, version, status=S.RECEIVED, received_at=timezone.now())
        return _receive(ctx, referral)
    reason, outcome = reason.strip()[:TEXT_LIMIT], outcome.strip()
    _check_data(referral, to, reason, outcome, first_contact_on)
    source, now = referral.status, timezone.now()
    fields: dict[str, object] = {"status": to}
    if reason:
        fields["status_reason"] = reason
    if outcome:
        fields["outcome"] = outcome
    if to == S.FIRST_CONTACT:
        fields["first_contact_on"] = first_contact_on
    if to == S.ACCEPTED:
        _require_open(referral.episode)
        fields["accepted_at"] = now
    if to in CLOSED:
        fields["closed_at"] = now
    # The conditional update first: a second writer of the same version stops here, before it creates
    # anything (a care relation, a transition, a log entry).
    common.save(referral, version, **fields)
    if to == S.ACCEPTED:
        relation = _relation_for(ctx, referral)
        Referral.objects.filter(pk=referral.pk).update(relation=relation)
        referral.relation = relation
    common.transition_add(ctx, referral, side=side, source=source, reason=reason)
    outbox_referral(referral)
    _timeline(ctx, referral, to)
    common.log(ctx, referral, side, action=f"verwijzing.{to}", extra={"van": source})
    return referral
