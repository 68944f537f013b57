"""Two professionals of the receiving team accept the same referral at once: exactly one wins, the other
is told "changed by someone else — reload", and nothing is lost or written twice.

On PostgreSQL two threads (each its own connection) really race; on SQLite, which serialises writers on
one file, the same test runs the two accepts one after the other with the same (then stale) version.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from kansrijk.care.context import AccessContext, professional_context
from kansrijk.care.models import AccessLogEntry, CareRelation, Referral, ReferralStatus, ReferralTransition
from kansrijk.care.services.referrals import CHANGED_BY_SOMEONE_ELSE, referral_transition
from tests.care.personas import CareCast, _professional
from tests.care.referral_helpers import referral_in

S = ReferralStatus
Outcome = Referral | Exception


def _accept(ctx: AccessContext, referral: Referral, version: int) -> Outcome:
    try:
        return referral_transition(ctx, referral_id=referral.public_id, version=version, to=S.ACCEPTED)
    except Exception as exc:  # noqa: BLE001 - the test inspects what each side got
        return exc


def _in_thread(target: Callable[[], Outcome], results: list[Outcome]) -> threading.Thread:
    def run() -> None:
        try:
            results.append(target())
        finally:
            connection.close()  # this thread's own connection

    return threading.Thread(target=run)


def _two_professionals(care: CareCast) -> tuple[AccessContext, AccessContext]:
    second = _professional("wijkteam-2@zorgtest.nl", care.social_team)
    return care.ctx(care.social_worker), professional_context(second, team=care.social_team)


def _check_one_winner(referral: Referral, version: int, results: list[Outcome]) -> None:
    wins = [r for r in results if isinstance(r, Referral)]
    losses = [r for r in results if isinstance(r, Exception)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert isinstance(losses[0], ValidationError) and losses[0].messages == [str(CHANGED_BY_SOMEONE_ELSE)]
    referral.refresh_from_db()
    assert (referral.status, referral.version) == (S.ACCEPTED, version + 1)
    assert referral.relation_id == wins[0].relation_id is not None
    assert ReferralTransition.objects.filter(referral=referral, to_status=S.ACCEPTED).count() == 1
    assert CareRelation.objects.filter(episode=referral.episode, team=referral.receiving_team).count() == 1
    assert AccessLogEntry.objects.filter(action="verwijzing.geaccepteerd").count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_accepts_at_once_one_wins(committed: CareCast) -> None:
    care = committed
    referral = referral_in(care, S.RECEIVED)
    version = referral.version
    first, second = _two_professionals(care)
    results: list[Outcome] = []
    if connection.vendor == "postgresql":
        start = threading.Barrier(2)

        def racer(ctx: AccessContext) -> Callable[[], Outcome]:
            def go() -> Outcome:
                start.wait(timeout=10)
                return _accept(ctx, referral, version)

            return go

        threads = [_in_thread(racer(first), results), _in_thread(racer(second), results)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        results = [_accept(first, referral, version), _accept(second, referral, version)]
    _check_one_winner(referral, version, results)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_second_writer_waits_for_the_first_and_then_finds_the_version_changed(
    committed: CareCast,
) -> None:
    """The hard interleaving: B reads the referral while A's accept is not yet committed, so B passes the
    version check and reaches the conditional UPDATE, which waits for A's row lock and then updates
    nothing. (SQLite: B comes after A's commit with the version it showed.)"""
    care = committed
    referral = referral_in(care, S.RECEIVED)
    version = referral.version
    first, second = _two_professionals(care)
    named: dict[str, Outcome] = {}
    if connection.vendor == "postgresql":
        a_written, b_started = threading.Event(), threading.Event()

        def a() -> Outcome:
            with transaction.atomic():
                named["a"] = _accept(first, referral, version)
                a_written.set()
                b_started.wait(timeout=10)
                time.sleep(0.5)  # let B reach the UPDATE and wait on the row lock
            return named["a"]

        def b() -> Outcome:
            a_written.wait(timeout=10)
            b_started.set()
            named["b"] = _accept(second, referral, version)
            return named["b"]

        threads = [_in_thread(a, []), _in_thread(b, [])]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        named = {"a": _accept(first, referral, version), "b": _accept(second, referral, version)}
    assert isinstance(named["a"], Referral) and isinstance(named["b"], ValidationError), named
    _check_one_winner(referral, version, [named["a"], named["b"]])
