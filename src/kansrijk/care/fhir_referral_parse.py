"""Reading an incoming referral Bundle (issue 12; docs/fhir.md): JSON → FHIR R4B (validated by
fhir.resources) → the four resources → what the care services take. Refusals are `BundleRefused` with
an HTTP status, an OperationOutcome issue code and a Dutch message. Reads no family data: matching and
storing live in kansrijk.care.fhir_referral_import."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.organization import Organization
from pydantic import ValidationError as PydanticError

from kansrijk.accounts.models import Organisation
from kansrijk.care import bsn as bsn_codec
from kansrijk.care.categories import ALL_CATEGORIES, DataCategory, Purpose
from kansrijk.care.fhir_consent import CATEGORY_SYSTEM, PURPOSE_SYSTEM
from kansrijk.care.fhir_referral_codes import (
    BSN_SYSTEM,
    EXT_CONSENT_METHOD,
    EXT_HANDOVER,
    organisation_by_identifier,
)
from kansrijk.care.models import ConsentMethod, ConsentText, PersonRole
from kansrijk.care.referral_data import FIELD_CATEGORY
from kansrijk.care.services.episodes import PersonData


class BundleRefused(Exception):
    """Why a bundle is refused: HTTP status, OperationOutcome issue code, a Dutch message, where."""

    def __init__(self, status: int, code: str, message: str, expression: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.expression = status, code, message, expression


def bad(message: str, expression: str = "") -> BundleRefused:
    return BundleRefused(400, "structure", message, expression)


def unprocessable(message: str, expression: str = "") -> BundleRefused:
    return BundleRefused(422, "business-rule", message, expression)


def forbidden(message: str, expression: str = "") -> BundleRefused:
    return BundleRefused(403, "forbidden", message, expression)


@dataclass(frozen=True)
class Parts:
    """The validated resources. Typed `Any`: fhir.resources' field types are not visible to mypy."""

    task: Any  # Task
    service_request: Any  # ServiceRequest
    patient: Any  # Patient
    consent: Any  # Consent


def parse(body: bytes) -> Parts:
    """The four resources of a valid transaction Bundle, or 400."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad("Dit is geen geldige JSON.") from exc
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise bad("Stuur een FHIR Bundle (resourceType 'Bundle').", "Bundle")
    try:
        bundle: Any = Bundle.model_validate(data)
    except (PydanticError, ValueError) as exc:
        raise bad(f"De Bundle klopt niet met FHIR R4B: {str(exc)[:500]}", "Bundle") from exc
    if bundle.type != "transaction":
        raise bad("Stuur een Bundle van het type 'transaction'.", "Bundle.type")
    found: dict[str, Any] = {}
    urls: dict[str, str] = {}
    entries: list[Any] = list(bundle.entry or [])
    for index, entry in enumerate(entries):
        resource = entry.resource
        kind = resource.get_resource_type() if resource is not None else ""
        if kind not in ("Task", "ServiceRequest", "Patient", "Consent"):
            raise bad(f"Onverwacht soort gegeven: '{kind}'.", f"Bundle.entry[{index}]")
        if kind in found:
            raise bad(f"De Bundle bevat meer dan één {kind}.", f"Bundle.entry[{index}]")
        if entry.request is None or entry.request.method != "POST":
            raise bad("Elk onderdeel moet met POST worden aangeboden.", f"Bundle.entry[{index}].request")
        found[kind] = resource
        urls[kind] = entry.fullUrl or ""
    for kind in ("Task", "ServiceRequest", "Patient"):
        if kind not in found:
            raise bad(f"De Bundle mist een {kind}.", "Bundle.entry")
    if "Consent" not in found:
        raise unprocessable(
            "De Bundle mist de toestemming (Consent) voor de ontvangende organisatie.", "Bundle.entry"
        )
    task: Any = found["Task"]
    if ref(task.focus) != urls["ServiceRequest"] or ref(task.for_fhir) != urls["Patient"]:
        raise bad(
            "Task.focus en Task.for moeten naar de ServiceRequest en de Patient in de Bundle wijzen.", "Task"
        )
    return Parts(task, found["ServiceRequest"], found["Patient"], found["Consent"])


def ref(reference: Any) -> str:
    return (reference.reference or "") if reference is not None else ""


def organisation_of(task: Any, reference: Any) -> Organisation | None:
    """The organisation a reference names: a contained Organization's identifiers, or its own."""
    if reference is None:
        return None
    if reference.reference and reference.reference.startswith("#"):
        contained_all: list[Any] = list(task.contained or [])
        for contained in contained_all:
            if isinstance(contained, Organization) and contained.id == reference.reference[1:]:
                identifiers: list[Any] = list(contained.identifier or [])
                for identifier in identifiers:
                    found = organisation_by_identifier(identifier.system, identifier.value)
                    if found is not None:
                        return found
    identifier = reference.identifier
    return organisation_by_identifier(identifier.system, identifier.value) if identifier else None


def ext(extensions: list[Any] | None, url: str) -> Any:
    return next((e for e in extensions or [] if e.url == url), None)


def coding_code(concepts: list[Any] | None, system: str) -> str:
    for concept in concepts or []:
        for coding in concept.coding or []:
            if coding.system == system and coding.code:
                return str(coding.code)
    return ""


# --- the parts, read into what the services take ------------------------------------------------------------


@dataclass(frozen=True)
class ConsentData:
    categories: list[str]
    purpose: str
    given_on: date
    method: str
    text: ConsentText


def consent_data(task: Any, consent: Any, owner: Organisation) -> ConsentData:
    if consent.status != "active":
        raise unprocessable("De toestemming is niet actief.", "Consent.status")
    provision = consent.provision
    if provision is None or provision.type != "permit":
        raise unprocessable(
            "De toestemming moet delen toestaan (provision.type 'permit').", "Consent.provision"
        )
    actors = [organisation_of(task, actor.reference) for actor in provision.actor or []]
    if not any(o is not None and o.pk == owner.pk for o in actors):
        raise unprocessable(
            "De toestemming noemt de ontvangende organisatie niet.", "Consent.provision.actor"
        )
    categories = [
        c
        for c in DataCategory.values
        if c in {coding_code([x], CATEGORY_SYSTEM) for x in provision.code or []}
    ]
    unknown = {
        coding.code
        for x in provision.code or []
        for coding in x.coding or []
        if coding.system == CATEGORY_SYSTEM
    } - ALL_CATEGORIES
    if not categories or unknown:
        raise unprocessable("De toestemming noemt geen (bekende) soorten gegevens.", "Consent.provision.code")
    purpose = next(
        (str(p.code) for p in provision.purpose or [] if p.system == PURPOSE_SYSTEM and p.code), ""
    )
    if purpose not in Purpose.values:
        purpose = Purpose.REFERRAL
    start = provision.period.start if provision.period is not None else None
    given_on = start if isinstance(start, date) else (consent.dateTime or timezone.now())
    if hasattr(given_on, "date") and callable(given_on.date):
        given_on = given_on.date()
    method_ext = ext(consent.extension, EXT_CONSENT_METHOD)
    method = (
        str(method_ext.valueCode)
        if method_ext is not None and method_ext.valueCode
        else ConsentMethod.WRITTEN
    )
    if method not in ConsentMethod.values:
        method = ConsentMethod.WRITTEN
    attachment = consent.sourceAttachment
    found = re.search(r"/toestemmingstekst/(\d+)$", attachment.url or "") if attachment is not None else None
    text = ConsentText.objects.filter(version=int(found.group(1))).first() if found else None
    if text is None:
        raise unprocessable(
            "Noem de toestemmingstekst die de ouder zag (sourceAttachment.url met de versie van Kansrijk).",
            "Consent.sourceAttachment",
        )
    return ConsentData(categories, purpose, given_on, method, text)


def person_data(patient: Any) -> PersonData:
    name = (patient.name or [None])[0]
    given = " ".join(name.given or []) if name is not None else ""
    if not given.strip():
        raise unprocessable("Noem de voornaam van de ouder (Patient.name.given).", "Patient.name")
    bsn = next((str(i.value) for i in patient.identifier or [] if i.system == BSN_SYSTEM and i.value), "")
    if bsn and not bsn_codec.is_valid_bsn(bsn):
        raise unprocessable("Het BSN is niet geldig.", "Patient.identifier")
    telecom = {t.system: str(t.value) for t in patient.telecom or [] if t.value}
    address = (patient.address or [None])[0]
    return PersonData(
        role=PersonRole.PARENT,
        given_name=given.strip()[:100],
        family_name=(name.family or "")[:150] if name is not None else "",
        birth_date=patient.birthDate if isinstance(patient.birthDate, date) else None,
        postcode=(address.postalCode or "")[:7] if address is not None else "",
        phone=telecom.get("phone", "")[:20],
        email=telecom.get("email", ""),
        bsn=bsn,
    )


def handover_fields(service_request: Any) -> dict[str, str]:
    fields: dict[str, str] = {}
    for extension in service_request.extension or []:
        if extension.url != EXT_HANDOVER:
            continue
        parts = {e.url: e for e in extension.extension or []}
        name = parts["veld"].valueCoding.code if "veld" in parts and parts["veld"].valueCoding else ""
        if name not in FIELD_CATEGORY or "tekst" not in parts:
            raise bad(f"Onbekend overdrachtsveld '{name}'.", "ServiceRequest.extension")
        fields[name] = str(parts["tekst"].valueString or "")
    return fields
