"""The UI shell: landmarks and credits on every page, Dutch first with English, themes, error pages."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import permission_denied, server_error
from pytest_django.fixtures import Settings as SettingsWrapper

from kansrijk.core.checks import check_theme
from kansrijk.core.context_processors import THEMES

VENDOR = Path(settings.PACKAGE_DIR) / "static" / "vendor"


@pytest.mark.parametrize("path", ["/", "/toegankelijkheid/", "/over-de-data/", "/account/login/"])
def test_every_page_has_the_shell(client: Client, db: None, path: str) -> None:
    html = client.get(path).content.decode()
    assert '<html lang="nl" class="voorbeeld-theme utrecht-document' in html
    assert '<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#main">' in html
    assert '<main id="main"' in html and 'aria-label="Hoofdmenu"' in html
    assert "Bron: CBS / PDOK, CC BY 4.0" in html and 'href="/toegankelijkheid/"' in html


def test_home_is_dutch_by_default(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert "Kansrijk: samen werken aan een kansrijke start" in html
    assert 'value="en" lang="en">English</button>' in html


def test_home_is_english_with_accept_language(client: Client, db: None) -> None:
    html = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert '<html lang="en"' in html
    assert "Kansrijk: working together for a good start in life" in html
    assert "Naar de inhoud" not in html and "Skip to content" in html


def test_language_switch_sets_the_cookie_and_returns(client: Client, db: None) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/toegankelijkheid/"})
    assert response.status_code == 302 and response.url == "/toegankelijkheid/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html and "Kansrijk: working together for a good start in life" in html


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_theme_class_matches_the_vendor_css(
    client: Client, db: None, settings: SettingsWrapper, theme: str
) -> None:
    settings.KANSRIJK_THEME = theme
    html = client.get("/toegankelijkheid/").content.decode()
    css_class = THEMES[theme]
    assert f'<html lang="nl" class="{css_class} ' in html
    assert f'href="/static/vendor/themes/{theme}.css"' in html
    # The token file must scope its tokens to exactly that class, or the components fall back to defaults.
    css = (VENDOR / "themes" / f"{theme}.css").read_text(encoding="utf-8")
    assert f".{css_class} {{" in css and "--utrecht-button-primary-action-background-color" in css


def test_unknown_theme_fails_the_start_up_check(settings: SettingsWrapper) -> None:
    settings.KANSRIJK_THEME = "gemeente-x"
    assert [e.id for e in check_theme()] == ["kansrijk.E002"]
    settings.KANSRIJK_THEME = "utrecht"
    assert check_theme() == []


def test_404_is_dutch_and_in_the_shell(client: Client, db: None) -> None:
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html and '<main id="main"' in html


def test_403_is_dutch(rf: RequestFactory, db: None) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/ergens/")
    request.user = AnonymousUser()
    response = permission_denied(request, exception=PermissionError())
    assert response.status_code == 403 and "Geen toegang" in response.content.decode()


def test_500_renders_without_database_or_context(rf: RequestFactory) -> None:
    response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "Er ging iets mis" in html and '<html lang="nl"' in html


def test_accessibility_statement(client: Client, db: None) -> None:
    html = client.get("/toegankelijkheid/").content.decode()
    assert "Toegankelijkheidsverklaring" in html and "WCAG 2.1" in html
