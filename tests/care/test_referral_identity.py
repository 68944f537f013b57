"""Who the family is, on the referral (V&VN minimum set item 3): the receiving team sees the names and
contact details before acceptance only when the referral sends identification; never another team."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kansrijk.care.models import AccessLogEntry, Referral
from tests.care.personas import CareCast
from tests.care.referral_helpers import sent_referral


def _page(client: Client, user: object, referral: Referral) -> tuple[int, str]:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get(reverse("care:referral", args=[referral.episode.public_id, referral.public_id]))
    return response.status_code, response.content.decode()


def test_the_receiver_sees_who_the_family_is_when_identification_is_sent(
    client: Client, care: CareCast
) -> None:
    referral = sent_referral(care, categories=["identificatie", "overdracht", "niveau", "sociaal"])
    status, html = _page(client, care.social_worker, referral)
    assert status == 200 and "Roos Reuring" in html and "3511AB" in html
    entry = AccessLogEntry.objects.filter(action="verwijzing.bekijken").latest("id")
    assert "identificatie" in entry.detail["categorieen"]


def test_without_identification_the_receiver_sees_no_name(client: Client, care: CareCast) -> None:
    referral = sent_referral(care, categories=["overdracht", "niveau", "sociaal"])
    status, html = _page(client, care.social_worker, referral)
    assert status == 200 and "Reuring" not in html
    entry = AccessLogEntry.objects.filter(action="verwijzing.bekijken").latest("id")
    assert "identificatie" not in entry.detail["categorieen"]


def test_another_team_sees_nothing(client: Client, care: CareCast) -> None:
    referral = sent_referral(care, team=care.nurse_team)
    status, html = _page(client, care.colleague, referral)
    assert status == 404 and "Reuring" not in html
