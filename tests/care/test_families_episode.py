"""Keeping the episode: a person's details, the child after birth, closing — each logged, each denied
where the basis does not reach."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import AccessEvent, AccessLogEntry, EpisodeStage, PersonRole, TimelineEvent
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def _last(care: CareCast) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert entry is not None
    return entry


def _person_url(care: CareCast) -> str:
    parent = care.family.persons.get(role=PersonRole.PARENT)
    return reverse("care:person_edit", args=[care.family.public_id, parent.public_id])


def test_person_edit_shows_the_details_logs_the_read_and_saves_with_a_log(
    client: Client, care: CareCast
) -> None:
    client.force_login(care.midwife)
    response = client.get(_person_url(care))
    assert response.status_code == 200 and 'value="Roos"' in response.content.decode()
    assert _last(care).action == "persoon.bekijken" and _last(care).event == AccessEvent.READ
    response = client.post(
        _person_url(care), {"given_name": "Rosa", "family_name": "Reuring", "postcode": "3511 ab"}
    )
    assert response.status_code == 302
    parent = care.family.persons.get(role=PersonRole.PARENT)
    assert parent.given_name == "Rosa" and parent.postcode == "3511AB"
    entry = _last(care)
    assert entry.action == "persoon.wijzigen" and entry.detail["velden"] == ["given_name"]
    assert "Rosa" not in str(entry.detail)  # field names, never content


def test_person_edit_refuses_an_invalid_bsn(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    response = client.post(_person_url(care), {"given_name": "Roos", "bsn": "123456789"})
    assert response.status_code == 422 and response.context["form"].errors.get("bsn")


def test_person_edit_needs_the_identification_category(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["sociaal"])
    client.force_login(care.nurse)
    assert client.get(_person_url(care)).status_code == 403
    assert client.post(_person_url(care), {"given_name": "X"}).status_code == 403
    assert care.family.persons.get(role=PersonRole.PARENT).given_name == "Roos"
    client.force_login(care.colleague)
    assert client.get(_person_url(care)).status_code == 404


def test_a_person_of_another_family_is_404(client: Client, care: CareCast) -> None:
    other = care.other_family.persons.get(role=PersonRole.PARENT)
    client.force_login(care.midwife)
    url = reverse("care:person_edit", args=[care.family.public_id, other.public_id])
    assert client.get(url).status_code == 404


def test_child_add_moves_the_family_to_born(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    url = reverse("care:child_add", args=[care.family.public_id])
    assert client.get(url).status_code == 200
    born = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url, {"given_name": "Ruben", "family_name": "Reuring", "birth_date": born.isoformat()}
    )
    assert response.status_code == 302
    care.family.refresh_from_db()
    assert care.family.stage == EpisodeStage.BORN
    assert care.family.persons.filter(role=PersonRole.CHILD, birth_date=born).exists()
    assert _last(care).action == "kind.toevoegen"
    assert TimelineEvent.objects.filter(episode=care.family, kind="geboren").exists()
    # Born once: a second child add is refused with a clear message.
    response = client.post(url, {"given_name": "Tweede", "birth_date": born.isoformat()})
    assert response.status_code == 422 and "zwanger" in response.content.decode()


def test_child_add_refuses_a_birth_date_in_the_future(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    url = reverse("care:child_add", args=[care.family.public_id])
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    assert client.post(url, {"given_name": "Ruben", "birth_date": future}).status_code == 422
    assert not care.family.persons.filter(role=PersonRole.CHILD).exists()


def test_close_needs_a_reason_and_only_the_own_relation_closes(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["identificatie"])
    url = reverse("care:family_close", args=[care.family.public_id])
    client.force_login(care.nurse)
    response = client.post(url, {"reason": "Verhuisd"})
    assert response.status_code == 422 and "eigen relatie" in response.content.decode()
    client.force_login(care.midwife)
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Verhuisd naar Zwolle"}).status_code == 302
    care.family.refresh_from_db()
    assert care.family.status == "afgesloten" and care.family.ended_on == timezone.localdate()
    assert _last(care).action == "gezin.afsluiten"
    # Closed: nothing changes any more.
    response = client.post(_person_url(care), {"given_name": "Rosa"})
    assert response.status_code == 422 and "afgesloten" in response.content.decode()
