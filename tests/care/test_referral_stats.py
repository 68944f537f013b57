"""Time from signal to first contact per klantroute (issue 12), for the monitor: median and p90 on known
data, nothing below 10 referrals with a first contact ("te weinig"), the shares on time, one coalition.

Each open referral of a route is of another family (one open referral per family, organisation and
theme), as in real life: the figures are over families referred along the route."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from kansrijk.care.models import Consent, Referral, ReferralStatus
from kansrijk.care.selectors.referral_stats import MIN_REFERRALS, first_contact_times, percentile
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import coalition_create
from tests.care.personas import CareCast
from tests.care.referral_helpers import consent_for, more_families
from tests.system import TESTS

pytestmark = pytest.mark.django_db
S = ReferralStatus
SIGNAL = date(2026, 3, 2)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _referral(
    care: CareCast,
    consent: Consent,
    *,
    days: int | None,
    route: str = "Route geld",
    need: str = "financien",
    due_in: int | None = 7,
    accepted_after: int | None = None,
    coalition: Coalition | None = None,
    status: str = S.FIRST_CONTACT,
) -> Referral:
    """A referral row of the consent's family, signalled and sent on SIGNAL, with its first contact `days`
    later (None: none yet)."""
    if days is None and status == S.FIRST_CONTACT:
        status = S.ACCEPTED
    return Referral.objects.create(
        episode=consent.episode, coalition=coalition or care.coalition, need=need, route_title=route,
        sender_organisation=care.midwifery, sender_team=care.midwife_team, receiving_organisation=care.social,
        receiving_team=care.social_team, reason="Schulden", status=status,
        categories=["identificatie"] if status != S.CONCEPT else [],
        consent=consent if status != S.CONCEPT else None,
        signalled_on=SIGNAL, sent_at=_at(SIGNAL) if status != S.CONCEPT else None,
        due_on=SIGNAL + timedelta(days=due_in) if due_in is not None else None,
        first_contact_on=SIGNAL + timedelta(days=days) if days is not None else None,
        accepted_at=_at(SIGNAL + timedelta(days=accepted_after)) if accepted_after is not None else None,
    )  # fmt: skip


def _consents(care: CareCast, n: int) -> list[Consent]:
    """The consent for the social team's organisation of each of `n` more families."""
    return [consent_for(care, family=family) for family in more_families(care, n)]


def test_median_and_p90_on_known_data(care: CareCast) -> None:
    consents = _consents(care, 10)
    for days, consent in zip(range(1, 11), consents, strict=True):  # 1..10 days from signal to first contact
        _referral(care, consent, days=days, accepted_after=days - 1 if days <= 8 else 9)
    _referral(care, consents[0], days=None, status=S.CONCEPT)  # a concept was never sent: not counted
    [timing] = first_contact_times(care.coalition, today=SIGNAL + timedelta(days=30))
    assert (timing.need, timing.route_title, timing.referrals, timing.with_first_contact) == (
        "financien", "Route geld", 10, 10,
    )  # fmt: skip
    assert timing.enough and timing.median_days == 5.5
    assert timing.p90_days == pytest.approx(9.1)  # linear interpolation between ranks 9 and 10
    # First contact on or before the due date (7 days): 7 of 10; accepted by then: days 1..8 → 0..7, 8 of 10.
    assert timing.on_time_share == 0.7 and timing.on_time_base == 10
    assert timing.accepted_in_time_share == 0.8 and timing.accepted_in_time_base == 10
    assert timing.text(timing.median_days) == "5.5"


def test_fewer_than_10_first_contacts_give_no_figure(care: CareCast) -> None:
    consents = iter(_consents(care, MIN_REFERRALS - 1 + 5))
    for days in range(1, MIN_REFERRALS):  # 9 with a first contact
        _referral(care, next(consents), days=days, route="Route klein")
    for _ in range(5):  # 5 more sent without a first contact yet: counted, but not in the timing
        _referral(care, next(consents), days=None, route="Route klein")
    [timing] = first_contact_times(care.coalition, today=SIGNAL + timedelta(days=3))
    assert (timing.referrals, timing.with_first_contact) == (14, 9)
    assert not timing.enough and timing.median_days is None and timing.p90_days is None
    assert timing.on_time_share is None  # 9 in its base: too few as well
    assert timing.text(timing.p90_days) == "te weinig"


def test_routes_are_counted_apart_and_other_coalitions_not_at_all(care: CareCast) -> None:
    consents = _consents(care, 10 + 12)
    for days, consent in zip(range(10), consents[:10], strict=True):
        _referral(care, consent, days=days, route="Route geld")
        _referral(care, consent, days=2, route="", need="huisvesting")
    elsewhere = coalition_create(
        name="Elders", slug="elders", municipalities=[care.family.municipality], actor=TESTS
    )
    for consent in consents[10:]:  # 12 families with no open debt-help referral yet
        _referral(care, consent, days=50, route="Route geld", coalition=elsewhere)
    timings = first_contact_times(care.coalition)
    assert [(t.need, t.route_label, t.referrals) for t in timings] == [
        ("financien", "Route geld", 10),
        ("huisvesting", "zonder klantroute", 10),
    ]
    assert timings[0].median_days == 4.5 and timings[1].median_days == 2.0 and timings[1].p90_days == 2.0
    assert [t.referrals for t in first_contact_times(elsewhere)] == [12]


def test_percentile_of_one_value_and_of_known_lists() -> None:
    assert percentile([4], 90) == 4.0
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50) == 5.5
    assert percentile(list(range(1, 101)), 90) == pytest.approx(90.1)
