"""Duidingen: only a coordinator of a confirmed coalition with the municipality writes; everyone reads."""

from __future__ import annotations

import pytest
from django.test import Client

from kansrijk.areas.models import Area, Indicator
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.services import coalition_create
from kansrijk.startfoto.models import Duiding
from kansrijk.startfoto.services import duiding_create
from tests.personas import Cast, make_cast
from tests.system import TESTS

pytestmark = pytest.mark.django_db

URL = "/startfoto/GM0344/duiding/"


def confirm(*coalitions: Coalition) -> None:
    """Only confirmed coalitions write (and publish) duidingen; the confirmation itself is tested elsewhere."""
    Coalition.objects.filter(pk__in=[c.pk for c in coalitions]).update(status=CoalitionStatus.CONFIRMED)


@pytest.fixture
def cast() -> Cast:
    cast = make_cast()
    confirm(cast.coalition)
    return cast


def _post(client: Client, cast: Cast, text: str = "Veel jonge gezinnen in Overvecht.") -> object:
    return client.post(
        URL, {"indicator": "pct_0_15", "coalition": str(cast.coalition.public_id), "text": text}
    )


def test_coordinator_adds_a_note_with_audit(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    response = _post(client, cast, "  Veel jonge gezinnen in Overvecht.  ")
    assert response.status_code == 302
    assert response["Location"] == "/startfoto/GM0344/#indicator-pct_0_15"
    duiding = Duiding.objects.get()
    assert duiding.text == "Veel jonge gezinnen in Overvecht."
    assert duiding.coalition == cast.coalition and duiding.author == cast.coordinator
    assert duiding.municipality.code == "GM0344" and duiding.indicator.key == "pct_0_15"
    event = AuditEvent.objects.get(action="duiding.created")
    assert event.actor == cast.coordinator and event.object_id == str(duiding.public_id)
    assert event.changes["gemeente"] == "GM0344" and event.changes["indicator"] == "pct_0_15"


def test_everyone_reads_notes_with_author_and_date(client: Client, cast: Cast) -> None:
    duiding_create(
        coalition=cast.coalition,
        municipality=Area.objects.get(code="GM0344"),
        indicator=Indicator.objects.get(key="pct_0_15"),
        text="Let op: <b>veel</b> starters.",
        actor=cast.coordinator,
    )
    body = client.get("/startfoto/GM0344/").content.decode()
    assert "Let op: &lt;b&gt;veel&lt;/b&gt; starters." in body
    # The author by role and organisation, never by e-mail address (the page is public).
    assert "Coördinator coalitie, Gemeente Test" in body and "Coalitie Test" in body
    assert "coordinator@test.nl" not in body
    assert "<time datetime=" in body
    assert "Duiding toevoegen" not in body and "Verwijder mijn duiding" not in body


def test_coordinator_sees_the_form(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    body = client.get("/startfoto/GM0344/").content.decode()
    assert "Duiding toevoegen" in body and 'for="indicator-pct_0_15-tekst"' in body
    # Not for a municipality outside the coalition.
    assert "Duiding toevoegen" not in client.get("/startfoto/GM0363/").content.decode()


@pytest.mark.parametrize("persona", ["other_coordinator", "professional", "national"])
def test_other_roles_get_403_and_nothing_is_written(client: Client, cast: Cast, persona: str) -> None:
    client.force_login(getattr(cast, persona))
    response = _post(client, cast)
    assert response.status_code == 403
    assert not Duiding.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="duiding.").exists()


def test_anonymous_is_sent_to_login(client: Client, cast: Cast) -> None:
    response = _post(client, cast)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert not Duiding.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="duiding.").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Vul een duiding in."), ("   \n ", "Vul een duiding in."), ("x" * 4001, "ten hoogste 4000 tekens")],
)
def test_invalid_text_is_refused_in_dutch(client: Client, cast: Cast, text: str, message: str) -> None:
    client.force_login(cast.coordinator)
    response = _post(client, cast, text)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Duiding.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="duiding.").exists()


def test_coalition_of_someone_else_cannot_be_chosen(client: Client, cast: Cast) -> None:
    other = coalition_create(
        name="Coalitie Utrecht Noord",
        slug="utrecht-noord",
        municipalities=Area.objects.filter(code="GM0344"),
        first_coordinator=cast.other_coordinator,
        actor=TESTS,
    )
    client.force_login(cast.coordinator)
    response = client.post(URL, {"indicator": "pct_0_15", "coalition": str(other.public_id), "text": "Tekst"})
    assert response.status_code == 422
    assert "Kies de coalitie namens wie u de duiding schrijft." in response.content.decode()
    assert not Duiding.objects.exists()


def test_coordinator_of_two_coalitions_chooses_one(client: Client, cast: Cast) -> None:
    second = coalition_create(
        name="Regio Utrecht",
        slug="regio-utrecht",
        municipalities=Area.objects.filter(code="GM0344"),
        first_coordinator=cast.coordinator,
        actor=TESTS,
    )
    confirm(second)
    client.force_login(cast.coordinator)
    body = client.get("/startfoto/GM0344/").content.decode()
    assert 'for="indicator-pct_0_15-coalitie"' in body and "Regio Utrecht" in body
    response = client.post(
        URL, {"indicator": "pct_0_15", "coalition": str(second.public_id), "text": "Regionaal"}
    )
    assert response.status_code == 302 and Duiding.objects.get().coalition == second


def test_unknown_indicator_is_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    response = client.post(
        URL, {"indicator": "bestaat_niet", "coalition": str(cast.coalition.public_id), "text": "x"}
    )
    assert response.status_code == 404 and not Duiding.objects.exists()


def test_author_deletes_own_note_others_cannot(client: Client, cast: Cast) -> None:
    duiding = duiding_create(
        coalition=cast.coalition,
        municipality=Area.objects.get(code="GM0344"),
        indicator=Indicator.objects.get(key="pct_0_15"),
        text="Tijdelijk",
        actor=cast.coordinator,
    )
    url = f"/startfoto/GM0344/duiding/{duiding.public_id}/verwijderen/"
    client.force_login(cast.other_coordinator)
    assert client.post(url).status_code == 403
    assert Duiding.objects.exists()
    client.force_login(cast.coordinator)
    assert "Verwijder mijn duiding" in client.get("/startfoto/GM0344/").content.decode()
    response = client.post(url)
    assert response.status_code == 302 and not Duiding.objects.exists()
    event = AuditEvent.objects.get(action="duiding.deleted")
    assert event.actor == cast.coordinator and event.changes["tekst"] == "Tijdelijk"


def test_cached_page_for_readers_shows_a_new_and_hides_a_removed_note(client: Client, cast: Cast) -> None:
    """Readers get a cached page body; adding or removing a duiding must show at once."""
    assert "Nieuw inzicht over wijken" not in client.get("/startfoto/GM0344/").content.decode()
    writer = Client()
    writer.force_login(cast.coordinator)
    assert _post(writer, cast, "Nieuw inzicht over wijken").status_code == 302
    assert "Nieuw inzicht over wijken" in client.get("/startfoto/GM0344/").content.decode()
    note = Duiding.objects.get()
    writer.post(f"/startfoto/GM0344/duiding/{note.public_id}/verwijderen/")
    assert not Duiding.objects.exists()
    assert "Nieuw inzicht over wijken" not in client.get("/startfoto/GM0344/").content.decode()


def test_the_author_never_gets_the_readers_cached_page(client: Client, cast: Cast) -> None:
    writer = Client()
    writer.force_login(cast.coordinator)
    _post(writer, cast, "Eigen duiding")
    client.get("/startfoto/GM0344/")  # fills the readers' cache
    page = writer.get("/startfoto/GM0344/").content.decode()
    assert "Verwijder mijn duiding" in page and "Duiding toevoegen" in page
    assert "Verwijder mijn duiding" not in client.get("/startfoto/GM0344/").content.decode()
