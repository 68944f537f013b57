"""After login everyone lands where their work is (issue 10): per persona, and a deep link still wins."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import User
from tests.accounts.conftest import LOGIN_URL, MFA_URL
from tests.mfa import give_totp, totp_code
from tests.personas import PASSWORD, Cast

LANDING = "/start/"


def land(client: Client, user: User) -> str:
    """Where `user` is sent by the landing view."""
    client.force_login(user)
    response = client.get(LANDING)
    assert response.status_code == 302
    return str(response.url)


def test_a_coordinator_of_one_coalition_lands_on_its_overview(client: Client, cast: Cast) -> None:
    assert land(client, cast.coordinator) == reverse("coalitions:home", kwargs={"slug": cast.coalition.slug})


def test_the_national_programme_lands_on_the_overview_across_coalitions(client: Client, cast: Cast) -> None:
    assert land(client, cast.national) == reverse("coalitions:national")


def test_anonymous_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(LANDING)
    assert response.status_code == 302 and str(response.url).startswith(LOGIN_URL)


def test_login_ends_on_the_landing(client: Client, cast: Cast) -> None:
    code = totp_code(give_totp(cast.coordinator))
    client.post(LOGIN_URL, {"login": cast.coordinator.email, "password": PASSWORD})
    response = client.post(MFA_URL, {"code": code})
    assert response.url == LANDING
    assert client.get(LANDING).url == reverse("coalitions:home", kwargs={"slug": cast.coalition.slug})


def test_a_deep_link_from_the_login_form_still_wins(client: Client, cast: Cast) -> None:
    target = reverse("coalitions:partners", kwargs={"slug": cast.coalition.slug})
    code = totp_code(give_totp(cast.national))
    client.post(
        f"{LOGIN_URL}?next={target}", {"login": cast.national.email, "password": PASSWORD, "next": target}
    )
    response = client.post(MFA_URL, {"code": code})
    assert response.status_code == 302 and response.url == target
