"""FHIR R4B export: the instrument as Questionnaire, the screening as QuestionnaireResponse, parsed back."""

from __future__ import annotations

import json

from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from kansrijk.care.fhir_questionnaire import PROPOSAL_EXT_URL, as_json, questionnaire
from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import Instrument, Screening
from kansrijk.care.services.screening import screening_finish, screening_start
from tests.care.personas import CareCast


def _finished(care: CareCast) -> Screening:
    inst = Instrument.objects.get(key="kansrijk-brede-inventarisatie", is_active=True)
    ctx = care.ctx(care.midwife)
    screening = screening_start(ctx, episode_id=care.family.public_id, instrument_id=inst.public_id)
    definition = parse_definition(inst.definition)
    answers = {i.id: "nee" for i in definition.items} | {"w-schulden": "ja", "m-somber": "ja"}
    return screening_finish(
        ctx, episode_id=care.family.public_id, screening_id=screening.public_id, answers=answers
    )


def test_questionnaire_round_trips_with_domains_items_and_options(care: CareCast) -> None:
    inst = Instrument.objects.get(key="vvn-anamnese")
    parsed = Questionnaire.model_validate_json(as_json(questionnaire(inst)))
    assert parsed.version == "1" and parsed.status == "draft" and "niet gevalideerd" in parsed.description
    groups = {g.linkId: g for g in parsed.item}
    assert "gezinssituatie" in groups
    violence = next(i for i in groups["gezinssituatie"].item if i.linkId == "a-huiselijk-geweld")
    assert [o.valueCoding.code for o in violence.answerOption][:2] == ["ja", "nee"]
    assert {(c.system.rsplit("/", 1)[-1], c.code) for c in violence.code} >= {
        ("urgent", "ja"),
        ("factor-soort", "risk"),
    }


def test_screening_download_parses_back_with_answers_and_is_logged_as_export(care: CareCast) -> None:
    screening = _finished(care)
    client = Client()
    client.force_login(care.midwife)
    response = client.get(reverse("care:screening_fhir", args=[care.family.public_id, screening.public_id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/fhir+json")
    bundle = json.loads(response.content)
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = {e["resource"]["resourceType"]: e["resource"] for e in bundle["entry"]}
    q = Questionnaire.model_validate(resources["Questionnaire"])
    qr = QuestionnaireResponse.model_validate(resources["QuestionnaireResponse"])
    assert qr.status == "completed" and qr.questionnaire == f"{q.url}|{q.version}"
    answers = {i.linkId: i.answer[0].valueCoding.code for g in qr.item for i in g.item}
    assert answers["w-schulden"] == "ja" and answers["m-somber"] == "ja" and answers["l-roken"] == "nee"
    assert qr.subject.identifier.value == str(care.family.public_id)
    assert "Reuring" not in response.content.decode()  # no names in the export
    assert qr.extension[0].url == PROPOSAL_EXT_URL
    assert screening.episode.public_id == care.family.public_id


def test_export_leaves_out_answers_the_reader_may_not_see(care: CareCast) -> None:
    screening = _finished(care)
    care.share_with_nurse(["identificatie", "screening", "sociaal"])
    client = Client()
    client.force_login(care.nurse)
    response = client.get(reverse("care:screening_fhir", args=[care.family.public_id, screening.public_id]))
    resources = {e["resource"]["resourceType"]: e["resource"] for e in json.loads(response.content)["entry"]}
    qr = QuestionnaireResponse.model_validate(resources["QuestionnaireResponse"])
    answered = {i.linkId for g in qr.item for i in g.item}
    assert "w-schulden" in answered and "m-somber" not in answered
    assert not qr.extension  # no "niveau" in the consent: no proposal
