"""FHIR in and out (issue 12): a referral exports as Task + ServiceRequest + Patient (+ Consent) that
fhir.resources validates; the export re-imported by another organisation's system client gives a referral
with the same content; malformed or unauthorised bundles are refused with nothing stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.http import Http404
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.task import Task

from kansrijk.accounts.models import Organisation, OrganisationKind
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.areas.models import Area
from kansrijk.care.fhir_referral import referral_bundle, referral_task
from kansrijk.care.fhir_referral_import import BundleRefused, import_bundle
from kansrijk.care.models import (
    AccessLogEntry,
    CareRelation,
    Consent,
    Episode,
    HandoverSet,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    TimelineEvent,
)
from kansrijk.care.services.clients import client_create
from kansrijk.care.services.referrals import referral_receive
from kansrijk.care.services.teams import team_create
from kansrijk.coalitions.services import coalition_create
from tests.care.personas import CareCast
from tests.care.referral_helpers import move, receiver_of, sent_referral
from tests.personas import accepted_partner
from tests.system import TESTS

pytestmark = pytest.mark.django_db

HANDOVER = {
    "contacts": "Verloskundige Oost, 030-1234567",
    "psychosocial": "Schulden bij de energieleverancier.",
}


def _sent(care: CareCast) -> Referral:
    Organisation.objects.filter(pk=care.social.pk).update(ura="12345678", kvk="87654321")
    care.social.refresh_from_db()
    return sent_referral(care, handover=HANDOVER)


def _counts() -> dict[str, int]:
    models = (Referral, Episode, Person, Consent, CareRelation, AccessLogEntry, TimelineEvent, HandoverSet)
    return {m.__name__: m.objects.count() for m in models}


def _as_sent_by(bundle: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    """Another system re-sends the exported referral as its own: it is now the requester."""
    task = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Task")
    for contained in task["contained"]:
        if contained["id"] == "verwijzer":
            contained["identifier"] = [
                {
                    "system": "https://kansrijk.nl/fhir/NamingSystem/organisatie",
                    "value": str(organisation.public_id),
                }
            ]
    task["requester"]["identifier"] = {
        "system": "https://kansrijk.nl/fhir/NamingSystem/organisatie",
        "value": str(organisation.public_id),
    }
    task["identifier"] = [
        {"system": "urn:ietf:rfc:3986", "value": "urn:uuid:7c1e6a58-0000-4000-8000-000000000001"}
    ]
    return bundle


def _export(care: CareCast, referral: Referral) -> dict[str, Any]:
    bundle = referral_bundle(care.ctx(care.midwife), referral.public_id)
    data: dict[str, Any] = json.loads(bundle.model_dump_json(by_alias=True, exclude_none=True))
    Bundle.model_validate(data)  # what we emit is valid FHIR R4B
    return data


def _resource(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def test_export_is_valid_and_carries_only_what_was_sent(care: CareCast) -> None:
    referral = _sent(care)
    data = _export(care, referral)
    task, request, patient = (
        _resource(data, "Task"),
        _resource(data, "ServiceRequest"),
        _resource(data, "Patient"),
    )
    assert task["intent"] == "order" and task["code"]["coding"][0]["code"] == "fulfill"
    assert task["status"] == "requested"
    assert task["businessStatus"]["coding"][0]["code"] == "verstuurd"
    assert task["focus"]["reference"] == next(
        e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "ServiceRequest"
    )
    owner = next(c for c in task["contained"] if c["id"] == "ontvanger")
    systems = {i["system"]: i["value"] for i in owner["identifier"]}
    assert systems["http://fhir.nl/fhir/NamingSystem/ura"] == "12345678"
    assert systems["http://fhir.nl/fhir/NamingSystem/kvk"] == "87654321"
    assert task["owner"]["identifier"]["system"] == "http://fhir.nl/fhir/NamingSystem/ura"
    assert request["category"][0]["coding"][0]["code"] == "financien"
    assert request["reasonCode"][0]["text"] == referral.reason
    text = json.dumps(data)
    assert "Schulden bij de energieleverancier." in text and "030-1234567" in text
    assert patient["name"][0]["given"] == ["Roos"]
    consent = _resource(data, "Consent")
    assert consent["status"] == "active"
    # One export entry in the family's access log.
    assert AccessLogEntry.objects.filter(action="verwijzing.fhir", event="exporteren").count() == 1


def test_patient_is_empty_without_identification(care: CareCast) -> None:
    Organisation.objects.filter(pk=care.social.pk).update(ura="12345678")
    referral = sent_referral(care, categories=["overdracht", "sociaal", "niveau"], handover=HANDOVER)
    assert "identificatie" not in referral.categories
    data = _export(care, referral)
    assert set(_resource(data, "Patient")) <= {"resourceType", "id"}
    assert "Reuring" not in json.dumps(data)  # the reason is free text; names travel only in Patient


def test_task_view_follows_the_state(care: CareCast) -> None:
    referral = _sent(care)
    receiver = receiver_of(care, referral)
    task = referral_task(receiver, referral.public_id)
    Task.model_validate(task.model_dump(mode="json", by_alias=True, exclude_none=True))
    referral = referral_receive(receiver, referral_id=referral.public_id)
    rejected = move(receiver, referral, ReferralStatus.REJECTED, reason="Geen plek", outcome="geen_plek")
    # The receiver's limited view ends with the rejection; the sender sees status and outcome, no reason.
    with pytest.raises(Http404):
        referral_task(receiver, rejected.public_id)
    seen = referral_task(care.ctx(care.midwife), rejected.public_id)
    assert seen.status == "rejected" and seen.statusReason is None
    for other in (care.colleague, care.nurse):
        with pytest.raises(Http404):
            referral_task(care.ctx(other), referral.public_id)


def test_round_trip_into_another_organisation(care: CareCast) -> None:
    referral = _sent(care)
    original_handover = HandoverSet.objects.get(referral=referral)
    data = _as_sent_by(_export(care, referral), care.jgz)
    client, _token = client_create(organisation=care.jgz, name="JGZ-dossier", actor=care.org_admin)
    imported = import_bundle(client, json.dumps(data).encode())
    assert imported.pk != referral.pk
    assert imported.status == ReferralStatus.SENT
    assert imported.sender_organisation == care.jgz and imported.sender_team == care.nurse_team
    assert imported.receiving_organisation == care.social and imported.receiving_team == care.social_team
    for field in ("need", "reason", "message", "categories", "coalition_id"):
        assert getattr(imported, field) == getattr(referral, field), field
    handover = HandoverSet.objects.get(referral=imported)
    for field in ("contacts", "psychosocial", "health", "interventions_used", "agreements"):
        assert getattr(handover, field) == getattr(original_handover, field), field
    assert imported.external_id.endswith("000000000001")
    # A new family on JGZ's own relation: the midwife's family is not revealed to JGZ.
    assert imported.episode_id != referral.episode_id
    assert CareRelation.objects.get(episode=imported.episode, basis="eigen").team == care.nurse_team
    parent = imported.episode.persons.get(role=PersonRole.PARENT)
    assert (parent.given_name, parent.family_name) == ("Roos", "Reuring")
    assert imported.consent is not None and imported.consent.receiving_organisation == care.social
    assert imported.episode.due_date == care.family.due_date
    # Logged under the client's name.
    entry = AccessLogEntry.objects.filter(action="verwijzing.versturen").order_by("-id").first()
    assert entry is not None and "JGZ-dossier" in entry.user_label
    # The same Task again is a duplicate: refused, nothing stored.
    before = _counts()
    with pytest.raises(BundleRefused) as refused:
        import_bundle(client, json.dumps(data).encode())
    assert refused.value.status == 409 and _counts() == before


def test_import_matches_the_senders_own_family_by_name_and_birth_date(care: CareCast) -> None:
    from datetime import date

    Person.objects.filter(episode=care.family, role=PersonRole.PARENT).update(birth_date=date(1995, 3, 4))
    referral = _sent(care)
    data = _export(care, referral)
    data["entry"][0]["resource"]["identifier"] = [{"system": "urn:test", "value": "1"}]
    # For another theme: the debt-help referral is still open (one open per family, organisation, theme).
    _resource(data, "ServiceRequest")["category"][0]["coding"][0].update(
        code="huisvesting", display="Huisvesting"
    )
    client, _token = client_create(
        organisation=care.midwifery, name="VK-systeem", actor=_admin(care.midwifery)
    )
    episodes = Episode.objects.count()
    imported = import_bundle(client, json.dumps(data).encode())
    assert imported.episode_id == care.family.pk and Episode.objects.count() == episodes
    assert imported.need == "huisvesting"
    assert AccessLogEntry.objects.filter(action="gezin.koppelen", episode_id=care.family.public_id).exists()


def _admin(organisation: Organisation) -> Any:
    from kansrijk.accounts.models import Role
    from kansrijk.accounts.services import membership_grant, user_create

    user = user_create(email=f"beheer-{organisation.pk}@test.nl", password="x" * 20, actor=TESTS)
    membership_grant(user=user, organisation=organisation, role=Role.ORG_ADMIN, actor=TESTS)
    return user


def _outsider(name: str, coalition_slug: str | None) -> Organisation:
    org = organisation_get_or_create(name=name, kind=OrganisationKind.WIJKTEAM, actor=TESTS)
    team_create(organisation=org, name="Team", actor=TESTS)
    if coalition_slug:
        other = coalition_create(
            name="Andere coalitie",
            slug=coalition_slug,
            municipalities=[Area.objects.get(code="GM0363")],
            actor=TESTS,
        )
        accepted_partner(other, org)
    return org


def _bad_bundles(care: CareCast, data: dict[str, Any]) -> dict[str, tuple[bytes, int]]:
    def edited(change: Any) -> bytes:
        copy = json.loads(json.dumps(data))
        change(copy)
        return json.dumps(copy).encode()

    outsider = _outsider("Buiten de coalitie", None)
    elsewhere = _outsider("Andere coalitie org", "andere")

    def owner(org: Organisation) -> Any:
        def change(bundle: dict[str, Any]) -> None:
            task = _resource(bundle, "Task")
            ident = {
                "system": "https://kansrijk.nl/fhir/NamingSystem/organisatie",
                "value": str(org.public_id),
            }
            next(c for c in task["contained"] if c["id"] == "ontvanger")["identifier"] = [ident]
            task["owner"]["identifier"] = ident

        return change

    return {
        "not json": (b"{not json", 400),
        "not a bundle": (json.dumps(_resource(data, "Task")).encode(), 400),
        "invalid fhir": (edited(lambda b: b.update(type="verzameling")), 400),
        "wrong bundle type": (edited(lambda b: b.update(type="collection")), 400),
        "wrong resource type": (
            edited(
                lambda b: b["entry"].append(
                    {
                        "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}},
                        "request": {"method": "POST", "url": "Observation"},
                    }
                )
            ),
            400,
        ),  # fmt: skip
        "no consent": (
            edited(
                lambda b: b.update(
                    entry=[e for e in b["entry"] if e["resource"]["resourceType"] != "Consent"]
                )
            ),
            422,
        ),
        "consent for another organisation": (
            edited(
                lambda b: _resource(b, "Consent")["provision"]["actor"][0]["reference"].update(
                    identifier={
                        "system": "https://kansrijk.nl/fhir/NamingSystem/organisatie",
                        "value": str(care.midwifery.public_id),
                    }
                )
            ),
            422,
        ),  # fmt: skip
        "no task": (
            edited(
                lambda b: b.update(entry=[e for e in b["entry"] if e["resource"]["resourceType"] != "Task"])
            ),
            400,
        ),
        "owner not in the coalition": (edited(owner(outsider)), 403),
        "owner of another coalition": (edited(owner(elsewhere)), 403),
        "unknown theme": (
            edited(
                lambda b: _resource(b, "ServiceRequest")["category"][0]["coding"][0].update(code="onbekend")
            ),
            422,
        ),
        "not requested": (edited(lambda b: _resource(b, "Task").update(status="accepted")), 422),
    }


def test_malformed_and_unauthorised_bundles_store_nothing(care: CareCast) -> None:
    referral = _sent(care)
    data = _as_sent_by(_export(care, referral), care.jgz)
    client, _token = client_create(organisation=care.jgz, name="JGZ-dossier", actor=care.org_admin)
    cases = _bad_bundles(care, data)
    before = _counts()
    for name, (body, status) in cases.items():
        with pytest.raises(BundleRefused) as refused:
            import_bundle(client, body)
        assert refused.value.status == status, (name, refused.value.message)
        assert refused.value.message
        assert _counts() == before, name
    # Sending on behalf of another organisation is refused.
    data_as_midwife = _export(care, referral)
    before = _counts()
    with pytest.raises(BundleRefused) as refused:
        import_bundle(client, json.dumps(data_as_midwife).encode())
    assert refused.value.status == 403 and _counts() == before


def test_a_client_of_another_coalitions_organisation_is_refused(care: CareCast) -> None:
    referral = _sent(care)
    elsewhere = _outsider("Andere coalitie zender", "elders")
    data = _as_sent_by(_export(care, referral), elsewhere)
    client, _token = client_create(organisation=elsewhere, name="Zender", actor=_admin(elsewhere))
    before = _counts()
    with pytest.raises(BundleRefused) as refused:
        import_bundle(client, json.dumps(data).encode())
    assert refused.value.status == 403 and _counts() == before
