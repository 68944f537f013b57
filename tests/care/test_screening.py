"""Screening and the level decided with the client: services (concept → finish, per instrument version,
categories, log entries) and the pages (persona matrix: who gets the page, who a 404 or a refusal)."""

from __future__ import annotations

from uuid import UUID

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import (
    AccessLogEntry,
    Episode,
    Instrument,
    LevelDecision,
    Screening,
    ScreeningStatus,
    TimelineEvent,
)
from kansrijk.care.selectors.screening import level_page, screening_detail
from kansrijk.care.services.screening import level_decide, screening_finish, screening_save, screening_start
from kansrijk.routes.models import VulnerabilityLevel as L
from tests.care.personas import CareCast

BROAD = "kansrijk-brede-inventarisatie"
ANAMNESIS = "vvn-anamnese"


def instrument(key: str = BROAD) -> Instrument:
    return Instrument.objects.get(key=key, is_active=True)


def all_no(inst: Instrument) -> dict[str, str]:
    """Every item answered with its "nee"/first non-present option."""
    definition = parse_definition(inst.definition)
    return {i.id: next(o.value for o in i.options if o.value not in i.present) for i in definition.items}


def entries(episode: Episode, action: str) -> int:
    return AccessLogEntry.objects.filter(episode_id=episode.public_id, action=action).count()


def started(care: CareCast, key: str = BROAD) -> Screening:
    return screening_start(
        care.ctx(care.midwife), episode_id=care.family.public_id, instrument_id=instrument(key).public_id
    )


def finished(care: CareCast, **answers: str) -> Screening:
    screening = started(care)
    return screening_finish(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        screening_id=screening.public_id,
        answers=all_no(screening.instrument) | answers,
    )


# --- services -------------------------------------------------------------------------------------------


def test_both_instruments_are_shipped_not_validated_with_an_owner(care: CareCast) -> None:
    for key in (BROAD, ANAMNESIS):
        inst = instrument(key)
        assert not inst.validated and "ter toetsing" in inst.content_owner


def test_concept_then_finish_stores_the_proposal_and_logs_without_answers(care: CareCast) -> None:
    ctx, family = care.ctx(care.midwife), care.family
    screening = started(care)
    assert entries(family, "screening.starten") == 1
    screening_save(
        ctx, episode_id=family.public_id, screening_id=screening.public_id, answers={"w-schulden": "ja"}
    )
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.CONCEPT and screening.answers == {"w-schulden": "ja"}
    assert entries(family, "screening.concept_opslaan") == 1
    with pytest.raises(ValidationError) as excinfo:  # finishing with open questions names them
        screening_finish(ctx, episode_id=family.public_id, screening_id=screening.public_id, answers={})
    assert "g-klein-netwerk" in excinfo.value.error_dict
    answers = all_no(screening.instrument) | {"w-schulden": "ja", "g-klein-netwerk": "ja"}
    screening_finish(ctx, episode_id=family.public_id, screening_id=screening.public_id, answers=answers)
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.DONE and screening.completed_at is not None
    assert screening.proposed_level == L.KWETSBAAR and screening.rule_version == "kansrijk-niveau-2026-1"
    assert (
        screening.trace["text"]
        == "kwetsbaar: een klein netwerk en schulden; beschermende factoren onvoldoende"
    )
    event = TimelineEvent.objects.get(episode=family, kind="screening")
    assert event.text == "Screening afgerond"
    entry = AccessLogEntry.objects.get(episode_id=family.public_id, action="screening.afronden")
    assert "schulden" not in str(entry.detail) and "screening" in entry.detail["categorieen"]
    with pytest.raises(ValidationError):  # finished is final
        screening_save(ctx, episode_id=family.public_id, screening_id=screening.public_id, answers={})


def test_answers_are_checked_against_the_instrument_version(care: CareCast) -> None:
    ctx, screening = care.ctx(care.midwife), started(care)
    with pytest.raises(ValidationError):
        screening_save(
            ctx, episode_id=care.family.public_id, screening_id=screening.public_id, answers={"x": "ja"}
        )
    with pytest.raises(ValidationError) as excinfo:
        screening_save(
            ctx,
            episode_id=care.family.public_id,
            screening_id=screening.public_id,
            answers={"w-schulden": "soms"},
        )
    assert "w-schulden" in excinfo.value.error_dict


def test_urgent_factor_proposes_zeer_kwetsbaar(care: CareCast) -> None:
    assert finished(care, **{"g-onveilig-thuis": "ja"}).proposed_level == L.ZEER_KWETSBAAR


def test_a_concept_belongs_to_the_team_that_started_it(care: CareCast) -> None:
    screening = started(care)
    care.share_with_nurse(["identificatie", "screening", "niveau", "sociaal", "medisch"])
    with pytest.raises(Http404):
        screening_save(
            care.ctx(care.nurse),
            episode_id=care.family.public_id,
            screening_id=screening.public_id,
            answers={},
        )
    with pytest.raises(Http404):
        screening_detail(care.ctx(care.nurse), care.family.public_id, screening.public_id)


def test_consent_without_screening_refuses_and_other_teams_get_404(care: CareCast) -> None:
    done = finished(care)
    care.share_with_nurse(["identificatie", "sociaal"])
    nurse = care.ctx(care.nurse)
    with pytest.raises(PermissionDenied):
        screening_detail(nurse, care.family.public_id, done.public_id)
    with pytest.raises(PermissionDenied):
        screening_start(nurse, episode_id=care.family.public_id, instrument_id=instrument().public_id)
    with pytest.raises(PermissionDenied):
        level_page(nurse, care.family.public_id)
    for user in (care.colleague, care.social_worker):
        with pytest.raises(Http404):
            screening_detail(care.ctx(user), care.family.public_id, done.public_id)


def test_consent_with_screening_but_not_medical_hides_medical_answers(care: CareCast) -> None:
    done = finished(care, **{"m-somber": "ja", "w-schulden": "ja"})
    care.share_with_nurse(["identificatie", "screening", "niveau", "sociaal"])
    nurse = care.ctx(care.nurse)
    view = screening_detail(nurse, care.family.public_id, done.public_id)
    rows = {row.item.id: row for _label, rows in view.groups for row in rows}
    assert rows["m-somber"].hidden and rows["m-somber"].answer == ""
    assert not rows["w-schulden"].hidden and rows["w-schulden"].present
    assert "somberheid" not in view.proposal_text and "schulden" in view.proposal_text
    with pytest.raises(PermissionDenied):  # nobody writes what they may not read
        screening_start(nurse, episode_id=care.family.public_id, instrument_id=instrument().public_id)


def test_level_decided_with_the_client_with_reason_when_different(care: CareCast) -> None:
    ctx, family = care.ctx(care.midwife), care.family
    with pytest.raises(ValidationError):  # no finished screening yet
        level_decide(ctx, episode_id=family.public_id, level=L.KWETSBAAR, decided_with_client=True)
    screening = finished(care, **{"w-schulden": "ja"})
    proposal = screening.proposed_level
    with pytest.raises(ValidationError) as excinfo:
        level_decide(ctx, episode_id=family.public_id, level=proposal, decided_with_client=False)
    assert "decided_with_client" in excinfo.value.error_dict
    with pytest.raises(ValidationError) as excinfo:
        level_decide(ctx, episode_id=family.public_id, level=L.ZEER_KWETSBAAR, decided_with_client=True)
    assert "reason" in excinfo.value.error_dict
    decision = level_decide(ctx, episode_id=family.public_id, level=proposal, decided_with_client=True)
    assert decision.proposed_level == proposal and decision.reassess_on is not None
    other = level_decide(
        ctx,
        episode_id=family.public_id,
        level=L.ZEER_KWETSBAAR,
        decided_with_client=True,
        reason="Net verhuisd",
    )
    assert other.proposed_level == proposal and other.reason == "Net verhuisd"
    assert entries(family, "niveau.vastleggen") == 2
    assert TimelineEvent.objects.filter(episode=family, kind="niveau").count() == 2


def test_the_database_refuses_a_different_level_without_reason(care: CareCast) -> None:
    screening = finished(care)
    with pytest.raises(IntegrityError), transaction.atomic():
        LevelDecision.objects.create(
            episode=care.family, screening=screening, proposed_level=L.ZELFREDZAAM, level=L.KWETSBAAR,
            reason="", decided_with_client=True, organisation=care.midwifery,
        )  # fmt: skip


# --- pages ----------------------------------------------------------------------------------------------


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def urls(care: CareCast, screening: Screening) -> dict[str, str]:
    f, s = care.family.public_id, screening.public_id
    return {
        "start": reverse("care:screening_start", args=[f]),
        "screening": reverse("care:screening", args=[f, s]),
        "fhir": reverse("care:screening_fhir", args=[f, s]),
        "level": reverse("care:level", args=[f]),
    }


def test_midwife_walks_from_screening_to_level(care: CareCast) -> None:
    client, family = client_for(care.midwife), care.family
    start = reverse("care:screening_start", args=[family.public_id])
    page = client.get(start)
    assert page.status_code == 200 and "niet gevalideerd" in page.content.decode()
    assert "Fictief gezin" in page.content.decode()
    response = client.post(start, {"instrument": str(instrument().public_id)})
    assert response.status_code == 302
    screening = Screening.objects.get(episode=family)
    form_url = response["Location"]
    page = client.get(form_url)
    assert page.status_code == 200 and "Werk en inkomen" in page.content.decode()
    answers = {f"vraag__{k}": v for k, v in all_no(screening.instrument).items()}
    answers["vraag__w-schulden"] = "ja"
    partial = {"vraag__w-schulden": "ja", "actie": "concept"}
    assert client.post(form_url, partial).status_code == 302
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.CONCEPT and screening.answers == {"w-schulden": "ja"}
    refused = client.post(form_url, partial | {"actie": "afronden"})
    assert refused.status_code == 422 and "Beantwoord deze vraag" in refused.content.decode()
    assert client.post(form_url, answers | {"actie": "afronden"}).status_code == 302
    screening.refresh_from_db()
    assert screening.status == ScreeningStatus.DONE
    detail = client.get(form_url).content.decode()
    assert "Voorstel" in detail and "schulden" in detail
    level_url = reverse("care:level", args=[family.public_id])
    assert "schulden" in client.get(level_url).content.decode()
    missing = client.post(level_url, {"level": screening.proposed_level})
    assert missing.status_code == 422 and not LevelDecision.objects.exists()
    assert (
        client.post(level_url, {"level": screening.proposed_level, "decided_with_client": "on"}).status_code
        == 302
    )
    assert LevelDecision.objects.get().level == screening.proposed_level
    for action in ("screening.overzicht", "screening.bekijken", "niveau.bekijken"):
        assert entries(family, action) >= 1


PERSONAS_404 = ["colleague", "social_worker", "org_admin", "log_manager", "coordinator", "national",
                "platform_admin", "parent", "other_parent"]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS_404)
def test_everyone_outside_the_care_team_gets_404(care: CareCast, persona: str) -> None:
    screening = finished(care)
    client = client_for(getattr(care, persona))
    for name, url in urls(care, screening).items():
        assert client.get(url).status_code == 404, (persona, name)
    assert client.post(urls(care, screening)["level"], {"level": "kwetsbaar"}).status_code == 404


def test_anonymous_is_sent_to_sign_in(care: CareCast) -> None:
    screening = finished(care)
    for url in urls(care, screening).values():
        assert Client().get(url).status_code == 302


def test_nurse_with_consent_without_screening_is_refused(care: CareCast) -> None:
    screening = finished(care)
    care.share_with_nurse(["identificatie", "sociaal"])
    client = client_for(care.nurse)
    for name, url in urls(care, screening).items():
        assert client.get(url).status_code == 403, name


def test_nurse_with_consent_sees_finished_screening_and_exports_it(care: CareCast) -> None:
    screening = finished(care, **{"w-schulden": "ja"})
    care.share_with_nurse(["identificatie", "screening", "niveau", "sociaal"])
    client = client_for(care.nurse)
    for url in urls(care, screening).values():
        assert client.get(url).status_code == 200
    assert AccessLogEntry.objects.filter(
        episode_id=care.family.public_id, action="screening.fhir_exporteren", event="exporteren"
    ).exists()


def test_a_screening_of_another_family_is_404(care: CareCast) -> None:
    screening = finished(care)
    url = reverse("care:screening", args=[care.other_family.public_id, screening.public_id])
    assert client_for(care.midwife).get(url).status_code == 404
    assert (
        client_for(care.midwife)
        .get(reverse("care:screening", args=[care.family.public_id, UUID(int=1)]))
        .status_code
        == 404
    )
