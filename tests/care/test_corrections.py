"""A parent's correction request: the shared service, and the responsible team answering it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kansrijk.care.context import parent_context
from kansrijk.care.models import AccessEvent, AccessLogEntry, CorrectionRequest, CorrectionStatus, PersonRole
from kansrijk.care.services.corrections import correction_answer, correction_request
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def _ask(care: CareCast, text: str = "Mijn postcode klopt niet.") -> CorrectionRequest:
    parent = care.family.persons.get(role=PersonRole.PARENT)
    return correction_request(
        parent_context(care.parent), episode_id=care.family.public_id, person=parent, text=text
    )


def test_a_parent_asks_and_the_registering_team_gets_the_task(care: CareCast) -> None:
    correction = _ask(care)
    assert correction.team == care.midwife_team and correction.status == CorrectionStatus.OPEN
    entry = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert entry is not None and entry.event == AccessEvent.CREATE and entry.action == "correctie.vragen"
    assert "postcode" not in str(entry.detail)  # never the content


def test_the_service_refuses_others(care: CareCast) -> None:
    parent = care.family.persons.get(role=PersonRole.PARENT)
    partner = care.family.persons.get(role=PersonRole.PARTNER)
    with pytest.raises(Http404):  # another family's parent
        correction_request(
            parent_context(care.other_parent), episode_id=care.family.public_id, person=parent, text="x"
        )
    with pytest.raises(PermissionDenied):  # a professional is not a parent
        correction_request(care.ctx(care.midwife), episode_id=care.family.public_id, person=parent, text="x")
    with pytest.raises(PermissionDenied):  # the partner's data are the partner's own
        correction_request(
            parent_context(care.parent), episode_id=care.family.public_id, person=partner, text="x"
        )
    with pytest.raises(ValidationError):
        correction_request(
            parent_context(care.parent), episode_id=care.family.public_id, person=parent, text=" "
        )
    assert not CorrectionRequest.objects.exists()


def test_the_team_sees_the_request_and_answers_it(client: Client, care: CareCast) -> None:
    correction = _ask(care)
    client.force_login(care.midwife)
    body = client.get(reverse("care:worklist")).content.decode()
    assert '<span class="kr-badge">1</span>' in body
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert "Mijn postcode klopt niet." in body
    url = reverse("care:correction_answer", args=[care.family.public_id, correction.public_id])
    response = client.post(url, {"answer": ""})
    assert response.status_code == 422 and "Niet opgeslagen" in response.content.decode()
    assert client.post(url, {"answer": "Aangepast naar 3511 AC."}).status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DONE and correction.handled_by == care.midwife
    entry = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert entry is not None and entry.action == "correctie.afhandelen"
    with pytest.raises(ValidationError):
        correction_answer(care.ctx(care.midwife), correction=correction, answer="Nog eens")


def test_other_teams_cannot_see_or_answer(client: Client, care: CareCast) -> None:
    correction = _ask(care)
    care.share_with_nurse(["identificatie"])
    url = reverse("care:correction_answer", args=[care.family.public_id, correction.public_id])
    client.force_login(care.nurse)  # sees the family, but the request is for the midwife's team
    assert (
        "Mijn postcode klopt niet."
        not in client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    )
    assert client.post(url, {"answer": "Ik doe het"}).status_code == 404
    for user in (care.colleague, care.social_worker, care.org_admin, care.coordinator):
        client.force_login(user)
        assert client.post(url, {"answer": "Ik doe het"}).status_code == 404
    with pytest.raises(PermissionDenied):
        correction_answer(care.ctx(care.nurse), correction=correction, answer="Ik doe het")
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.OPEN
