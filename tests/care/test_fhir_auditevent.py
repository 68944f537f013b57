"""Access-log entries exported as FHIR R4B AuditEvent: valid by construction, the right codes, no
personal data, and the chain link that lets an export be checked against the log."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from kansrijk.care.fhir_auditevent import audit_event, audit_events_bundle
from kansrijk.care.models import AccessEvent, AccessLogEntry
from tests.care.accesslog_tamper import read_entries
from tests.care.personas import CareCast


def test_a_read_becomes_a_valid_audit_event(care: CareCast) -> None:
    read_entries(care.ctx(care.midwife), care.family.public_id, 1)
    entry = AccessLogEntry.objects.filter(event=AccessEvent.READ).get()
    event = audit_event(entry)
    again = AuditEvent.model_validate_json(event.model_dump_json())  # round trip validates
    assert again.action == "R" and again.type.code == "110110" and again.outcome == "0"
    assert {c.code for c in again.purposeOfEvent[0].coding} == {"zorg", "TREAT"}
    user, organisation = again.agent
    assert user.requestor is True and user.who.display == "verloskundige@zorgtest.nl"
    assert organisation.who.display == "Verloskunde Zorgtest (team Praktijk Oost)"
    family = again.entity[0].what.identifier
    assert family.system == "urn:kansrijk:gezin" and family.value == str(care.family.public_id)
    details = {d.type: d.valueString for d in again.entity[-1].detail}
    assert details["keten"] == entry.chain and details["volgnummer"] == str(entry.seq)
    assert details["mac"] == entry.mac and details["grondslag"] == "eigen relatie:test"
    assert "Roos" not in event.model_dump_json()  # never personal data


def test_a_list_names_every_family_and_a_bundle_holds_all(care: CareCast) -> None:
    entries = list(AccessLogEntry.objects.order_by("chain", "seq"))
    bundle = audit_events_bundle(entries)
    parsed = Bundle.model_validate(json.loads(bundle.model_dump_json()))
    assert parsed.type == "collection" and len(parsed.entry) == len(entries)
    actions = {e.resource.action for e in parsed.entry}
    assert "C" in actions  # the registrations


def test_an_invalid_event_cannot_be_built() -> None:
    with pytest.raises(ValidationError):
        AuditEvent(type={"code": "110110"}, recorded="niet-een-tijd", agent=[], source={"observer": {}})
