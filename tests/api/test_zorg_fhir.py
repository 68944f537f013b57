"""/api/v1/zorg/fhir over HTTP (issue 12): the public CapabilityStatement, reading a referral's Task as a
system client of the sending or receiving organisation or as a professional who sees it, and POSTing a
transaction Bundle with a system client's bearer token. Every refusal is an OperationOutcome."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B.capabilitystatement import CapabilityStatement
from fhir.resources.R4B.operationoutcome import OperationOutcome
from fhir.resources.R4B.task import Task

from kansrijk.accounts.models import Organisation
from kansrijk.care.models import AccessLogEntry, Consent, Episode, Referral, ReferralStatus
from kansrijk.care.services.clients import client_create, client_revoke
from tests.care.personas import CareCast, make_care_cast
from tests.care.referral_helpers import sent_referral
from tests.care.test_fhir_referral import _admin, _as_sent_by, _export

pytestmark = pytest.mark.django_db

BASE = "/api/v1/zorg/fhir"


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Referral, Episode, Consent, AccessLogEntry))


def _refused(response: Any, status: int) -> str:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/fhir+json")
    outcome = OperationOutcome.model_validate_json(response.content)
    assert outcome.issue[0].severity == "error"
    return str(outcome.issue[0].diagnostics)


def _bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()


@pytest.fixture
def referral(care: CareCast) -> Referral:
    Organisation.objects.filter(pk=care.social.pk).update(agb="01234567")
    return sent_referral(care, handover={"contacts": "Verloskundige Oost"})


def test_metadata_is_public_and_valid(client: Client) -> None:
    response = client.get(f"{BASE}/metadata")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/fhir+json")
    statement = CapabilityStatement.model_validate_json(response.content)
    assert statement.fhirVersion == "4.3.0"
    assert statement.rest[0].resource[0].type == "Task"


def test_task_for_the_sending_and_receiving_organisations_clients(
    client: Client, care: CareCast, referral: Referral
) -> None:
    url = f"{BASE}/Task/{referral.public_id}"
    _sender, sender_token = client_create(
        organisation=care.midwifery, name="VK", actor=_admin(care.midwifery)
    )
    _receiver, receiver_token = client_create(organisation=care.social, name="ST", actor=_admin(care.social))
    for token in (sender_token, receiver_token):
        response = client.get(url, **_bearer(token))
        assert response.status_code == 200, response.content[:300]
        task = Task.model_validate_json(response.content)
        assert task.status == "requested" and task.businessStatus.coding[0].code == "verstuurd"
    entries = AccessLogEntry.objects.filter(action="verwijzing.fhir")
    assert entries.count() == 2 and all(e.user_label.startswith("koppeling: ") for e in entries)


def test_task_is_404_for_a_third_organisations_client_and_other_teams(
    client: Client, care: CareCast, referral: Referral
) -> None:
    url = f"{BASE}/Task/{referral.public_id}"
    _jgz, token = client_create(organisation=care.jgz, name="JGZ", actor=care.org_admin)
    _refused(client.get(url, **_bearer(token)), 404)
    _refused(client.get(f"{BASE}/Task/00000000-0000-4000-8000-000000000000", **_bearer(token)), 404)
    for persona in ("nurse", "colleague", "coordinator", "national", "org_admin", "parent", "platform_admin"):
        client.force_login(getattr(care, persona))
        _refused(client.get(url), 404)
    client.force_login(care.midwife)
    assert client.get(url).status_code == 200
    client.force_login(care.social_worker)
    assert client.get(url).status_code == 200


def test_task_without_or_with_a_bad_token_is_401(client: Client, care: CareCast, referral: Referral) -> None:
    url = f"{BASE}/Task/{referral.public_id}"
    assert "Log in" in _refused(client.get(url), 401)
    made, token = client_create(organisation=care.social, name="ST", actor=_admin(care.social))
    _refused(client.get(url, **_bearer(token + "x")), 401)
    _refused(client.get(url, **_bearer("kr_0000000000000000.geheim")), 401)
    client_revoke(client=made, actor=made.created_by)
    response = client.get(url, **_bearer(token))
    _refused(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_post_creates_and_sends_the_referral(care: CareCast, referral: Referral) -> None:
    http = Client(enforce_csrf_checks=True)
    bundle = _as_sent_by(_export(care, referral), care.jgz)
    _made, token = client_create(organisation=care.jgz, name="JGZ-dossier", actor=care.org_admin)
    response = http.post(BASE, json.dumps(bundle), content_type="application/fhir+json", **_bearer(token))
    assert response.status_code == 201, response.content[:500]
    task = Task.model_validate_json(response.content)
    created = Referral.objects.get(public_id=task.id)
    assert created.status == ReferralStatus.SENT and created.sender_organisation == care.jgz
    assert response["Location"].endswith(f"/api/v1/zorg/fhir/Task/{created.public_id}")
    # The receiving team sees it at once (limited view), through its session.
    http.force_login(care.social_worker)
    assert http.get(f"{BASE}/Task/{created.public_id}").status_code == 200


def test_post_refusals_store_nothing(client: Client, care: CareCast, referral: Referral) -> None:
    bundle = _as_sent_by(_export(care, referral), care.jgz)
    body = json.dumps(bundle)
    as_other = _export(care, referral)  # names the midwifery practice as requester
    made, token = client_create(organisation=care.jgz, name="JGZ-dossier", actor=care.org_admin)
    before = _counts()
    _refused(client.post(BASE, body, content_type="application/fhir+json"), 401)
    client.force_login(care.nurse)  # a session is not enough to send: only a system client
    _refused(client.post(BASE, body, content_type="application/fhir+json"), 401)
    client.logout()
    _refused(
        client.post(BASE, body, content_type="application/fhir+json", **_bearer("kr_1234567890abcdef.x")), 401
    )
    _refused(client.post(BASE, "{kapot", content_type="application/fhir+json", **_bearer(token)), 400)
    no_consent = {
        **bundle,
        "entry": [e for e in bundle["entry"] if e["resource"]["resourceType"] != "Consent"],
    }
    message = _refused(
        client.post(BASE, json.dumps(no_consent), content_type="application/fhir+json", **_bearer(token)), 422
    )
    assert "toestemming" in message
    _refused(
        client.post(BASE, json.dumps(as_other), content_type="application/fhir+json", **_bearer(token)), 403
    )
    assert _counts() == before
    client_revoke(client=made, actor=care.org_admin)
    _refused(client.post(BASE, body, content_type="application/fhir+json", **_bearer(token)), 401)
    assert _counts() == before
