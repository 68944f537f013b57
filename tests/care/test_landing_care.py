"""After login a care professional lands on the worklist; a parent (no role) on the home page (issue 10)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.care.personas import CareCast
from tests.coalitions.test_landing import land


def test_a_care_professional_lands_on_the_worklist(client: Client, care: CareCast) -> None:
    assert land(client, care.nurse) == reverse("care:worklist")


def test_someone_without_any_role_lands_on_the_home_page(client: Client, care: CareCast) -> None:
    # A parent has an account but no role in any organisation.
    assert land(client, care.parent) == reverse("home")
