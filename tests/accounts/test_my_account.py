"""The "Mijn account" page linked from the header."""

from __future__ import annotations

from django.test import Client

from tests.personas import Cast


def test_visitor_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get("/account/mijn/")
    assert response.status_code == 302 and response.url.startswith("/account/login/")


def test_shows_email_roles_and_2fa_state(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    html = client.get("/account/mijn/").content.decode()
    assert cast.coordinator.email in html
    assert "Coördinator coalitie namens Gemeente Test" in html
    assert "Tweestapsverificatie met een authenticator-app staat aan." in html
    assert 'href="/account/mijn/" aria-current="page"' in html  # header and account nav mark the page


def test_shows_only_own_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast.national)
    html = client.get("/account/mijn/").content.decode()
    assert "Landelijk Test" in html and "Gemeente Test" not in html
