"""Service messages follow the language of the page: an English page shows no Dutch errors.

The services keep their messages as module constants marked with gettext_lazy, so a message is
translated when a request shows it, not once at import (in Dutch). These tests need the compiled
English catalogue; `make test` builds it (`make messages`), and the fixture below rebuilds a stale one.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import trans_real

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.coalitions.services.coalition import RESERVED_SLUG
from tests.coalitions.conftest import client_for
from tests.personas import Cast

pytestmark = pytest.mark.django_db

CREATE = "/coalities/nieuw/"
CATALOGUE = Path(settings.PACKAGE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django"

# The modules whose messages reach users through ValidationError, PermissionDenied or messages.success.
MESSAGE_MODULES = (
    "kansrijk.accounts.organisation_services",
    "kansrijk.atlas.services",
    "kansrijk.coalitions.forms.workspace",
    "kansrijk.coalitions.services._common",
    "kansrijk.coalitions.services.agreements",
    "kansrijk.coalitions.services.coalition",
    "kansrijk.coalitions.services.confirmation",
    "kansrijk.coalitions.services.invitations",
    "kansrijk.coalitions.services.participation",
    "kansrijk.coalitions.services.plan",
    "kansrijk.coalitions.services.practices",
    "kansrijk.coalitions.services.zelfscan",
    "kansrijk.coalitions.services.zelfscan_comparison",
    "kansrijk.coalitions.views.invitations",
    "kansrijk.coalitions.views.partners",
    "kansrijk.coalitions.views.partnerships",
    "kansrijk.coalitions.views.workspace",
    "kansrijk.core.validators",
    "kansrijk.interventions.services.balans",
    "kansrijk.interventions.services.menukaart",
    "kansrijk.interventions.services.offer",
    "kansrijk.routes.forms",
    "kansrijk.routes.services",
    "kansrijk.startfoto.services",
)


@pytest.fixture(autouse=True, scope="module")
def english_catalogue() -> Iterator[None]:
    """Compile the English catalogue if it is missing or older than the .po (what `make messages` does)."""
    po, mo = CATALOGUE.with_suffix(".po"), CATALOGUE.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
        if shutil.which("msgfmt") is None:
            pytest.skip("gettext (msgfmt) is missing: the English catalogue cannot be built")
        call_command("compilemessages", locale=["en"], verbosity=0)
        # Drop catalogues this process already loaded, so the fresh .mo is read.
        trans_real._translations = {}
        trans_real._default = None
    yield


def _post_reserved_slug(client: Client, cast: Cast) -> str:
    own = cast.coordinator.memberships.get().organisation
    data = {"name": "Kansrijke Start Zuid", "slug": "nieuw", "municipalities": "Utrecht"}
    data.update(lead=str(own.public_id), lead_name="", lead_kind="")
    response = client.post(CREATE, data)
    assert response.status_code == 422
    assert not Coalition.objects.filter(slug="nieuw").exists()
    return response.content.decode()


def test_english_page_shows_the_service_error_in_english(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _post_reserved_slug(client, cast)
    assert '<html lang="en"' in html
    assert "The web address “nieuw” is reserved for the platform. Choose a different web address." in html
    assert "gereserveerd" not in html and "webadres" not in html


def test_dutch_page_shows_the_same_error_in_dutch(cast: Cast) -> None:
    html = _post_reserved_slug(client_for(cast.coordinator), cast)
    assert '<html lang="nl"' in html
    with translation.override("nl"):
        assert str(RESERVED_SLUG).format(slug="nieuw") in html
    assert "reserved for the platform" not in html


def test_a_permission_message_is_translated_when_shown_not_at_import(cast: Cast) -> None:
    # The outsider is no coordinator: the service refuses with its (lazy) module constant.
    with pytest.raises(PermissionDenied) as refused:
        ensure_coordinator(cast.professional, cast.coalition)
    with translation.override("en"):
        assert str(refused.value) == "Only a coordinator of this coalition may change this."
    with translation.override("nl"):
        assert str(refused.value) == "Alleen een coördinator van deze coalitie mag dit wijzigen."


def _messages(module_name: str) -> list[tuple[str, Promise]]:
    module = importlib.import_module(module_name)
    return [
        (name, value) for name, value in vars(module).items() if name.isupper() and isinstance(value, Promise)
    ]


@pytest.mark.parametrize("module_name", MESSAGE_MODULES)
def test_every_message_constant_has_an_english_translation(module_name: str) -> None:
    messages = _messages(module_name)
    assert messages, f"{module_name} has no lazy message constants"
    untranslated = []
    for name, message in messages:
        with translation.override("nl"):
            dutch = str(message)
        with translation.override("en"):
            english = str(message)
        if english == dutch:
            untranslated.append(name)
    assert not untranslated, f"no English for {module_name}: {', '.join(untranslated)}"
