"""Consent as FHIR R4B `Consent` (issue 11: "FHIR at the edges"), built and validated by fhir.resources.

One Consent resource per recorded consent: active until withdrawn (then inactive, with the provision's
period ending at the withdrawal), the person it is about as `patient`, who gave it as `performer`, the
organisation that recorded it as `organization` (the custodian), and one permit provision for the
receiving organisation (actor, role "IRCP": information recipient) with the purpose and the data
categories as codes of Kansrijk's own code systems. The information text shown is the `sourceAttachment`,
by title, version and content. Dutch nl-core profiles come later: these resources use plain R4B.

Who may export what follows the family page: the organisation with its own relation sees every consent of
the family, a team that came in through a consent only that consent, a parent the consents of the family
view. One access-log entry (export) per bundle.
"""

from __future__ import annotations

import base64
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.consent import ConsentProvision, ConsentProvisionActor
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.reference import Reference

from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.context import AccessContext
from kansrijk.care.models import AccessEvent, Consent, RelationBasis
from kansrijk.care.selectors.access import EpisodeAccess, episode_access
from kansrijk.care.selectors.family_view import parent_consents

BASE = "https://kansrijk.nl/fhir"
CATEGORY_SYSTEM = f"{BASE}/CodeSystem/gegevenscategorie"
PURPOSE_SYSTEM = f"{BASE}/CodeSystem/doel"
ORGANISATION_SYSTEM = f"{BASE}/NamingSystem/organisatie"
SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope"
CATEGORY_LOINC = "http://loinc.org"
PARTICIPATION_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"


def _org(organisation_public_id: UUID, name: str) -> Reference:
    return Reference(
        type="Organization",
        display=name,
        identifier={"system": ORGANISATION_SYSTEM, "value": str(organisation_public_id)},
    )


def consent_resource(consent: Consent) -> FhirConsent:
    """One consent as a FHIR R4B Consent (pydantic validates every field on construction)."""
    subject, giver = consent.subject, consent.given_by
    performer = (
        Reference(reference=f"Patient/{giver.public_id}", display=giver.given_name)
        if giver.pk == subject.pk
        else Reference(reference=f"RelatedPerson/{giver.public_id}", display=giver.given_name)
    )
    text = consent.text
    purposes = dict(Purpose.choices)
    provision = ConsentProvision(
        type="permit",
        # A consent is given on a day (FHIR dateTime allows a date alone); it ends at the withdrawal's moment.
        period=Period.model_validate({"start": consent.given_on.isoformat(), "end": consent.withdrawn_at}),
        actor=[
            ConsentProvisionActor(
                role=CodeableConcept(coding=[Coding(system=PARTICIPATION_SYSTEM, code="IRCP")]),
                reference=_org(consent.receiving_organisation.public_id, consent.receiving_organisation.name),
            )
        ],
        action=[
            CodeableConcept(
                coding=[Coding(system="http://terminology.hl7.org/CodeSystem/consentaction", code="access")]
            )
        ],
        purpose=[
            Coding(
                system=PURPOSE_SYSTEM,
                code=consent.purpose,
                display=str(purposes.get(consent.purpose, consent.purpose)),
            )
        ],
        code=[
            CodeableConcept(
                coding=[Coding(system=CATEGORY_SYSTEM, code=c, display=str(DataCategory(c).label))]
            )
            for c in consent.categories
        ],
    )
    return FhirConsent(
        id=str(consent.public_id),
        status="active" if consent.is_active else "inactive",
        scope=CodeableConcept(coding=[Coding(system=SCOPE_SYSTEM, code="patient-privacy")]),
        category=[CodeableConcept(coding=[Coding(system=CATEGORY_LOINC, code="59284-0")])],
        patient=Reference(reference=f"Patient/{subject.public_id}", display=subject.given_name),
        dateTime=consent.created_at,
        performer=[performer],
        organization=[_org(consent.recorded_for.public_id, consent.recorded_for.name)],
        provision=provision,
        sourceAttachment=Attachment(
            contentType="text/plain; charset=utf-8",
            language="nl",
            title=f"{text.title} (versie {text.version})",
            url=f"{BASE}/toestemmingstekst/{text.version}",
            data=base64.b64encode(text.body.encode()),
        ),
        verification=[
            {
                "verified": True,
                "verifiedWith": performer,
                "verificationDate": consent.given_on.isoformat(),
            }
        ],
    )


def _visible_consents(access: EpisodeAccess) -> list[Consent]:
    """The consents this context sees of the family (the family page's rule; see the module docstring)."""
    related = ("receiving_organisation", "recorded_for", "subject", "given_by", "text")
    if access.person is not None:  # a parent in the family's own view
        return list(parent_consents(access).select_related(*related))
    relation = access.relation
    if relation is not None and relation.basis == RelationBasis.OWN:
        return list(access.episode.consents.select_related(*related).order_by("-created_at"))
    if relation is not None and relation.consent_id is not None:
        return list(Consent.objects.filter(pk=relation.consent_id).select_related(*related))
    return []


def consents_bundle(ctx: AccessContext, episode_id: UUID) -> Bundle:
    """The family's consents this context may see, as a FHIR collection Bundle; 404 when the family is
    not visible. One export entry in the access log."""
    with transaction.atomic():
        access = episode_access(ctx, episode_id)
        consents = _visible_consents(access)
        log_access(
            ctx,
            event=AccessEvent.EXPORT,
            action="toestemmingen.fhir",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"toestemmingen": [str(c.public_id) for c in consents]},
        )
    return Bundle(
        type="collection",
        timestamp=timezone.now(),
        entry=[
            BundleEntry(fullUrl=f"urn:uuid:{c.public_id}", resource=consent_resource(c)) for c in consents
        ],
    )
