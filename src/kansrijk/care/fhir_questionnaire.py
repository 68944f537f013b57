"""Instruments as FHIR R4B `Questionnaire`, screenings as `QuestionnaireResponse` (issue 11: "FHIR at
the edges"), built and validated by fhir.resources (pydantic checks every field on construction).

- Questionnaire: canonical url per instrument key, `version` the instrument version; one group item per
  R4U domain, with a choice item per question. Each answer option is a Coding of the instrument's own
  answer code system. Whether an item is a risk or protective factor, urgent, its data category and its
  menukaart theme travel as `code`s of Kansrijk code systems, so a receiver can rebuild the level rule.
  The status and description say it is not validated, and `publisher` names the content owner.
- QuestionnaireResponse: `questionnaire` = url|version; the family by its public id only (no name, no
  BSN); answers as the same Codings. Only answers the reader's access covers are exported.
  The rule's proposal (level, rule version) travels as an extension when the access covers "niveau".
Dutch nl-core profiles come later: these are plain R4B resources.
"""

from __future__ import annotations

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.extension import Extension
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.questionnaire import Questionnaire, QuestionnaireItem, QuestionnaireItemAnswerOption
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse,
    QuestionnaireResponseItem,
    QuestionnaireResponseItemAnswer,
)
from fhir.resources.R4B.reference import Reference

from kansrijk.care.instruments import NOT_VALIDATED, Definition, Item, parse_definition
from kansrijk.care.models import Instrument, Screening, ScreeningStatus

BASE = "https://kansrijk.nl/fhir"
DOMAIN_SYSTEM = f"{BASE}/CodeSystem/r4u-domein"
KIND_SYSTEM = f"{BASE}/CodeSystem/factor-soort"
CATEGORY_SYSTEM = f"{BASE}/CodeSystem/gegevenscategorie"
NEED_SYSTEM = f"{BASE}/CodeSystem/menukaart-thema"
URGENT_SYSTEM = f"{BASE}/CodeSystem/urgent"
EPISODE_SYSTEM = f"{BASE}/NamingSystem/gezin"
PROPOSAL_URL = f"{BASE}/StructureDefinition/voorgesteld-niveau"
RULE_URL = f"{BASE}/StructureDefinition/niveauregel-versie"
PROPOSAL_EXT_URL = f"{BASE}/StructureDefinition/niveauvoorstel"


def questionnaire_url(key: str) -> str:
    return f"{BASE}/Questionnaire/{key}"


def answer_system(key: str) -> str:
    return f"{BASE}/CodeSystem/{key}-antwoord"


def _item_codes(item: Item) -> list[Coding]:
    codes = [
        Coding(system=KIND_SYSTEM, code=item.kind),
        Coding(system=CATEGORY_SYSTEM, code=item.category),
        Coding(system=URGENT_SYSTEM, code="ja" if item.urgent else "nee"),
    ]
    if item.need:
        codes.append(Coding(system=NEED_SYSTEM, code=item.need))
    return codes


def questionnaire(instrument: Instrument) -> Questionnaire:
    definition = parse_definition(instrument.definition)
    system = answer_system(definition.key)
    groups = [
        QuestionnaireItem(
            linkId=domain,
            text=label,
            type="group",
            code=[Coding(system=DOMAIN_SYSTEM, code=domain, display=label)],
            item=[
                QuestionnaireItem(
                    linkId=item.id,
                    text=item.text,
                    type="choice",
                    code=_item_codes(item),
                    answerOption=[
                        QuestionnaireItemAnswerOption(
                            valueCoding=Coding(system=system, code=o.value, display=o.label)
                        )
                        for o in item.options
                    ],
                )
                for item in items
            ],
        )
        for domain, label, items in definition.by_domain()
    ]
    note = "" if instrument.validated else f" ({NOT_VALIDATED})"
    # "draft" until a professional body signs the content off; a replaced version is retired.
    status = "retired" if not instrument.is_active else "active" if instrument.validated else "draft"
    return Questionnaire(
        id=str(instrument.public_id),
        url=questionnaire_url(definition.key),
        version=str(definition.version),
        name=definition.key.replace("-", "_"),
        title=definition.title,
        status=status,
        publisher=definition.content_owner,
        description=(definition.description or definition.title) + note,
        subjectType=["Patient"],
        item=groups,
    )


def _response_items(definition: Definition, answers: dict[str, str]) -> list[QuestionnaireResponseItem]:
    system = answer_system(definition.key)
    groups = []
    for domain, label, items in definition.by_domain():
        answered = [
            QuestionnaireResponseItem(
                linkId=item.id,
                text=item.text,
                answer=[
                    QuestionnaireResponseItemAnswer(
                        valueCoding=Coding(
                            system=system, code=answers[item.id], display=item.option_label(answers[item.id])
                        )
                    )
                ],
            )
            for item in items
            if item.id in answers
        ]
        if answered:
            groups.append(QuestionnaireResponseItem(linkId=domain, text=label, item=answered))
    return groups


def questionnaire_response(
    screening: Screening, *, answers: dict[str, str], with_proposal: bool
) -> QuestionnaireResponse:
    """A screening as a QuestionnaireResponse with only `answers` (those the reader may see)."""
    instrument = screening.instrument
    definition = parse_definition(instrument.definition)
    done = screening.status == ScreeningStatus.DONE
    extension = None
    if done and with_proposal and screening.proposed_level:
        extension = [
            Extension(
                url=PROPOSAL_EXT_URL,
                extension=[
                    Extension(url=PROPOSAL_URL, valueCode=screening.proposed_level),
                    Extension(url=RULE_URL, valueString=screening.rule_version),
                ],
            )
        ]
    return QuestionnaireResponse(
        id=str(screening.public_id),
        identifier=Identifier(system=f"{BASE}/NamingSystem/screening", value=str(screening.public_id)),
        questionnaire=f"{questionnaire_url(definition.key)}|{definition.version}",
        status="completed" if done else "in-progress",
        subject=Reference(
            type="Patient",
            identifier=Identifier(system=EPISODE_SYSTEM, value=str(screening.episode.public_id)),
        ),
        authored=screening.completed_at or screening.updated_at,
        author=Reference(type="Organization", display=screening.organisation.name),
        extension=extension,
        item=_response_items(definition, answers) or None,
    )


def screening_bundle(screening: Screening, *, answers: dict[str, str], with_proposal: bool) -> Bundle:
    """The download: a collection of the Questionnaire (the instrument version) and the response."""
    return Bundle(
        type="collection",
        entry=[
            BundleEntry(
                fullUrl=f"urn:uuid:{screening.instrument.public_id}",
                resource=questionnaire(screening.instrument),
            ),
            BundleEntry(
                fullUrl=f"urn:uuid:{screening.public_id}",
                resource=questionnaire_response(screening, answers=answers, with_proposal=with_proposal),
            ),
        ],
    )


def as_json(resource: Bundle | Questionnaire | QuestionnaireResponse) -> str:
    return resource.model_dump_json(exclude_none=True, indent=2)
