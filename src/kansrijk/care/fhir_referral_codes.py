"""The code systems, naming systems and extensions of Kansrijk's FHIR referral exchange (issue 12), and
how an organisation is identified (URA, AGB-Z, KvK, Kansrijk's own id), shared by export and import."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.reference import Reference

from kansrijk.accounts.models import Organisation
from kansrijk.care.fhir_consent import BASE, ORGANISATION_SYSTEM

URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura"
AGB_SYSTEM = "http://fhir.nl/fhir/NamingSystem/agb-z"
KVK_SYSTEM = "http://fhir.nl/fhir/NamingSystem/kvk"
BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn"
REFERRAL_SYSTEM = f"{BASE}/NamingSystem/verwijzing"
COALITION_SYSTEM = f"{BASE}/NamingSystem/coalitie"
MUNICIPALITY_SYSTEM = f"{BASE}/NamingSystem/cbs-gemeentecode"
STATUS_SYSTEM = f"{BASE}/CodeSystem/verwijzingstatus"
OUTCOME_SYSTEM = f"{BASE}/CodeSystem/verwijzinguitkomst"
OUTPUT_SYSTEM = f"{BASE}/CodeSystem/verwijzingresultaat"
NEED_SYSTEM = f"{BASE}/CodeSystem/menukaart-thema"
LEVEL_SYSTEM = f"{BASE}/CodeSystem/niveau"
STAGE_SYSTEM = f"{BASE}/CodeSystem/fase"
HANDOVER_SYSTEM = f"{BASE}/CodeSystem/overdrachtsveld"
TASK_CODE_SYSTEM = "http://hl7.org/fhir/CodeSystem/task-code"
EXT = f"{BASE}/StructureDefinition"
EXT_COALITION = f"{EXT}/coalitie"
EXT_MUNICIPALITY = f"{EXT}/gemeente"
EXT_STAGE = f"{EXT}/fase"
EXT_DUE_DATE = f"{EXT}/uitgerekende-datum"
EXT_SENDER_TEAM = f"{EXT}/verwijzend-team"
EXT_RECEIVING_TEAM = f"{EXT}/ontvangend-team"
EXT_HANDOVER = f"{EXT}/overdrachtsveld"
EXT_LEVEL = f"{EXT}/niveau"
EXT_CONSENT_METHOD = f"{EXT}/toestemming-hoe-gegeven"

# Kansrijk's own identifier comes last: another system knows the organisation by its national numbers.
IDENTIFIER_SYSTEMS = (("ura", URA_SYSTEM), ("agb", AGB_SYSTEM), ("kvk", KVK_SYSTEM))


def organisation_identifiers(organisation: Organisation) -> list[Identifier]:
    found = [
        Identifier(system=s, value=getattr(organisation, f))
        for f, s in IDENTIFIER_SYSTEMS
        if getattr(organisation, f)
    ]
    return [*found, Identifier(system=ORGANISATION_SYSTEM, value=str(organisation.public_id))]


def organisation_resource(organisation: Organisation, local_id: str) -> Organization:
    return Organization(
        id=local_id, identifier=organisation_identifiers(organisation), name=organisation.name
    )


def org_ref(organisation: Organisation, local_id: str) -> Reference:
    """A reference to a contained Organization, with its first (national) identifier and name."""
    return Reference(
        reference=f"#{local_id}",
        type="Organization",
        identifier=organisation_identifiers(organisation)[0],
        display=organisation.name,
    )


def organisation_by_identifier(system: str | None, value: str | None) -> Organisation | None:
    """The organisation an identifier names (URA, AGB-Z, KvK or Kansrijk's own id), or None."""
    if not system or not value:
        return None
    fields = {s: f for f, s in IDENTIFIER_SYSTEMS}
    if system in fields:
        return Organisation.objects.filter(**{fields[system]: value.strip()}).first()
    if system == ORGANISATION_SYSTEM:
        try:
            return Organisation.objects.filter(public_id=value.strip()).first()
        except ValidationError:
            return None
    return None
