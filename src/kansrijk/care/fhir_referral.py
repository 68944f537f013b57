"""A referral as FHIR R4B (issue 12, "FHIR in and out"; docs/fhir.md), built and validated by fhir.resources.

The shape follows the SDOH Clinical Care "Task for referral management" (../shared/domain.md §10):
- `Task`: intent order, code fulfill, `focus` → the ServiceRequest, `for` → the Patient, `requester` and
  `owner` the sending and receiving organisations (with their URA, AGB, KvK and Kansrijk identifiers),
  `status` from `care.referral_states.FHIR_STATUS`, `businessStatus` the Dutch status (code and label),
  `statusReason`, `authoredOn` (sent), `lastModified`, `restriction.period.end` the day the first contact
  is due, and the outcome and first-contact date as `output`. Coalition, municipality, stage and teams
  travel as Kansrijk extensions.
- `ServiceRequest`: category = the menukaart theme (the need), `reasonCode` the reason as text, `note`
  the message, and only the handover fields of the categories the referral sent (extensions).
- `Patient`: the parent, with name, birth date, contact and BSN only when the referral sent
  "identificatie"; otherwise an empty Patient.
- `Consent` (in the transaction Bundle only): the referral's consent (kansrijk.care.fhir_consent).

What a reader sees follows `referrals_visible_to` (404 otherwise); the sender gets status, dates and
outcome back from the receiver, not its reasons. One access-log entry (export) per call.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID, uuid4

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle, BundleEntry, BundleEntryRequest
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task, TaskOutput, TaskRestriction

from kansrijk.care import bsn as bsn_codec
from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.fhir_consent import CATEGORY_SYSTEM, consent_resource
from kansrijk.care.fhir_referral_codes import (
    BSN_SYSTEM,
    COALITION_SYSTEM,
    EXT_COALITION,
    EXT_CONSENT_METHOD,
    EXT_DUE_DATE,
    EXT_HANDOVER,
    EXT_LEVEL,
    EXT_MUNICIPALITY,
    EXT_RECEIVING_TEAM,
    EXT_SENDER_TEAM,
    EXT_STAGE,
    HANDOVER_SYSTEM,
    LEVEL_SYSTEM,
    MUNICIPALITY_SYSTEM,
    NEED_SYSTEM,
    OUTCOME_SYSTEM,
    OUTPUT_SYSTEM,
    REFERRAL_SYSTEM,
    STAGE_SYSTEM,
    STATUS_SYSTEM,
    TASK_CODE_SYSTEM,
    org_ref,
    organisation_resource,
)
from kansrijk.care.models import (
    AccessEvent,
    Consent,
    HandoverSet,
    Person,
    PersonRole,
    Referral,
    ReferralOutcome,
    ReferralSide,
    ReferralStatus,
)
from kansrijk.care.referral_data import FIELD_CATEGORY, fields_for
from kansrijk.care.referral_states import CLOSED, FHIR_STATUS
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.referrals import log_basis, referrals_visible_to, side_of
from kansrijk.interventions.models import Need


@dataclass(frozen=True)
class ReferralExport:
    """What one reader may see of one referral (collected once, then built into resources)."""

    referral: Referral
    side: str
    categories: list[str]  # the categories shown
    handover: list[tuple[str, str]]  # (field, value), only of the categories shown, non-empty
    person: Person | None  # the parent, only when "identificatie" is shown
    status_reason: str


def _sender_sees(ctx: AccessContext, referral: Referral) -> frozenset[str]:
    try:
        return episode_access(ctx, referral.episode.public_id).categories
    except Http404:
        return frozenset()


def collect(ctx: AccessContext, referral_id: UUID) -> ReferralExport:
    """The referral as this context may export it; 404 when not visible. Logs one export entry."""
    with transaction.atomic():
        referral = (
            referrals_visible_to(ctx)
            .filter(public_id=referral_id)
            .select_related(
                "episode__municipality",
                "coalition",
                "sender_organisation",
                "sender_team",
                "receiving_organisation",
                "receiving_team",
                "consent__text",
                "consent__subject",
                "consent__given_by",
                "consent__receiving_organisation",
                "consent__recorded_for",
            )  # fmt: skip
            .first()
        )
        side = side_of(ctx, referral) if referral is not None else None
        if referral is None or side is None:
            raise Http404
        shown = set(referral.categories)
        status_reason = referral.status_reason
        if side == ReferralSide.SENDER:
            shown &= _sender_sees(ctx, referral)
            last = referral.transitions.order_by("-created_at", "-id").first()
            if last is not None and last.side != ReferralSide.SENDER:
                status_reason = ""  # feedback to the referrer is status, date and outcome only
        categories = [c for c in DataCategory.values if c in shown]
        handover_set = HandoverSet.objects.filter(referral=referral).first()
        handover = [
            (name, getattr(handover_set, name))
            for name in fields_for(categories)
            if handover_set is not None and getattr(handover_set, name)
        ]
        person = None
        if DataCategory.IDENTIFICATION in shown:
            person = referral.episode.persons.filter(role=PersonRole.PARENT).order_by("created_at").first()
        log_access(
            ctx,
            event=AccessEvent.EXPORT,
            action="verwijzing.fhir",
            basis=log_basis(ctx, referral, side),
            episode_id=referral.episode.public_id,
            detail={
                "verwijzing": str(referral.public_id),
                "status": referral.status,
                "categorieen": categories,
            },
        )
    return ReferralExport(referral, side, categories, handover, person, status_reason)


def _ext_code(url: str, system: str, code: str, display: str = "") -> Extension:
    return Extension(url=url, valueCoding=Coding(system=system, code=code, display=display or None))


def patient_resource(export: ReferralExport, local_id: str | None) -> Patient:
    person = export.person
    if person is None:
        return Patient(id=local_id)
    identifiers = []
    if person.bsn_encrypted:
        identifiers.append(Identifier(system=BSN_SYSTEM, value=bsn_codec.decrypt(person.bsn_encrypted)))
    telecom = [{"system": "phone", "value": person.phone}] if person.phone else []
    telecom += [{"system": "email", "value": person.email}] if person.email else []
    return Patient.model_validate(
        {
            "id": local_id,
            "identifier": identifiers or None,
            "name": [HumanName(family=person.family_name or None, given=[person.given_name])],
            "birthDate": person.birth_date,
            "telecom": telecom or None,
            "address": [{"postalCode": person.postcode, "country": "NL"}] if person.postcode else None,
        }
    )


def _service_request_status(status: str) -> str:
    if status == ReferralStatus.CONCEPT:
        return "draft"
    if status == ReferralStatus.COMPLETED:
        return "completed"
    return "revoked" if status in CLOSED else "active"


def service_request_resource(
    export: ReferralExport, local_id: str | None, patient_ref: str
) -> ServiceRequest:
    referral = export.referral
    need_label = str(Need(referral.need).label) if referral.need in Need.values else referral.need
    extensions = [
        Extension(
            url=EXT_HANDOVER,
            extension=[
                _ext_code("veld", HANDOVER_SYSTEM, name),
                _ext_code("categorie", CATEGORY_SYSTEM, FIELD_CATEGORY[name]),
                Extension(url="tekst", valueString=value),
            ],
        )
        for name, value in export.handover
    ]
    if DataCategory.LEVEL in export.categories and referral.level:
        extensions.append(_ext_code(EXT_LEVEL, LEVEL_SYSTEM, referral.level))
    return ServiceRequest.model_validate(
        {
            "id": local_id,
            "extension": extensions or None,
            "status": _service_request_status(referral.status),
            "intent": "order",
            "category": [
                CodeableConcept(coding=[Coding(system=NEED_SYSTEM, code=referral.need, display=need_label)])
            ],
            "code": CodeableConcept(text=referral.intervention_title or need_label),
            "subject": Reference(reference=patient_ref),
            "authoredOn": referral.sent_at or referral.created_at,
            "reasonCode": [CodeableConcept(text=referral.reason)],
            "note": [{"text": referral.message}] if referral.message else None,
        }
    )


def task_resource(export: ReferralExport, *, focus_ref: str, patient_ref: str) -> Task:
    referral = export.referral
    episode = referral.episode
    extensions = [
        Extension(
            url=EXT_COALITION,
            valueIdentifier=Identifier(system=COALITION_SYSTEM, value=referral.coalition.slug),
        ),
        _ext_code(
            EXT_MUNICIPALITY, MUNICIPALITY_SYSTEM, episode.municipality.code, episode.municipality.name
        ),
        Extension(url=EXT_SENDER_TEAM, valueString=referral.sender_team.name),
        Extension(url=EXT_RECEIVING_TEAM, valueString=referral.receiving_team.name),
    ]
    if DataCategory.IDENTIFICATION in export.categories:
        extensions.append(_ext_code(EXT_STAGE, STAGE_SYSTEM, episode.stage))
        if episode.due_date:
            extensions.append(Extension(url=EXT_DUE_DATE, valueDate=episode.due_date))
    identifiers = [Identifier(system=REFERRAL_SYSTEM, value=str(referral.public_id))]
    if referral.external_id:
        system, _bar, value = referral.external_id.rpartition("|")
        identifiers.append(Identifier(system=system or None, value=value))
    outputs = []
    if referral.outcome:
        label = str(ReferralOutcome(referral.outcome).label)
        outputs.append(
            TaskOutput(
                type=CodeableConcept(coding=[Coding(system=OUTPUT_SYSTEM, code="uitkomst")]),
                valueCodeableConcept=CodeableConcept(
                    coding=[Coding(system=OUTCOME_SYSTEM, code=referral.outcome, display=label)]
                ),
            )
        )
    if referral.first_contact_on:
        outputs.append(
            TaskOutput(
                type=CodeableConcept(coding=[Coding(system=OUTPUT_SYSTEM, code="eerste-contact")]),
                valueDate=referral.first_contact_on,
            )
        )
    return Task.model_validate(
        {
            "id": str(referral.public_id),
            "contained": [
                organisation_resource(referral.sender_organisation, "verwijzer"),
                organisation_resource(referral.receiving_organisation, "ontvanger"),
            ],
            "extension": extensions,
            "identifier": identifiers,
            "status": FHIR_STATUS[referral.status],
            "statusReason": CodeableConcept(text=export.status_reason) if export.status_reason else None,
            "businessStatus": CodeableConcept(
                coding=[
                    Coding(
                        system=STATUS_SYSTEM,
                        code=referral.status,
                        display=str(ReferralStatus(referral.status).label),
                    )
                ]
            ),
            "intent": "order",
            "code": CodeableConcept(coding=[Coding(system=TASK_CODE_SYSTEM, code="fulfill")]),
            "focus": Reference(reference=focus_ref, type="ServiceRequest"),
            "for": Reference(reference=patient_ref, type="Patient"),
            "authoredOn": referral.sent_at or referral.created_at,
            "lastModified": referral.updated_at,
            "requester": org_ref(referral.sender_organisation, "verwijzer"),
            "owner": org_ref(referral.receiving_organisation, "ontvanger"),
            "restriction": TaskRestriction(period={"end": referral.due_on}) if referral.due_on else None,
            "output": outputs or None,
        }
    )


def consent_for_bundle(consent: Consent, patient_ref: str) -> Any:
    """The referral's consent, pointing at the bundle's Patient, with how it was given. No names: those
    travel in the Patient, and only when the referral sends "identificatie"."""
    resource: Any = consent_resource(consent)
    resource.patient = Reference(reference=patient_ref)
    performer = (
        Reference(reference=patient_ref)
        if consent.subject_id == consent.given_by_id
        else Reference(reference=f"RelatedPerson/{consent.given_by.public_id}")
    )
    resource.performer = [performer]
    for verification in resource.verification or []:
        verification.verifiedWith = performer
    resource.extension = [Extension(url=EXT_CONSENT_METHOD, valueCode=consent.method)]
    return resource


def referral_task(ctx: AccessContext, referral_id: UUID) -> Task:
    """GET Task/<id>: the Task with its ServiceRequest and Patient contained (we serve no separate
    endpoints for them). 404 when the referral is not visible to the context."""
    export = collect(ctx, referral_id)
    task = task_resource(export, focus_ref="#verzoek", patient_ref="#patient")
    task.contained = [
        *(task.contained or []),
        service_request_resource(export, "verzoek", "#patient"),
        patient_resource(export, "patient"),
    ]
    return Task.model_validate(task.model_dump(mode="json", by_alias=True, exclude_none=True))


def referral_bundle(ctx: AccessContext, referral_id: UUID) -> Bundle:
    """The referral as a transaction Bundle another system (or another Kansrijk) can POST: Task,
    ServiceRequest, Patient and, when the referral rests on one, its Consent."""
    export = collect(ctx, referral_id)
    ids = {name: f"urn:uuid:{uuid4()}" for name in ("task", "sr", "patient", "consent")}
    resources: list[tuple[str, str, Task | ServiceRequest | Patient | FhirConsent]] = [
        ("task", "Task", task_resource(export, focus_ref=ids["sr"], patient_ref=ids["patient"])),
        ("sr", "ServiceRequest", service_request_resource(export, None, ids["patient"])),
        ("patient", "Patient", patient_resource(export, None)),
    ]
    consent = export.referral.consent
    if consent is not None:
        resources.append(("consent", "Consent", consent_for_bundle(consent, ids["patient"])))
    return Bundle(
        type="transaction",
        timestamp=timezone.now(),
        entry=[
            BundleEntry(
                fullUrl=ids[key], resource=resource, request=BundleEntryRequest(method="POST", url=kind)
            )
            for key, kind, resource in resources
        ],
    )
