"""Sharing from the family page: consent with the information text shown, another legal basis, and
withdrawal that ends the other team's access at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.models import (
    AccessLogEntry,
    Consent,
    ConsentText,
    LegalBasis,
    PersonRole,
)
from kansrijk.care.services.consent import ONLY_OWN_RELATION, legal_basis_invoke
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def _consent_data(care: CareCast, **overrides: Any) -> dict[str, Any]:
    parent = care.family.persons.get(role=PersonRole.PARENT)
    data = {
        "receiving_team": care.nurse_team.pk,
        "categories": ["identificatie", "sociaal"],
        "purpose": "verwijzing",
        "subject": parent.pk,
        "given_by": parent.pk,
        "method": "mondeling",
        "given_on": timezone.localdate().isoformat(),
        "text_version": ConsentText.objects.order_by("-version").first().version,  # type: ignore[union-attr]
        "informed": "on",
    }
    data.update(overrides)
    return data


def _share_url(care: CareCast) -> str:
    return reverse("care:share", args=[care.family.public_id])


def test_share_page_shows_the_information_text_and_only_other_partners_teams(
    client: Client, care: CareCast
) -> None:
    client.force_login(care.midwife)
    response = client.get(_share_url(care))
    assert response.status_code == 200
    body = response.content.decode()
    text = ConsentText.objects.order_by("-version").first()
    assert text is not None and text.title in body
    assert "JGZ Zorgtest – Noord" in body and "Sociaal Team Zorgtest – Wijk" in body
    assert "Praktijk Oost" not in body.split('id="toestemming"', 1)[1]  # not the own organisation
    last = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert last is not None and last.action == "delen.bekijken"


def test_recording_consent_gives_the_nurse_access_and_withdrawal_ends_it(
    client: Client, care: CareCast
) -> None:
    client.force_login(care.nurse)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 404
    client.force_login(care.midwife)
    response = client.post(_share_url(care), _consent_data(care))
    assert response.status_code == 302
    consent = Consent.objects.get(episode=care.family)
    assert consent.categories == ["identificatie", "sociaal"] and consent.text.version >= 1
    client.force_login(care.nurse)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 200
    client.force_login(care.midwife)
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert "Naam, geboortedatum en contact" in body and "Intrekken" in body
    url = reverse("care:consent_withdraw", args=[care.family.public_id, consent.public_id])
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    client.force_login(care.nurse)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 404


def test_consent_without_categories_or_the_talk_is_refused(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    response = client.post(_share_url(care), _consent_data(care, categories=[], informed=""))
    assert response.status_code == 422
    errors = response.context["consent_form"].errors
    assert "categories" in errors and "informed" in errors
    assert not Consent.objects.exists()


def test_a_changed_information_text_is_refused(client: Client, care: CareCast) -> None:
    ConsentText.objects.create(version=99, title="Nieuwe tekst", body="Nieuw")
    client.force_login(care.midwife)
    response = client.post(_share_url(care), _consent_data(care, text_version=1))
    assert response.status_code == 422 and "informatietekst" in response.content.decode()
    assert not Consent.objects.exists()


def test_a_team_that_came_in_through_consent_cannot_share_on(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["identificatie"])
    client.force_login(care.nurse)
    assert "Alleen de organisatie met een eigen relatie" in client.get(_share_url(care)).content.decode()
    data = _consent_data(care, receiving_team=care.social_team.pk)
    response = client.post(_share_url(care), data)
    assert response.status_code == 422 and str(ONLY_OWN_RELATION) in response.content.decode()
    assert Consent.objects.count() == 1


def test_outsiders_get_404_on_the_sharing_urls(client: Client, care: CareCast) -> None:
    consent = care.share_with_nurse(["identificatie"])
    withdraw = reverse("care:consent_withdraw", args=[care.family.public_id, consent.public_id])  # type: ignore[attr-defined]
    for user in (care.colleague, care.social_worker, care.coordinator, care.org_admin, care.platform_admin):
        client.force_login(user)
        assert client.get(_share_url(care)).status_code == 404
        assert client.post(_share_url(care), _consent_data(care)).status_code == 404
        assert client.post(withdraw).status_code == 404
    consent.refresh_from_db()  # type: ignore[attr-defined]
    assert consent.withdrawn_at is None  # type: ignore[attr-defined]


def test_a_legal_basis_gives_access_and_ending_it_takes_it_away(client: Client, care: CareCast) -> None:
    client.force_login(care.midwife)
    url = reverse("care:legal_basis", args=[care.family.public_id])
    data = {
        "grondslag-kind": "meldcode",
        "grondslag-receiving_team": care.social_team.pk,
        "grondslag-categories": ["identificatie", "sociaal"],
        "grondslag-reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 422 and response.context["basis_form"].errors.get("reason")
    response = client.post(
        url, {**data, "grondslag-reason": "Stap 3 van de meldcode: overleg met Veilig Thuis."}
    )
    assert response.status_code == 302
    basis = LegalBasis.objects.get(episode=care.family)
    client.force_login(care.social_worker)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 200
    # The social worker cannot end it: only the organisation that invoked it.
    end = reverse("care:legal_basis_end", args=[care.family.public_id, basis.public_id])
    client.post(end)
    basis.refresh_from_db()
    assert basis.ended_at is None
    client.force_login(care.midwife)
    assert client.post(end).status_code == 302
    basis.refresh_from_db()
    assert basis.ended_at is not None
    client.force_login(care.social_worker)
    assert client.get(reverse("care:family", args=[care.family.public_id])).status_code == 404


def test_a_team_on_consent_does_not_learn_of_other_bases(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["identificatie"])
    legal_basis_invoke(
        care.ctx(care.midwife), episode_id=care.family.public_id, kind="meldcode",
        receiving_team=care.social_team, categories=["sociaal"], reason="Meldcode stap 2",
    )  # fmt: skip
    client.force_login(care.nurse)
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert "Verloskunde Zorgtest" in body and "JGZ Zorgtest" in body
    assert "Sociaal Team Zorgtest" not in body and "Meldcode" not in body
    client.force_login(care.midwife)
    body = client.get(reverse("care:family", args=[care.family.public_id])).content.decode()
    assert "Sociaal Team Zorgtest" in body and "Meldcode stap 2" in body
