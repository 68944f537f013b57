"""The monitor's outbox (issue 14): each care service writes exactly its event, with the right attributes,
in its own transaction (a refused or rolled-back write leaves none); "first" only once per family; no
personal data in any column; and the aggregation interface claims, marks and counts (two claims at once
on PostgreSQL never return the same entry)."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.http import Http404
from django.utils import timezone

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.care.aggregation import (
    OutboxEvent,
    SyntheticEvent,
    outbox_add_synthetic,
    outbox_claim,
    outbox_mark_consumed,
    outbox_oldest_pending,
    outbox_pending_count,
)
from kansrijk.care.models import (
    ConsentMethod,
    ConsentText,
    Episode,
    EpisodeStage,
    HomeVisit,
    LegalBasisKind,
    LevelDecision,
    MonitorEventKind,
    OutboxEntry,
    Person,
    Referral,
    ReferralStatus,
    Screening,
    VisitStatus,
    WarmHandoverStatus,
)
from kansrijk.care.services.consent import consent_record, consent_withdraw, legal_basis_invoke
from kansrijk.care.services.episodes import PersonData, child_add, episode_close, family_register
from kansrijk.care.services.referrals import referral_send, referral_transition, warm_handover_update
from kansrijk.care.services.screening import level_decide
from kansrijk.care.services.visits import visit_offer, visit_update
from kansrijk.coalitions.services import coalition_create
from kansrijk.routes.models import VulnerabilityLevel as L
from tests.care.personas import CareCast
from tests.care.referral_helpers import (
    DEFAULT_CATEGORIES,
    concept_referral,
    data_for,
    move,
    receiver_of,
    referral_in,
    sent_referral,
)
from tests.care.test_screening import finished
from tests.system import TESTS

K = MonitorEventKind
S = ReferralStatus


def events(kind: str) -> list[OutboxEntry]:
    return list(OutboxEntry.objects.filter(kind=kind).order_by("id"))


def attrs(kind: str) -> list[dict[str, object]]:
    return [e.attrs for e in events(kind)]


# --- registering, the pregnancy's end ------------------------------------------------------------------


def test_registering_writes_one_event_with_the_stage_and_the_place(care: CareCast) -> None:
    # The cast registered two pregnant families.
    entries = events(K.FAMILY_REGISTERED)
    assert [e.attrs for e in entries] == [{"fase": "zwanger"}, {"fase": "zwanger"}]
    utrecht = Area.objects.get(code="GM0344")
    for entry in entries:
        assert (entry.coalition_id, entry.municipality_id, entry.wijk_id) == (
            care.coalition.pk,
            utrecht.pk,
            None,
        )
        assert entry.is_synthetic and entry.consumed_at is None
    wijk = Area.objects.filter(parent=utrecht, level=AreaLevel.WIJK).order_by("code").first()
    assert wijk is not None
    family_register(
        care.ctx(care.midwife), coalition=care.coalition, municipality=utrecht, wijk=wijk,
        stage=EpisodeStage.WISH, persons=[PersonData(role="ouder", given_name="Wies")],
    )  # fmt: skip
    latest = events(K.FAMILY_REGISTERED)[-1]
    assert (latest.attrs, latest.wijk_id, latest.is_synthetic) == ({"fase": "kinderwens"}, wijk.pk, False)


def test_a_refused_registration_writes_no_event(care: CareCast) -> None:
    before = OutboxEntry.objects.count()
    elsewhere = Area.objects.get(code="GM0363")  # Amsterdam: not in the coalition
    with pytest.raises(ValidationError):
        family_register(
            care.ctx(care.midwife), coalition=care.coalition, municipality=elsewhere,
            stage=EpisodeStage.WISH, persons=[PersonData(role="ouder", given_name="Wies")],
        )  # fmt: skip
    with pytest.raises(ValidationError):  # an invalid BSN fails after the episode was created
        family_register(
            care.ctx(care.midwife), coalition=care.coalition, municipality=Area.objects.get(code="GM0344"),
            stage=EpisodeStage.WISH, persons=[PersonData(role="ouder", given_name="Wies", bsn="123456789")],
        )  # fmt: skip
    assert OutboxEntry.objects.count() == before


def test_the_event_is_part_of_the_services_transaction(care: CareCast) -> None:
    """Rolled back with the caller's transaction: nothing is written beside it (no second connection)."""
    before = OutboxEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        child_add(care.ctx(care.midwife), episode_id=care.family.public_id, given_name="Kees",
                  birth_date=timezone.localdate())  # fmt: skip
        assert OutboxEntry.objects.count() == before + 1
        raise RuntimeError("terugdraaien")
    assert OutboxEntry.objects.count() == before
    assert Episode.objects.get(pk=care.family.pk).stage == EpisodeStage.PREGNANT


def test_birth_ends_the_pregnancy_without_jgz(care: CareCast) -> None:
    midwife = care.ctx(care.midwife)
    child_add(midwife, episode_id=care.family.public_id, given_name="Kees", birth_date=timezone.localdate())
    assert attrs(K.PREGNANCY_ENDED) == [{"jgz": False}]
    # Refused: no second child from stage "geboren"; another team gets a 404.
    with pytest.raises(ValidationError):
        child_add(
            midwife, episode_id=care.family.public_id, given_name="Kim", birth_date=timezone.localdate()
        )
    with pytest.raises(Http404):
        child_add(care.ctx(care.social_worker), episode_id=care.other_family.public_id, given_name="Kim",
                  birth_date=timezone.localdate())  # fmt: skip
    assert len(events(K.PREGNANCY_ENDED)) == 1


def test_pregnancy_end_counts_only_a_live_jgz_relation(care: CareCast) -> None:
    midwife = care.ctx(care.midwife)
    care.share_with_nurse()  # the JGZ team Noord joins the family's care team
    child_add(midwife, episode_id=care.family.public_id, given_name="Kees", birth_date=timezone.localdate())
    assert attrs(K.PREGNANCY_ENDED) == [{"jgz": True}]
    # The other family: consent to JGZ given and withdrawn → no live JGZ relation.
    parent = care.other_family.persons.get(role="ouder")
    withdrawn = consent_record(
        midwife, episode_id=care.other_family.public_id, subject=parent, given_by=parent,
        receiving_team=care.nurse_team, categories=["identificatie"], purpose="verwijzing",
        given_on=timezone.localdate(), method=ConsentMethod.SPOKEN, text=ConsentText.objects.get(version=1),
    )  # fmt: skip
    consent_withdraw(midwife, consent=withdrawn)
    episode_close(midwife, episode_id=care.other_family.public_id, reason="Verhuisd")
    assert attrs(K.PREGNANCY_ENDED) == [{"jgz": True}, {"jgz": False}]


def test_closing_ends_a_pregnancy_only_while_pregnant(care: CareCast) -> None:
    midwife = care.ctx(care.midwife)
    child_add(midwife, episode_id=care.family.public_id, given_name="Kees", birth_date=timezone.localdate())
    care.share_with_nurse()
    with pytest.raises(PermissionDenied, match="eigen relatie"):  # JGZ works on consent: may not close
        episode_close(care.ctx(care.nurse), episode_id=care.family.public_id, reason="Kind is twee")
    episode_close(midwife, episode_id=care.family.public_id, reason="Kind is twee")  # born: no event
    assert len(events(K.PREGNANCY_ENDED)) == 1
    # Refused: another team may not close (404 without a relation), an empty reason is refused.
    with pytest.raises(Http404):
        episode_close(care.ctx(care.social_worker), episode_id=care.other_family.public_id, reason="x")
    with pytest.raises(ValidationError):
        episode_close(midwife, episode_id=care.other_family.public_id, reason=" ")
    assert len(events(K.PREGNANCY_ENDED)) == 1
    episode_close(midwife, episode_id=care.other_family.public_id, reason="Verhuisd")
    assert attrs(K.PREGNANCY_ENDED) == [{"jgz": False}, {"jgz": False}]


# --- screening and level: the first only ---------------------------------------------------------------


def test_only_the_first_finished_screening_and_level_decision_count(care: CareCast) -> None:
    ctx = care.ctx(care.midwife)
    first = finished(care)
    assert attrs(K.FAMILY_SCREENED) == [{}]
    level_decide(ctx, episode_id=care.family.public_id, level=first.proposed_level, decided_with_client=True)
    assert attrs(K.LEVEL_DECIDED) == [{"niveau": first.proposed_level}]
    finished(care, **{"w-schulden": "ja"})
    other = L.ZEER_KWETSBAAR if first.proposed_level != L.ZEER_KWETSBAAR else L.KWETSBAAR
    level_decide(ctx, episode_id=care.family.public_id, level=other, decided_with_client=True, reason="Samen")
    assert len(events(K.FAMILY_SCREENED)) == 1 and len(events(K.LEVEL_DECIDED)) == 1
    # Refused: a level not decided with the client; a team without a relation gets a 404.
    with pytest.raises(ValidationError):
        level_decide(
            ctx, episode_id=care.other_family.public_id, level=L.KWETSBAAR, decided_with_client=False
        )
    with pytest.raises(Http404):
        level_decide(care.ctx(care.social_worker), episode_id=care.family.public_id, level=L.KWETSBAAR,
                     decided_with_client=True)  # fmt: skip
    assert len(events(K.LEVEL_DECIDED)) == 1


# --- referrals: sent, accepted (on time?), first contact (days, warm) -----------------------------------


def test_sent_accepted_and_first_contact_on_consent_along_a_route(care: CareCast) -> None:
    referral = sent_referral(care, days=7)
    assert attrs(K.REFERRAL_SENT) == [{"thema": "financien", "toestemming": True}]
    receiver = receiver_of(care, referral)
    move(receiver, referral, S.RECEIVED)
    assert events(K.REFERRAL_ACCEPTED) == []
    move(receiver, referral, S.ACCEPTED)
    assert attrs(K.REFERRAL_ACCEPTED) == [{"thema": "financien", "op_tijd": True}]
    # The warm handover was held; the first contact came five days after the signal.
    today = timezone.localdate()
    for status, held_on in ((WarmHandoverStatus.PLANNED, None), (WarmHandoverStatus.HELD, today)):
        referral.refresh_from_db()
        warm_handover_update(receiver, referral_id=referral.public_id, version=referral.version, status=status,
                             planned_on=today, held_on=held_on)  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(signalled_on=timezone.localdate() - timedelta(days=5))
    move(receiver, referral, S.FIRST_CONTACT, **data_for(S.FIRST_CONTACT))
    assert attrs(K.FIRST_CONTACT) == [{"thema": "financien", "dagen": 5, "warm": True}]
    move(receiver, referral, S.COMPLETED, **data_for(S.COMPLETED))
    assert (
        OutboxEntry.objects.filter(kind__in=[K.REFERRAL_SENT, K.REFERRAL_ACCEPTED, K.FIRST_CONTACT]).count()
        == 3
    )


def test_late_acceptance_no_route_days_and_a_cold_first_contact(care: CareCast) -> None:
    late = referral_in(care, S.RECEIVED)
    Referral.objects.filter(pk=late.pk).update(signalled_on=timezone.localdate() - timedelta(days=8))
    move(receiver_of(care, late), late, S.ACCEPTED)
    # Without a route step the route named no days: "on time" is unknown, not false.
    no_days = sent_referral(care, need="huisvesting", with_route=False)
    receiver = receiver_of(care, no_days)
    for step in (S.RECEIVED, S.ACCEPTED, S.FIRST_CONTACT):
        move(receiver, no_days, step, **data_for(step))
    assert attrs(K.REFERRAL_ACCEPTED) == [
        {"thema": "financien", "op_tijd": False},
        {"thema": "huisvesting", "op_tijd": None},
    ]
    assert attrs(K.FIRST_CONTACT) == [{"thema": "huisvesting", "dagen": 0, "warm": False}]


def test_a_referral_on_a_legal_basis_is_sent_without_consent(care: CareCast) -> None:
    midwife = care.ctx(care.midwife)
    legal_basis_invoke(midwife, episode_id=care.family.public_id, kind=LegalBasisKind.MELDCODE,
                       receiving_team=care.social_team, categories=DEFAULT_CATEGORIES, reason="Zorgen")  # fmt: skip
    referral = concept_referral(care, need="huiselijk_geweld")
    referral_send(midwife, referral_id=referral.public_id, version=referral.version)
    assert attrs(K.REFERRAL_SENT) == [{"thema": "huiselijk_geweld", "toestemming": False}]


def test_refused_referral_moves_write_nothing(care: CareCast) -> None:
    referral = concept_referral(care)  # no consent for the social team yet
    with pytest.raises(ValidationError):
        referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    sent = sent_referral(care, need="psychisch")
    move(receiver_of(care, sent), sent, S.RECEIVED)
    with pytest.raises(PermissionDenied):  # the sender may not accept its own referral
        move(care.ctx(care.midwife), sent, S.ACCEPTED)
    with pytest.raises(Http404):  # a team that is not part of it
        move(care.ctx(care.colleague), sent, S.ACCEPTED)
    sent.refresh_from_db()
    with pytest.raises(ValidationError):  # a stale version
        referral_transition(receiver_of(care, sent), referral_id=sent.public_id, version=sent.version - 1,
                            to=S.ACCEPTED)  # fmt: skip
    assert attrs(K.REFERRAL_SENT) == [{"thema": "psychisch", "toestemming": True}]
    assert events(K.REFERRAL_ACCEPTED) == []


# --- home visits ------------------------------------------------------------------------------------------


def test_visit_offered_and_resolved(care: CareCast) -> None:
    care.share_with_nurse()
    nurse = care.ctx(care.nurse)
    with pytest.raises(PermissionDenied):  # only JGZ offers a visit
        visit_offer(care.ctx(care.midwife), episode_id=care.family.public_id)
    assert events(K.VISIT_OFFERED) == []
    held = visit_offer(nurse, episode_id=care.family.public_id)
    declined = visit_offer(nurse, episode_id=care.family.public_id)
    assert attrs(K.VISIT_OFFERED) == [{}, {}]
    family = care.family.public_id
    visit_update(nurse, episode_id=family, visit_id=held.public_id, status=VisitStatus.ACCEPTED)
    visit_update(nurse, episode_id=family, visit_id=held.public_id, status=VisitStatus.ACCEPTED)  # no change
    assert events(K.VISIT_RESOLVED) == []
    with pytest.raises(ValidationError):  # held without a date
        visit_update(nurse, episode_id=family, visit_id=held.public_id, status=VisitStatus.HELD)
    with pytest.raises(PermissionDenied):  # only the team that offered it changes it
        visit_update(care.ctx(care.midwife), episode_id=family, visit_id=held.public_id, status=VisitStatus.HELD,
                     held_on=timezone.localdate())  # fmt: skip
    visit_update(nurse, episode_id=family, visit_id=held.public_id, status=VisitStatus.HELD,
                 held_on=timezone.localdate())  # fmt: skip
    visit_update(nurse, episode_id=family, visit_id=declined.public_id, status=VisitStatus.DECLINED)
    assert attrs(K.VISIT_RESOLVED) == [{"gehouden": True}, {"gehouden": False}]


# --- no personal data ---------------------------------------------------------------------------------------

ALLOWED_ATTRS: dict[str, set[str]] = {
    K.FAMILY_REGISTERED: {"fase"}, K.FAMILY_SCREENED: set(), K.LEVEL_DECIDED: {"niveau"},
    K.REFERRAL_SENT: {"thema", "toestemming"}, K.REFERRAL_ACCEPTED: {"thema", "op_tijd"},
    K.FIRST_CONTACT: {"thema", "dagen", "warm"}, K.PREGNANCY_ENDED: {"jgz"}, K.VISIT_OFFERED: set(),
    K.VISIT_RESOLVED: {"gehouden"},
}  # fmt: skip


def test_the_outbox_holds_no_personal_data(care: CareCast) -> None:
    # Every kind of event once, on a family with a BSN, an e-mail address and a phone number.
    Person.objects.filter(episode=care.family, role="ouder").update(
        email="roos@example.org", phone="0612345678"
    )
    finished(care)
    level_decide(care.ctx(care.midwife), episode_id=care.family.public_id, level=L.KWETSBAAR,
                 decided_with_client=True, reason="Samen besloten")  # fmt: skip
    referral = referral_in(care, S.FIRST_CONTACT)
    care.share_with_nurse()
    visit = visit_offer(care.ctx(care.nurse), episode_id=care.family.public_id)
    visit_update(care.ctx(care.nurse), episode_id=care.family.public_id, visit_id=visit.public_id,
                 status=VisitStatus.DECLINED)  # fmt: skip
    child_add(care.ctx(care.midwife), episode_id=care.family.public_id, given_name="Kees",
              birth_date=timezone.localdate())  # fmt: skip
    assert set(OutboxEntry.objects.values_list("kind", flat=True)) == set(K.values)

    columns = {f.column for f in OutboxEntry._meta.concrete_fields}
    assert columns == {"id", "kind", "occurred_at", "coalition_id", "municipality_id", "wijk_id", "attrs",
                       "is_synthetic", "consumed_at"}  # fmt: skip
    secrets = {str(care.family.public_id), str(care.other_family.public_id), str(referral.public_id),
               str(visit.public_id), "Roos", "Reuring", "Rik", "Kees", "roos@example.org", "0612345678",
               "3511AB"}  # fmt: skip
    for row in OutboxEntry.objects.values():
        assert set(row["attrs"]) == ALLOWED_ATTRS[row["kind"]], row
        text = json.dumps(row, default=str)
        assert not [s for s in secrets if s in text], row
        # No value in attrs is an identifier of anything: booleans, small numbers, codes of the enums.
        for value in row["attrs"].values():
            assert (
                value is None or isinstance(value, bool | int) or (isinstance(value, str) and len(value) < 30)
            )


# --- the aggregation interface ------------------------------------------------------------------------------


def test_claim_mark_and_count(care: CareCast) -> None:
    pending = outbox_pending_count()
    assert pending == OutboxEntry.objects.count() == 2  # the cast's two registrations
    oldest = OutboxEntry.objects.order_by("occurred_at").first()
    assert oldest is not None and outbox_oldest_pending() == oldest.occurred_at
    with transaction.atomic():
        first = outbox_claim(limit=1)
        assert len(first) == 1 and isinstance(first[0], OutboxEvent)
        event = first[0]
        assert (event.kind, event.municipality, event.wijk, event.coalition_id, event.is_synthetic) == (
            K.FAMILY_REGISTERED, "GM0344", "", care.coalition.pk, True,
        )  # fmt: skip
        assert dict(event.attrs) == {"fase": "zwanger"}
        outbox_mark_consumed([event.id])
    assert outbox_pending_count() == 1
    with transaction.atomic():
        rest = outbox_claim()
        assert [e.id for e in rest] == [e.id for e in events(K.FAMILY_REGISTERED)][1:]
        outbox_mark_consumed([e.id for e in rest])
    assert outbox_pending_count() == 0 and outbox_oldest_pending() is None
    assert outbox_claim() == []
    outbox_mark_consumed([])  # nothing to do


def test_a_rolled_back_consumer_leaves_the_events_pending(care: CareCast) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox_mark_consumed([e.id for e in outbox_claim()])
        raise RuntimeError("tellen mislukt")
    assert outbox_pending_count() == 2


def test_synthetic_events_in_bulk(care: CareCast) -> None:
    utrecht = Area.objects.get(code="GM0344")
    at = timezone.now() - timedelta(days=40)
    made = outbox_add_synthetic(
        SyntheticEvent(kind=K.FIRST_CONTACT, occurred_at=at + timedelta(minutes=i), coalition_id=care.coalition.pk,
                       municipality_id=utrecht.pk, attrs={"thema": "financien", "dagen": i, "warm": False})
        for i in range(25)
    )  # fmt: skip
    assert made == 25 and OutboxEntry.objects.filter(kind=K.FIRST_CONTACT, is_synthetic=True).count() == 25
    assert outbox_oldest_pending() == at
    with pytest.raises(ValueError, match="Onbekende soort"):
        outbox_add_synthetic([SyntheticEvent(kind="gezin_gezien", occurred_at=at, coalition_id=care.coalition.pk,
                                             municipality_id=utrecht.pk)])  # fmt: skip
    assert outbox_pending_count() == 27


# --- the synthetic national seed ------------------------------------------------------------------------------


def test_the_synthetic_seed_fills_the_outbox_like_the_services_would(db: None) -> None:
    out = StringIO()
    call_command("seed_scale", "--families", "120", "--coalities", "2", "--ja-synthetisch", stdout=out,
                 verbosity=0)  # fmt: skip
    entries = OutboxEntry.objects.all()
    assert entries.exists() and not entries.filter(is_synthetic=False).exists()
    assert not entries.filter(consumed_at__isnull=False).exists()
    count = {kind: entries.filter(kind=kind).count() for kind in K.values}
    episodes = Episode.objects.filter(is_synthetic=True)
    assert count[K.FAMILY_REGISTERED] == episodes.count() == 120
    assert count[K.FAMILY_SCREENED] == Screening.objects.count() > 0
    assert count[K.LEVEL_DECIDED] == LevelDecision.objects.count()
    referrals = Referral.objects.all()
    assert count[K.REFERRAL_SENT] == referrals.filter(sent_at__isnull=False).count() > 0
    assert count[K.REFERRAL_ACCEPTED] == referrals.filter(accepted_at__isnull=False).count()
    assert count[K.FIRST_CONTACT] == referrals.filter(first_contact_on__isnull=False).count()
    assert count[K.VISIT_OFFERED] == HomeVisit.objects.count()
    resolved = [VisitStatus.HELD, VisitStatus.DECLINED, VisitStatus.NOT_HELD]
    assert count[K.VISIT_RESOLVED] == HomeVisit.objects.filter(status__in=resolved).count()
    assert count[K.PREGNANCY_ENDED] == episodes.filter(stage=EpisodeStage.BORN).count()
    # Each entry sits where its family is (coalition and municipality), with its kind's attributes only.
    places = set(episodes.values_list("coalition_id", "municipality_id"))
    assert set(entries.values_list("coalition_id", "municipality_id")) <= places
    for row in entries.values("kind", "attrs"):
        assert set(row["attrs"]) == ALLOWED_ATTRS[row["kind"]], row


# --- two consumers at once ------------------------------------------------------------------------------------


def _claim_in_thread(started: threading.Barrier, done: threading.Event, out: list[list[int]]) -> None:
    try:
        with transaction.atomic():
            started.wait(timeout=10)
            out.append([e.id for e in outbox_claim(limit=30)])
            done.wait(timeout=10)  # hold the locks until the other claimed too
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_claims_at_once_never_take_the_same_entry() -> None:
    """PostgreSQL: two transactions on two connections claim at the same time (SKIP LOCKED); SQLite, which
    has one writer, claims and marks one after the other: in both, no entry goes to both."""
    municipality = Area.objects.create(code="GM9901", name="Proefgemeente", level=AreaLevel.MUNICIPALITY)
    coalition = coalition_create(
        name="Claimcoalitie", slug="claim", municipalities=[municipality], actor=TESTS
    )
    at = timezone.now()
    outbox_add_synthetic(
        SyntheticEvent(kind=K.VISIT_OFFERED, occurred_at=at, coalition_id=coalition.pk,
                       municipality_id=municipality.pk)
        for _ in range(50)
    )  # fmt: skip
    claims: list[list[int]] = []
    if connection.vendor == "postgresql":
        started, done = threading.Barrier(2), threading.Event()
        threads = [threading.Thread(target=_claim_in_thread, args=(started, done, claims)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for _ in range(200):
            if len(claims) == 2:
                break
            time.sleep(0.05)
        done.set()
        for thread in threads:
            thread.join(timeout=10)
        assert outbox_pending_count() == 50  # nobody marked anything
    else:
        for _ in range(2):
            with transaction.atomic():
                ids = [e.id for e in outbox_claim(limit=30)]
                outbox_mark_consumed(ids)
            claims.append(ids)
    assert sorted(len(c) for c in claims) == [20, 30]  # the second took what the first had not locked
    first, second = claims
    assert not set(first) & set(second)
    assert len(first) + len(second) == 50 and sorted(first + second) == sorted(
        OutboxEntry.objects.values_list("id", flat=True)
    )
