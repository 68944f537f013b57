"""Access-log entries as FHIR R4B `AuditEvent` resources (issue 11, "FHIR at the edges").

Built with fhir.resources' R4B models, so a resource that does not validate cannot be made. The mapping
follows the FHIR AuditEvent guidance for a record access (DICOM 110110 "Patient Record"): who (the user
and the organisation acted for), what (the family, by its public id, never personal data), why
(our purpose, with the closest HL7 v3 PurposeOfUse), on what basis, and the entry's place in its HMAC
chain (chain, seq, mac), so an exported entry can be checked against the log. Dutch nl-core profiles
can later be layered on top of this base resource.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.bundle import Bundle

from kansrijk.care.categories import Purpose
from kansrijk.care.models import AccessEvent, AccessLogEntry

DCM = "http://dicom.nema.org/resources/ontology/DCM"
RESTFUL = "http://hl7.org/fhir/restful-interaction"
ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role"
SOURCE_TYPE = "http://terminology.hl7.org/CodeSystem/security-source-type"
# Our own code systems: stable URNs until Kansrijk has a published terminology server.
KANSRIJK_PURPOSE = "urn:kansrijk:doel"
KANSRIJK_ACTION = "urn:kansrijk:toegangslog:actie"
KANSRIJK_USER = "urn:kansrijk:gebruiker"
KANSRIJK_ORGANISATION = "urn:kansrijk:organisatie"
KANSRIJK_FAMILY = "urn:kansrijk:gezin"

# Our event → (FHIR action code, restful interaction subtype).
ACTIONS: dict[str, tuple[str, str]] = {
    AccessEvent.READ: ("R", "read"),
    AccessEvent.SEARCH: ("E", "search-type"),
    AccessEvent.EXPORT: ("R", "read"),
    AccessEvent.CREATE: ("C", "create"),
    AccessEvent.UPDATE: ("U", "update"),
    AccessEvent.DELETE: ("D", "delete"),
}
# Our purpose → HL7 v3 PurposeOfUse (ActReason).
PURPOSE_OF_USE: dict[str, tuple[str, str]] = {
    Purpose.CARE: ("TREAT", "treatment"),
    Purpose.REFERRAL: ("TREAT", "treatment"),
    Purpose.FAMILY: ("PATRQT", "patient requested"),
    Purpose.LOG_REVIEW: ("HOPERAT", "healthcare operations"),
    Purpose.RETENTION: ("RECORDMGT", "records management"),
    Purpose.ADMINISTRATION: ("HOPERAT", "healthcare operations"),
}


def _purpose(code: str) -> dict[str, Any]:
    labels = dict(Purpose.choices)
    coding = [{"system": KANSRIJK_PURPOSE, "code": code, "display": str(labels.get(code, code))}]
    if code in PURPOSE_OF_USE:
        v3, display = PURPOSE_OF_USE[code]
        coding.append({"system": ACT_REASON, "code": v3, "display": display})
    return {"coding": coding}


def _agents(entry: AccessLogEntry, purpose: dict[str, Any]) -> list[dict[str, Any]]:
    person: dict[str, Any] = {"display": entry.user_label}
    if entry.user_id is not None:
        person["identifier"] = {"system": KANSRIJK_USER, "value": str(entry.user_id)}
    agents: list[dict[str, Any]] = [
        {
            "who": person,
            "name": entry.user_label,
            "requestor": True,
            "purposeOfUse": [purpose],
            **({"altId": entry.responsible_label} if entry.responsible_label else {}),
        }
    ]
    if entry.organisation_id is not None:
        label = entry.organisation_label + (f" (team {entry.team_label})" if entry.team_label else "")
        agents.append(
            {
                "who": {
                    "type": "Organization",
                    "identifier": {"system": KANSRIJK_ORGANISATION, "value": str(entry.organisation_id)},
                    "display": label,
                },
                "requestor": False,
            }
        )
    return agents


def _entities(entry: AccessLogEntry) -> list[dict[str, Any]]:
    families = [str(entry.episode_id)] if entry.episode_id else list(entry.episodes)
    entities: list[dict[str, Any]] = [
        {
            "what": {
                "type": "EpisodeOfCare",
                "identifier": {"system": KANSRIJK_FAMILY, "value": family},
            },
            "type": {"system": ENTITY_TYPE, "code": "2", "display": "System Object"},
            "role": {"system": OBJECT_ROLE, "code": "4", "display": "Domain Resource"},
        }
        for family in families
    ]
    # The entry itself: basis, what was touched (field and category names, never content) and its link
    # in the HMAC chain, so the export can be checked against the log.
    details = [
        {"type": "grondslag", "valueString": entry.basis},
        {"type": "keten", "valueString": entry.chain},
        {"type": "volgnummer", "valueString": str(entry.seq)},
        {"type": "mac", "valueString": entry.mac},
        {"type": "vorige-mac", "valueString": entry.prev_mac or "-"},
    ]
    for key, value in sorted((entry.detail or {}).items()):
        details.append({"type": f"detail:{key}", "valueString": str(value)})
    entities.append(
        {
            "type": {"system": ENTITY_TYPE, "code": "4", "display": "Other"},
            "name": f"toegangslog {entry.chain}#{entry.seq}",
            "detail": details,
        }
    )
    return entities


def audit_event(entry: AccessLogEntry) -> AuditEvent:
    """One log entry as a validated R4B AuditEvent."""
    action, interaction = ACTIONS.get(entry.event, ("E", "operation"))
    purpose = _purpose(entry.purpose)
    return AuditEvent(
        id=f"toegangslog-{entry.pk}",
        type={"system": DCM, "code": "110110", "display": "Patient Record"},
        subtype=[
            {"system": RESTFUL, "code": interaction},
            {"system": KANSRIJK_ACTION, "code": entry.action},
        ],
        action=action,
        recorded=entry.occurred_at,
        outcome="0",
        purposeOfEvent=[purpose],
        agent=_agents(entry, purpose),
        source={
            "site": "Kansrijk",
            "observer": {"display": "Kansrijk"},
            "type": [{"system": SOURCE_TYPE, "code": "4", "display": "Application Server"}],
        },
        entity=_entities(entry),
    )


def audit_events_bundle(entries: Iterable[AccessLogEntry]) -> Bundle:
    """A collection Bundle of AuditEvents (e.g. one family's log, or a log manager's export)."""
    resources = [audit_event(e) for e in entries]
    return Bundle(
        type="collection",
        entry=[{"fullUrl": f"urn:kansrijk:{r.id}", "resource": r} for r in resources],
    )
