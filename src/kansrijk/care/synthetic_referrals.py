"""Part 2 of the synthetic families (`kansrijk seed-scale`): screening and level, referrals along the loop
with their transitions, handover sets and warm handovers, and JGZ home visits — each with the access-log
entries and timeline lines the services would write.

THE PROPORTIONS ARE SYNTHETIC ASSUMPTIONS, chosen to look plausible for load tests, not measured:
- 80 % of families are screened by their midwife; the agreed level is zelfredzaam 83 %, potentieel
  kwetsbaar 9 %, kwetsbaar 6 %, zeer kwetsbaar 2 % (so about 1 in 6 screened families at level ≥
  potentieel kwetsbaar; the Rotterdam programmes report one in five to one in ten pregnancies as
  vulnerable, domain.md §3);
- every screened family at level ≥ potentieel kwetsbaar gets one referral, a quarter of them a second
  one (another theme); themes by weight (`NEEDS`), money first; the social team receives most, JGZ the
  themes around health and parenting;
- the referral's last status by weight (`ENDS`): about half are closed with an outcome, a fifth are still
  waiting for the first contact (some of them overdue), the rest rejected, withdrawn, expired, not
  reached, referred elsewhere or stopped; the path to that status follows the transition table;
- a warm handover for 35 % of the referrals that were sent; a home visit offered to 70 % of the
  families JGZ may see.

Each step also adds the monitor's outbox entries the services would have written (`care.models.outbox`):
registration, first screening and level, referral sent / accepted / first contact, visit offered and
resolved, and the end of the pregnancy for families already born (all pending, labelled synthetic), so
the monitor's benchmark has a national-scale event stream.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from kansrijk.accounts.models import OrganisationKind
from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.models import (
    AccessEvent,
    CareRelation,
    Consent,
    ConsentMethod,
    EpisodeStage,
    HandoverSet,
    HomeVisit,
    Instrument,
    LevelDecision,
    MonitorEventKind,
    OutboxEntry,
    Referral,
    ReferralOutcome,
    ReferralStatus,
    ReferralTransition,
    RelationBasis,
    Screening,
    ScreeningStatus,
    TimelineEvent,
    VisitStatus,
    WarmHandover,
    WarmHandoverStatus,
)
from kansrijk.care.referral_data import NEED_CATEGORIES, categories_to_send, fields_for
from kansrijk.care.referral_states import CLOSED, NEEDS_REASON, side_for
from kansrijk.care.selectors.families import VISIT_CATEGORY
from kansrijk.care.synthetic import Batch, Family, TeamStaff
from kansrijk.interventions.models import Need
from kansrijk.routes.models import VulnerabilityLevel

S = ReferralStatus
L = VulnerabilityLevel
SCREENED = 0.80
LEVELS = ((L.ZELFREDZAAM, 83), (L.POTENTIEEL_KWETSBAAR, 9), (L.KWETSBAAR, 6), (L.ZEER_KWETSBAAR, 2))
SECOND_REFERRAL = 0.25
NEEDS = (
    (Need.FINANCIEN, 28), (Need.PSYCHISCH, 14), (Need.HUISVESTING, 10), (Need.SOCIAAL_NETWERK, 10),
    (Need.OUDERSCHAP, 10), (Need.HUISELIJK_GEWELD, 6), (Need.VERSLAVING, 5), (Need.ROKEN, 6),
    (Need.LAAGGELETTERDHEID, 5), (Need.LVB, 3), (Need.GEZONDHEID, 3),
)  # fmt: skip
TO_JGZ = frozenset({Need.ROKEN, Need.OUDERSCHAP, Need.GEZONDHEID})
EXPECTED_DAYS = 10
# The last status and the path there (every step a move of the transition table; a test checks that).
ENDS: tuple[tuple[tuple[str, ...], int], ...] = (
    ((), 3),  # still a concept
    ((S.SENT,), 5),
    ((S.SENT, S.RECEIVED), 5),
    ((S.SENT, S.RECEIVED, S.ACCEPTED), 9),
    ((S.SENT, S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT), 18),
    ((S.SENT, S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT, S.COMPLETED), 36),
    ((S.SENT, S.RECEIVED, S.REJECTED), 5),
    ((S.SENT, S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT, S.STOPPED), 3),
    ((S.SENT, S.WITHDRAWN), 2),
    ((S.SENT, S.RECEIVED, S.WITHDRAWN), 1),
    ((S.SENT, S.EXPIRED), 3),
    ((S.SENT, S.RECEIVED, S.ACCEPTED, S.NOT_REACHED), 4),
    ((S.SENT, S.RECEIVED, S.REFERRED_ELSEWHERE), 2),
)
OUTCOMES = (
    (ReferralOutcome.HELP_RECEIVED, 70), (ReferralOutcome.NOT_ELIGIBLE, 8), (ReferralOutcome.NO_CAPACITY, 7),
    (ReferralOutcome.FAMILY_DECLINED, 10), (ReferralOutcome.MOVED, 5),
)  # fmt: skip
WARM_HANDOVER = 0.35
WARM_ENDS = ((WarmHandoverStatus.HELD, 60), (WarmHandoverStatus.PLANNED, 15),
             (WarmHandoverStatus.PROPOSED, 10), (WarmHandoverStatus.NOT_HELD, 15))  # fmt: skip
HOME_VISIT = 0.70
VISIT_ENDS = ((VisitStatus.HELD, 55), (VisitStatus.ACCEPTED, 15), (VisitStatus.OFFERED, 10),
              (VisitStatus.DECLINED, 15), (VisitStatus.NOT_HELD, 5))  # fmt: skip
LABEL = "(synthetisch)"
ACTIONS: dict[str, str] = {S.SENT: "verwijzing.versturen", S.RECEIVED: "verwijzing.ontvangen"}
# How long before a step happens, at most (hours after the previous one).
HOURS_BEFORE: dict[str, int] = {S.FIRST_CONTACT: 24 * 12, S.COMPLETED: 24 * 60, S.EXPIRED: 24 * 15}
TRANSITION_TEXT: dict[str, str] = {
    S.SENT: "Verwijzing verstuurd", S.RECEIVED: "Verwijzing ontvangen", S.ACCEPTED: "Verwijzing geaccepteerd",
    S.REJECTED: "Verwijzing afgewezen", S.FIRST_CONTACT: "Eerste contact geweest", S.COMPLETED: "Verwijzing afgerond",
    S.STOPPED: "Verwijzing gestopt", S.WITHDRAWN: "Verwijzing ingetrokken", S.EXPIRED: "Verwijzing verlopen",
    S.NOT_REACHED: "Gezin niet bereikt", S.REFERRED_ELSEWHERE: "Elders verwezen",
}  # fmt: skip


T = TypeVar("T")
K = MonitorEventKind


def _pick(batch: Batch, table: tuple[tuple[T, int], ...]) -> T:
    return batch.rng.choices([v for v, _w in table], weights=[w for _v, w in table])[0]


def _log(
    batch: Batch,
    family: Family,
    staff: TeamStaff,
    at: datetime,
    *,
    event: str,
    action: str,
    basis: str,
    detail: dict[str, Any],
) -> None:
    batch.log.append(
        f"gezin:{family.episode.public_id}", at=at, actor=staff.actor(batch.rng), event=event, action=action,
        basis=basis, episode_id=family.episode.public_id, detail=detail,
    )  # fmt: skip


def _timeline(batch: Batch, family: Family, staff: TeamStaff, kind: str, text: str, category: str) -> None:
    batch.timeline.append(
        TimelineEvent(
            episode=family.episode, organisation=staff.team.organisation, kind=kind, text=text,
            category=category, actor=staff.users[0],
        )
    )  # fmt: skip


def _event(batch: Batch, family: Family, kind: str, at: datetime, **attrs: object) -> None:
    """One pending outbox entry, as `care.services._outbox.outbox_add` writes it (place from the episode)."""
    episode = family.episode
    batch.add(
        OutboxEntry(
            kind=kind, occurred_at=at, coalition_id=episode.coalition_id, municipality_id=episode.municipality_id,
            wijk_id=episode.wijk_id, attrs=attrs, is_synthetic=True,
        )
    )  # fmt: skip


def screening_step(instrument: Instrument | None) -> Callable[[Batch, Family], None]:
    """The midwife's screening and the level agreed with the client; sets `family.level`."""

    def _screen(batch: Batch, family: Family) -> None:
        # The registration (made before this step, by the seed command) enters the outbox here.
        _event(batch, family, K.FAMILY_REGISTERED, family.start, fase=family.episode.stage)
        family.level = ""
        if batch.rng.random() >= SCREENED:
            return
        staff = family.midwives
        at = batch.later(family.start, max_hours=24 * 21)
        level = _pick(batch, LEVELS)
        family.level, family.signalled_on = level, at.date()
        screening = None
        if instrument is not None:
            screening = Screening(
                episode=family.episode, instrument=instrument, organisation=staff.team.organisation,
                team=staff.team, status=ScreeningStatus.DONE, completed_at=at, by=staff.users[0],
                proposed_level=level, rule_version="synthetisch",
            )  # fmt: skip
            batch.add(screening)
        batch.add(
            LevelDecision(
                episode=family.episode, screening=screening, proposed_level=level, level=level,
                decided_with_client=True, organisation=staff.team.organisation, decided_by=staff.users[0],
                reassess_on=at.date() + timedelta(days=batch.rng.choice((90, 180))),
            )
        )  # fmt: skip
        basis = family.readers[0][1]
        for action, category in (
            ("screening.afronden", DataCategory.SCREENING),
            ("niveau.vastleggen", DataCategory.LEVEL),
        ):
            _log(batch, family, staff, at, event=AccessEvent.CREATE, action=action, basis=basis,
                 detail={"categorieen": [category]})  # fmt: skip
        _timeline(batch, family, staff, "niveau", "Niveau vastgesteld met de cliënt", DataCategory.LEVEL)
        if screening is not None:
            _event(batch, family, K.FAMILY_SCREENED, at)
        _event(batch, family, K.LEVEL_DECIDED, at, niveau=level)

    return _screen


def referrals(batch: Batch, family: Family) -> None:
    """Referrals for families at level ≥ potentieel kwetsbaar, each along a path of the loop."""
    if family.level in ("", L.ZELFREDZAAM):
        return
    count = 2 if batch.rng.random() < SECOND_REFERRAL else 1
    # Distinct themes, so never two open referrals of one family to one organisation for one theme: the
    # COPY / bulk_create load goes through the unique index `referral_one_open_per_theme`.
    needs: list[str] = []
    while len(needs) < count:
        need: str = _pick(batch, NEEDS)
        if need not in needs:
            needs.append(need)
    for need in needs:
        _referral(batch, family, need)


def _referral(batch: Batch, family: Family, need: str) -> None:
    rng, sender = batch.rng, family.midwives
    receiver = rng.choice(family.site.jgz if need in TO_JGZ else family.site.social)
    receiving_org = receiver.team.organisation
    signalled = family.signalled_on or family.start.date()
    at = batch.later(datetime.combine(signalled, family.start.timetz()), max_hours=72)
    wanted = sorted(NEED_CATEGORIES[need])
    consent = Consent(
        episode=family.episode, subject=family.parent, given_by=family.parent,
        receiving_organisation=receiving_org, categories=wanted, purpose=Purpose.REFERRAL, given_on=at.date(),
        method=ConsentMethod.SPOKEN, text=batch.text, recorded_by=sender.users[0],
        recorded_for=sender.team.organisation,
    )  # fmt: skip
    batch.consents.append(consent)
    path, _weight = rng.choices(ENDS, weights=[w for _p, w in ENDS])[0]
    sent = bool(path)
    categories = categories_to_send(need, set(wanted)) if sent else []
    referral = Referral(
        episode=family.episode, coalition=family.site.coalition, need=need, level=family.level,
        route_title=f"Synthetische route {LABEL}", step_title=f"Stap naar {receiving_org.name}",
        intervention_title=f"Hulp bij {Need(need).label.lower()} {LABEL}",
        sender_organisation=sender.team.organisation, sender_team=sender.team, created_by=sender.users[0],
        receiving_organisation=receiving_org, receiving_team=receiver.team, status=S.CONCEPT,
        reason=f"Synthetische verwijzing {LABEL}: hulpvraag gevonden in de screening.",
        message="Verzonnen bericht voor belastingstests.", categories=categories,
        consent=consent if sent else None, expected_days=EXPECTED_DAYS, signalled_on=signalled,
    )  # fmt: skip
    batch.add(referral)
    basis = family.readers[0][1]
    detail = {"verwijzing": str(referral.public_id), "status": S.CONCEPT, "categorieen": categories}
    _log(batch, family, sender, at, event=AccessEvent.CREATE, action="verwijzing.aanmaken", basis=basis,
         detail=detail)  # fmt: skip
    current: str = S.CONCEPT
    reached: dict[str, datetime] = {}
    for step in path:
        at = _advance(batch, referral, at, step)
        reached[step] = at
        side = side_for(current, step)
        staff = sender if side == "verwijzer" else receiver
        batch.add(
            ReferralTransition(referral=referral, from_status=current, to_status=step, side=side or "systeem",
                               by=staff.users[0] if side != "systeem" else None,
                               organisation=staff.team.organisation if side != "systeem" else None,
                               reason=referral.status_reason if step in NEEDS_REASON else "")
        )  # fmt: skip
        action = ACTIONS.get(step, f"verwijzing.{step}")
        log_basis = basis if side != "ontvanger" else f"verwijzing:{referral.public_id}"
        _log(batch, family, staff, at, event=AccessEvent.UPDATE, action=action, basis=log_basis,
             detail={"verwijzing": str(referral.public_id), "status": step, "categorieen": categories,
                     "van": current})  # fmt: skip
        _timeline(batch, family, sender, "verwijzing", TRANSITION_TEXT[step], DataCategory.HANDOVER)
        if step == S.RECEIVED:  # the receiving team opens the limited view
            _log(batch, family, receiver, batch.later(at, max_hours=4), event=AccessEvent.READ,
                 action="verwijzing.bekijken", basis=log_basis,
                 detail={"verwijzing": str(referral.public_id), "categorieen": categories})  # fmt: skip
        if step == S.ACCEPTED:  # acceptance creates the care relation, or reuses the open one
            relation = next(
                (r for r in family.relations if r.team_id == receiver.team.pk and r.ended_at is None), None
            ) or CareRelation(
                episode=family.episode, organisation=receiving_org, team=receiver.team,
                basis=RelationBasis.CONSENT, consent=consent, started_by=staff.users[0],
            )  # fmt: skip
            if relation not in family.relations:
                family.relations.append(relation)
                batch.relations.append(relation)
            referral.relation = relation
            family.readers.append((receiver, f"toestemming:{consent.public_id}", categories))
        current = step
    referral.status = current
    warm = _handover(batch, referral, categories, sender, receiver) if sent else None
    _referral_events(batch, family, referral, reached, warm == WarmHandoverStatus.HELD)


def _referral_events(
    batch: Batch, family: Family, referral: Referral, reached: dict[str, datetime], warm: bool
) -> None:
    """The outbox entries of the steps the referral went through (as `outbox_referral` writes them)."""
    need, signalled = referral.need, referral.signalled_on
    if S.SENT in reached:
        _event(
            batch,
            family,
            K.REFERRAL_SENT,
            reached[S.SENT],
            thema=need,
            toestemming=referral.consent is not None,
        )
    if S.ACCEPTED in reached:
        on_time = (reached[S.ACCEPTED].date() - signalled).days <= EXPECTED_DAYS
        _event(batch, family, K.REFERRAL_ACCEPTED, reached[S.ACCEPTED], thema=need, op_tijd=on_time)
    if S.FIRST_CONTACT in reached:
        days = max(0, (reached[S.FIRST_CONTACT].date() - signalled).days)
        _event(batch, family, K.FIRST_CONTACT, reached[S.FIRST_CONTACT], thema=need, dagen=days, warm=warm)


def _advance(batch: Batch, referral: Referral, at: datetime, step: str) -> datetime:
    """Move the referral's dates and fields to `step` (as the service would) and return when it was."""
    at = batch.later(at, max_hours=HOURS_BEFORE.get(step, 48))
    if step == S.SENT:
        referral.sent_at = at
        referral.due_on = at.date() + timedelta(days=EXPECTED_DAYS)
    elif step == S.RECEIVED:
        referral.received_at = at
    elif step == S.ACCEPTED:
        referral.accepted_at = at
    elif step == S.FIRST_CONTACT:
        referral.first_contact_on = at.date()
    if step in NEEDS_REASON:
        referral.status_reason = f"Verzonnen reden {LABEL}."
    if step == S.COMPLETED:
        referral.outcome = _pick(batch, OUTCOMES)
    if step in CLOSED:
        referral.closed_at = at
    return at


def _handover(
    batch: Batch, referral: Referral, categories: list[str], sender: TeamStaff, receiver: TeamStaff
) -> str | None:
    """The handover set, and for some a warm handover; returns the warm handover's status (or None)."""
    allowed = set(fields_for(categories))
    texts = {
        "contacts": f"{sender.users[0].email} en {receiver.team.organisation.name}",
        "health": "Verzonnen: geen bijzonderheden.", "psychosocial": "Verzonnen: zorgen over geld.",
        "interventions_used": "Verzonnen: nog geen hulp ingezet.", "partner": "Verzonnen: partner betrokken.",
        "obstetric": "Verzonnen: zwangerschap verloopt normaal.", "agreements": "Verzonnen: bellen na 17 uur.",
    }  # fmt: skip
    batch.add(HandoverSet(referral=referral, **{k: v for k, v in texts.items() if k in allowed}))
    if batch.rng.random() >= WARM_HANDOVER:
        return None
    status: str = _pick(batch, WARM_ENDS)
    start = referral.sent_at.date() if referral.sent_at else batch.now.date()
    planned = start + timedelta(days=batch.rng.randint(2, 14))
    batch.add(
        WarmHandover(
            referral=referral, status=status, by=sender.users[0],
            planned_on=planned if status != WarmHandoverStatus.PROPOSED else None,
            held_on=planned if status == WarmHandoverStatus.HELD else None,
            reason="Verzonnen: gezin was ziek." if status == WarmHandoverStatus.NOT_HELD else "",
        )
    )  # fmt: skip
    return status


def home_visits(batch: Batch, family: Family) -> None:
    """JGZ offers the prenatal home visit to families it may see (through the parent's consent). For a
    family already born, the end of the pregnancy enters the outbox here (JGZ in the care team or not)."""
    jgz = [(s, basis) for s, basis, _c in family.readers if s.team.organisation.kind == OrganisationKind.JGZ]
    if family.episode.stage == EpisodeStage.BORN:
        _event(
            batch, family, K.PREGNANCY_ENDED, min(family.start + timedelta(days=30), batch.now), jgz=bool(jgz)
        )
    if not jgz or family.episode.stage == EpisodeStage.WISH or batch.rng.random() >= HOME_VISIT:
        return
    staff, basis = jgz[0]
    status = _pick(batch, VISIT_ENDS)
    at = batch.later(family.start, max_hours=24 * 30)
    planned = at.date() + timedelta(days=batch.rng.randint(3, 21))
    visit = HomeVisit(
        episode=family.episode, organisation=staff.team.organisation, team=staff.team, status=status,
        planned_on=planned if status in (VisitStatus.ACCEPTED, VisitStatus.HELD, VisitStatus.NOT_HELD) else None,
        held_on=planned if status == VisitStatus.HELD else None, by=staff.users[0],
        outcome="Verzonnen: goed gesprek." if status == VisitStatus.HELD else "",
    )  # fmt: skip
    batch.add(visit)
    detail = {"categorieen": [VISIT_CATEGORY], "huisbezoek": str(visit.public_id)}
    _log(batch, family, staff, at, event=AccessEvent.CREATE, action="huisbezoek.aanbieden", basis=basis,
         detail=detail | {"status": VisitStatus.OFFERED})  # fmt: skip
    _event(batch, family, K.VISIT_OFFERED, at)
    if status != VisitStatus.OFFERED:
        changed = batch.later(at, max_hours=24 * 7)
        _log(batch, family, staff, changed, event=AccessEvent.UPDATE,
             action="huisbezoek.wijzigen", basis=basis, detail=detail | {"status": status})  # fmt: skip
        if status in (VisitStatus.HELD, VisitStatus.DECLINED, VisitStatus.NOT_HELD):
            _event(batch, family, K.VISIT_RESOLVED, changed, gehouden=status == VisitStatus.HELD)
