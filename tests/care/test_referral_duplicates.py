"""One open referral per family, receiving organisation and theme (issue 12: no duplicate referrals).

The professional is told why at once (creating a concept) and again when sending an older concept; the
database constraint `referral_one_open_per_theme` holds when two sends race (on PostgreSQL two threads
really race; on SQLite, which serialises writers, the second send comes after the first); a closed
referral or another theme does not count. A FHIR bundle that would make a duplicate is refused with an
OperationOutcome and stores nothing."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from fhir.resources.R4B.operationoutcome import OperationOutcome

from kansrijk.care.models import (
    OPEN_STATUSES,
    AccessLogEntry,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    ReferralTransition,
)
from kansrijk.care.referral_states import CLOSED
from kansrijk.care.services.clients import client_create
from kansrijk.care.services.referrals import ALREADY_OPEN, referral_send
from tests.care.personas import CareCast
from tests.care.referral_helpers import concept_referral, consent_for, move, referral_in, sent_referral
from tests.care.test_fhir_referral import _admin, _counts, _export, _sent
from tests.concurrency import run_together

S = ReferralStatus


def test_open_statuses_are_the_sent_ones_that_are_not_closed() -> None:
    assert set(OPEN_STATUSES) == set(S.values) - set(CLOSED) - {S.CONCEPT}


def test_a_second_referral_for_the_same_theme_and_organisation_is_refused(care: CareCast) -> None:
    first = sent_referral(care)
    with pytest.raises(ValidationError) as refused:
        concept_referral(care)
    assert refused.value.message_dict == {"receiving_team": [str(ALREADY_OPEN)]}
    assert Referral.objects.filter(episode=care.family).count() == 1
    # Another theme to the same organisation is a referral of its own.
    other = concept_referral(care, need="huisvesting")
    assert other.need != first.need


def test_an_older_concept_cannot_be_sent_once_one_is_open(care: CareCast) -> None:
    consent_for(care, care.social, ["identificatie", "niveau", "sociaal", "overdracht"])
    older = concept_referral(care)
    sent_referral(care)  # a colleague sent one in the meantime
    with pytest.raises(ValidationError, match="Er loopt al een verwijzing"):
        move(care.ctx(care.midwife), older, S.SENT)
    older.refresh_from_db()
    assert older.status == S.CONCEPT


@pytest.mark.parametrize("closed", [S.REJECTED, S.WITHDRAWN, S.COMPLETED])
def test_after_a_closed_referral_the_family_can_be_referred_again(care: CareCast, closed: str) -> None:
    referral_in(care, closed)
    again = sent_referral(care)
    assert again.status == S.SENT


def test_the_database_refuses_a_duplicate_the_services_did_not_see(care: CareCast) -> None:
    first = sent_referral(care)
    second = concept_referral(care, need="huisvesting")
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.filter(pk=second.pk).update(need=first.need, status=S.SENT, sent_at=first.sent_at,
                                                     categories=first.categories, consent=first.consent)  # fmt: skip


# --- two sends at once -------------------------------------------------------------------------------------


def _send(care: CareCast, referral: Referral) -> Referral | Exception:
    try:
        return referral_send(care.ctx(care.midwife), referral_id=referral.public_id, version=referral.version)
    except Exception as exc:  # noqa: BLE001 - the test inspects what each side got
        return exc


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return bool(row and row[0])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sends_at_once_the_database_refuses_the_second(committed: CareCast) -> None:
    """Two concepts of one family for one theme to one organisation, sent at the same moment (two tabs,
    two colleagues). On PostgreSQL B passes the service's check while A's send is not yet committed, waits
    on the unique index, and gets the IntegrityError, which the service turns into ALREADY_OPEN."""
    care = committed
    consent_for(care)
    a_concept, b_concept = concept_referral(care), concept_referral(care)
    named: dict[str, Referral | Exception] = {}
    if connection.vendor == "postgresql":
        a_written, b_started = threading.Event(), threading.Event()

        def a() -> None:
            try:
                with transaction.atomic():
                    named["a"] = _send(care, a_concept)
                    a_written.set()
                    b_started.wait(timeout=10)
                    deadline = time.monotonic() + 10
                    while not _waiting_on_a_lock() and time.monotonic() < deadline:
                        time.sleep(0.02)  # until B's UPDATE waits on A's index entry
            finally:
                connection.close()

        def b() -> None:
            try:
                a_written.wait(timeout=10)
                b_started.set()
                named["b"] = _send(care, b_concept)
            finally:
                connection.close()

        run_together(a, b)
    else:
        named = {"a": _send(care, a_concept), "b": _send(care, b_concept)}
    assert isinstance(named["a"], Referral) and isinstance(named["b"], ValidationError), named
    assert named["b"].messages == [str(ALREADY_OPEN)]
    if connection.vendor == "postgresql":  # the database, not the service's check, refused it
        assert isinstance(named["b"].__cause__, IntegrityError)
    a_concept.refresh_from_db()
    b_concept.refresh_from_db()
    assert (a_concept.status, b_concept.status) == (S.SENT, S.CONCEPT)
    assert b_concept.sent_at is None and b_concept.version == 1
    assert not ReferralTransition.objects.filter(referral=b_concept).exists()
    sent = AccessLogEntry.objects.filter(action="verwijzing.versturen")
    assert [e.detail["verwijzing"] for e in sent] == [str(a_concept.public_id)]


# --- FHIR import --------------------------------------------------------------------------------------------


def test_an_imported_bundle_for_a_theme_already_open_is_refused_and_stores_nothing(
    client: Client, care: CareCast
) -> None:
    """The midwifery practice's own system sends the family (matched by name and birth date) to the social
    team for debt help, while Kansrijk already has that referral open: 422, an OperationOutcome, nothing
    stored (not the consent, not the log entry of the match)."""
    Person.objects.filter(episode=care.family, role=PersonRole.PARENT).update(birth_date=date(1995, 3, 4))
    data = _export(care, _sent(care))
    data["entry"][0]["resource"]["identifier"] = [{"system": "urn:test", "value": "dubbel"}]  # a new Task
    _client, token = client_create(
        organisation=care.midwifery, name="VK-systeem", actor=_admin(care.midwifery)
    )
    before = _counts()
    response = client.post(
        "/api/v1/zorg/fhir",
        json.dumps(data),
        content_type="application/fhir+json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/fhir+json")
    OperationOutcome.model_validate_json(response.content)  # a valid FHIR OperationOutcome
    [issue] = json.loads(response.content)["issue"]
    assert (issue["severity"], issue["code"]) == ("error", "business-rule")
    assert str(ALREADY_OPEN) in issue["diagnostics"]
    assert _counts() == before
