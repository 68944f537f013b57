"""Every workspace page needs login and answers 404 to users outside the coalition."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.coalitions.conftest import client_for
from tests.personas import Cast

PAGES = (
    "coalitions:home",
    "coalitions:partners",
    "coalitions:netwerkkaart",
    "coalitions:zelfscan",
    "coalitions:plan",
    "coalitions:afspraken",
    "interventions:aanbod",
    "interventions:balans",
    "routes:klantroutes",
)


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(cast: Cast, name: str) -> None:
    from django.urls import reverse

    response = Client().get(reverse(name, args=["test"]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize("name", PAGES)
def test_members_and_national_see_it_others_get_404(cast: Cast, name: str) -> None:
    from django.urls import reverse

    url = reverse(name, args=["test"])
    for user in (cast.coordinator, cast.partner_member, cast.national):
        assert client_for(user).get(url).status_code == 200, user
    for user in (cast.other_coordinator, cast.outsider):
        assert client_for(user).get(url).status_code == 404, user
