"""Duidingen are public only for confirmed coalitions, and reach the startfoto through a hook, not an import."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client

from kansrijk.areas.models import Area, Indicator
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.startfoto import hooks
from kansrijk.startfoto.models import Duiding
from tests.personas import Cast, make_cast

pytestmark = pytest.mark.django_db

URL = "/startfoto/GM0344/duiding/"


@pytest.fixture
def cast() -> Cast:
    return make_cast()  # "Coalitie Test" is only requested, not confirmed


def _note(cast: Cast, text: str) -> Duiding:
    """A note as it stands in the table (e.g. written before the coalition was refused)."""
    return Duiding.objects.create(
        coalition=cast.coalition,
        municipality=Area.objects.get(code="GM0344"),
        indicator=Indicator.objects.get(key="pct_0_15"),
        text=text,
        author=cast.coordinator,
        author_label="Coördinator coalitie, Gemeente Test",
    )


def test_coordinator_of_an_unconfirmed_coalition_cannot_write(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    assert "Duiding toevoegen" not in client.get("/startfoto/GM0344/").content.decode()
    response = client.post(
        URL, {"indicator": "pct_0_15", "coalition": str(cast.coalition.public_id), "text": "Nep"}
    )
    assert response.status_code == 403 and not Duiding.objects.exists()


@pytest.mark.parametrize("status", [CoalitionStatus.REQUESTED, CoalitionStatus.REFUSED])
def test_notes_of_unconfirmed_coalitions_are_not_shown(client: Client, cast: Cast, status: str) -> None:
    Coalition.objects.filter(pk=cast.coalition.pk).update(status=status)
    _note(cast, "Niet bevestigd inzicht")
    assert "Niet bevestigd inzicht" not in client.get("/startfoto/GM0344/").content.decode()
    Coalition.objects.filter(pk=cast.coalition.pk).update(status=CoalitionStatus.CONFIRMED)
    body = client.get("/startfoto/GM0344/").content.decode()
    assert "Niet bevestigd inzicht" in body
    assert "Coördinator coalitie, Gemeente Test" in body and "coordinator@test.nl" not in body


def test_without_a_provider_nobody_writes_and_nothing_is_shown(client: Client, cast: Cast) -> None:
    """The startfoto works on its own: the coalition layer registers the provider in its ready()."""
    Coalition.objects.filter(pk=cast.coalition.pk).update(status=CoalitionStatus.CONFIRMED)
    _note(cast, "Zichtbaar met provider")
    registered = hooks.duiding_provider()
    assert registered is not hooks._NONE  # CoalitionsConfig.ready() registered it
    hooks.register_duiding_provider(hooks._NONE)
    try:
        client.force_login(cast.coordinator)
        body = client.get("/startfoto/GM0344/").content.decode()
        assert "Zichtbaar met provider" not in body and "Duiding toevoegen" not in body
    finally:
        hooks.register_duiding_provider(registered)


def test_old_labels_with_an_email_address_are_rewritten(cast: Cast) -> None:
    """Migration startfoto 0002: notes written before showed the author's e-mail address to the public."""
    from django.apps import apps

    migration = importlib.import_module(
        "kansrijk.startfoto.migrations.0002_duiding_author_label_without_email"
    )
    note = _note(cast, "Oud")
    Duiding.objects.filter(pk=note.pk).update(author_label="coordinator@test.nl")
    migration.relabel(apps, None)
    note.refresh_from_db()
    assert note.author_label == "Coördinator coalitie, Gemeente Test"
