"""Consent as FHIR R4B Consent: built and validated by fhir.resources, active until withdrawn."""

from __future__ import annotations

import base64

import pytest
from django.http import Http404
from fhir.resources.R4B.consent import Consent as FhirConsent

from kansrijk.care.context import parent_context
from kansrijk.care.fhir_consent import CATEGORY_SYSTEM, PURPOSE_SYSTEM, consent_resource, consents_bundle
from kansrijk.care.models import AccessEvent, AccessLogEntry, Consent, ConsentText, PersonRole
from kansrijk.care.services.consent import consent_withdraw
from tests.care.personas import CareCast


def _consent(care: CareCast) -> Consent:
    return care.share_with_nurse(["identificatie", "sociaal"])  # type: ignore[return-value]


def test_an_active_consent(care: CareCast) -> None:
    consent = _consent(care)
    resource = consent_resource(consent)
    data = resource.model_dump(mode="json", by_alias=True, exclude_none=True)
    again = FhirConsent.model_validate(data)  # round trip: valid R4B
    assert again.status == "active"
    parent = care.family.persons.get(role=PersonRole.PARENT)
    assert data["patient"]["reference"] == f"Patient/{parent.public_id}"
    assert data["performer"][0]["reference"] == f"Patient/{parent.public_id}"
    assert data["organization"][0]["display"] == "Verloskunde Zorgtest"
    assert data["scope"]["coding"][0]["code"] == "patient-privacy"
    provision = data["provision"]
    assert provision["type"] == "permit"
    assert provision["actor"][0]["reference"]["display"] == "JGZ Zorgtest"
    assert provision["actor"][0]["role"]["coding"][0]["code"] == "IRCP"
    assert provision["purpose"] == [
        {"system": PURPOSE_SYSTEM, "code": "verwijzing", "display": "Verwijzing en overdracht"}
    ]
    assert [c["coding"][0]["code"] for c in provision["code"]] == ["identificatie", "sociaal"]
    assert provision["code"][0]["coding"][0]["system"] == CATEGORY_SYSTEM
    assert "end" not in provision["period"]
    text = ConsentText.objects.get(version=1)
    attachment = data["sourceAttachment"]
    assert attachment["title"].endswith("(versie 1)")
    assert base64.b64decode(attachment["data"]).decode() == text.body
    assert "dateTime" in data


def test_a_withdrawn_consent_is_inactive_and_given_by_another_is_a_related_person(care: CareCast) -> None:
    consent = _consent(care)
    consent_withdraw(parent_context(care.parent), consent=consent)
    consent.refresh_from_db()
    partner = care.family.persons.get(role=PersonRole.PARTNER)
    Consent.objects.filter(pk=consent.pk).update(given_by=partner)
    consent.refresh_from_db()
    data = consent_resource(consent).model_dump(mode="json", by_alias=True, exclude_none=True)
    assert data["status"] == "inactive"
    assert "end" in data["provision"]["period"]
    assert data["performer"][0]["reference"] == f"RelatedPerson/{partner.public_id}"


def test_the_bundle_follows_visibility_and_is_logged(care: CareCast) -> None:
    consent = _consent(care)
    for ctx in (care.ctx(care.midwife), care.ctx(care.nurse), parent_context(care.parent)):
        bundle = consents_bundle(ctx, care.family.public_id)
        data = bundle.model_dump(mode="json", by_alias=True, exclude_none=True)
        assert [e["resource"]["id"] for e in data["entry"]] == [str(consent.public_id)]
    exports = AccessLogEntry.objects.filter(episode_id=care.family.public_id, event=AccessEvent.EXPORT)
    assert exports.count() == 3
    for ctx in (care.ctx(care.social_worker), care.ctx(care.colleague), parent_context(care.other_parent)):
        with pytest.raises(Http404):
            consents_bundle(ctx, care.family.public_id)
    assert exports.count() == 3
