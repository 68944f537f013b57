"""Registering a family from the page: a valid form writes everything, an invalid one nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.areas.models import Area
from kansrijk.areas.selectors import wijken_of
from kansrijk.care.models import AccessEvent, AccessLogEntry, CareRelation, Episode, Person, RelationBasis
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def _data(care: CareCast, **overrides: Any) -> dict[str, Any]:
    utrecht = care.coalition.municipalities.get()
    data = {
        "coalition": care.coalition.pk,
        "municipality": utrecht.pk,
        "wijk": wijken_of(utrecht).first().pk,  # type: ignore[union-attr]
        "stage": "zwanger",
        "due_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "given_name": "Noor",
        "family_name": "Nieuw",
        "postcode": "3512 ab",
        "phone": "0612345678",
        "email": "Noor@Example.nl",
        "bsn": "111222333",
        "partner_given_name": "Nils",
        "partner_family_name": "Nieuw",
    }
    data.update(overrides)
    return data


def test_the_register_form_lists_the_coalition_and_wijken(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    body = client.get(reverse("care:family_register")).content.decode()
    assert "Zorgcoalitie" in body and "(Utrecht)" in body


def test_midwife_registers_a_family(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    response = client.post(reverse("care:family_register"), _data(care))
    assert response.status_code == 302
    episode = Episode.objects.get(persons__given_name="Noor")
    assert response["Location"] == reverse("care:family", args=[episode.public_id])
    assert episode.wijk is not None and episode.registered_by == care.midwifery
    parent = episode.persons.get(role="ouder")
    assert parent.postcode == "3512AB" and parent.email == "noor@example.nl"
    assert parent.bsn_encrypted and "111222333" not in parent.bsn_encrypted
    assert episode.persons.filter(role="partner", given_name="Nils").exists()
    relation = CareRelation.objects.get(episode=episode)
    assert relation.basis == RelationBasis.OWN and relation.team == care.midwife_team
    entry = AccessLogEntry.objects.get(episode_id=episode.public_id, event=AccessEvent.CREATE)
    assert entry.action == "gezin.aanmelden"
    # The BSN appears masked on the family page only, never in the worklist.
    body = client.get(reverse("care:family", args=[episode.public_id])).content.decode()
    assert "******333" in body and "111222333" not in body
    body = client.get(reverse("care:worklist")).content.decode()
    assert "333" not in body.split("<table", 1)[1].split("</table>", 1)[0]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"due_date": ""}, "due_date"),
        ({"given_name": ""}, "given_name"),
        ({"postcode": "12AB"}, "postcode"),
        ({"wijk": "999999999"}, "wijk"),
        ({"birth_date": (timezone.localdate() + timedelta(days=3)).isoformat()}, "birth_date"),
    ],
)
def test_invalid_input_shows_errors_and_writes_nothing(
    client: Client, care: CareCast, overrides: dict[str, str], field: str
) -> None:
    counts = (Episode.objects.count(), Person.objects.count(), AccessLogEntry.objects.count())
    client.force_login(care.midwife)
    response = client.post(reverse("care:family_register"), _data(care, **overrides))
    assert response.status_code == 422
    assert response.context["form"].errors.get(field)
    assert "Niet opgeslagen" in response.content.decode()
    assert (Episode.objects.count(), Person.objects.count(), AccessLogEntry.objects.count()) == counts


def test_a_wijk_of_another_municipality_is_refused(client: Client, care: CareCast) -> None:
    amsterdam = Area.objects.get(code="GM0363")
    other_wijk = wijken_of(amsterdam).first()
    assert other_wijk is not None
    client.force_login(care.midwife)
    response = client.post(reverse("care:family_register"), _data(care, wijk=other_wijk.pk))
    assert response.status_code == 422 and response.context["form"].errors.get("wijk")
    assert not Episode.objects.filter(persons__given_name="Noor").exists()


def test_people_without_a_care_team_cannot_register(client: Client, care: CareCast) -> None:
    for user in (care.coordinator, care.org_admin, care.platform_admin, care.parent):
        client.force_login(user)
        assert client.post(reverse("care:family_register"), _data(care)).status_code == 404
    assert not Episode.objects.filter(persons__given_name="Noor").exists()
