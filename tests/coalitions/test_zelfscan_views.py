"""Zelfscan pages per persona: coordinator, partner member, national programme, member of another
coalition, outsider, anonymous. Every write view also has its denied case, with nothing changed."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.zelfscan import statement_field_name
from kansrijk.coalitions.models import ZelfscanAnswer, ZelfscanResponse, ZelfscanRound
from kansrijk.coalitions.services import zelfscan as svc
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import active_statements, answers_for, open_round
from tests.personas import Cast

READERS = ("coordinator", "partner_member", "national")
STRANGERS = ("other_coordinator", "outsider")


def _state() -> tuple[int, int, int, int]:
    return (
        ZelfscanRound.objects.count(),
        ZelfscanResponse.objects.count(),
        ZelfscanAnswer.objects.count(),
        AuditEvent.objects.count(),
    )


def _post_data(value: object = 3) -> dict[str, object]:
    return {statement_field_name(s): value for s in active_statements()}


def _text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


# --- the rounds page -------------------------------------------------------------------------------


def test_rounds_page_per_persona(cast: Cast) -> None:
    url = reverse("coalitions:zelfscan", args=["test"])
    page = _text(client_for(cast.coordinator).get(url))
    assert "Nog geen zelfscan ingevuld" in page
    assert "Ronde starten" in page and "Naam van de ronde" in page
    assert "eigen vragenlijst van Kansrijk" in page
    for who in ("partner_member", "national"):
        response = client_for(getattr(cast, who)).get(url)
        assert response.status_code == 200
        assert "Ronde starten" not in _text(response)
    assert "U leest mee als landelijk programma" in _text(client_for(cast.national).get(url))
    for who in STRANGERS:
        assert client_for(getattr(cast, who)).get(url).status_code == 404


def test_rounds_table_shows_organisations_not_persons(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator, name="Voorjaar")
    svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round), actor=cast.partner_member)
    page = _text(client_for(cast.coordinator).get(reverse("coalitions:zelfscan", args=["test"])))
    assert "JGZ Test" in page and "Voorjaar" in page
    assert "jgz@test.nl" not in page
    assert "Antwoorden wijzigen" not in page  # the coordinator has not answered yet
    assert "Zelfscan invullen" in page and "Ronde sluiten" in page
    page = _text(client_for(cast.partner_member).get(reverse("coalitions:zelfscan", args=["test"])))
    assert "Antwoorden wijzigen" in page and "Ronde sluiten" not in page
    page = _text(client_for(cast.national).get(reverse("coalitions:zelfscan", args=["test"])))
    assert "Zelfscan invullen" not in page and "Resultaten bekijken" in page


def test_coordinator_opens_a_round_through_the_page(cast: Cast) -> None:
    url = reverse("coalitions:zelfscan_round_open", args=["test"])
    response = client_for(cast.coordinator).post(url, {"name": "Nulmeting", "opened_on": "2025-04-01"})
    assert response.status_code == 302
    zs_round = ZelfscanRound.objects.get()
    assert zs_round.name == "Nulmeting" and str(zs_round.opened_on) == "2025-04-01"


def test_open_round_with_bad_input_is_422_and_stores_nothing(cast: Cast) -> None:
    url = reverse("coalitions:zelfscan_round_open", args=["test"])
    client = client_for(cast.coordinator)
    before = _state()
    response = client.post(url, {"name": "", "opened_on": "geen datum"})
    assert response.status_code == 422
    assert _state() == before
    open_round(cast.coalition, cast.coordinator, name="Lopend")
    before = _state()
    response = client.post(url, {"name": "Nog een", "opened_on": "2025-04-01"})
    assert response.status_code == 422
    assert svc.ROUND_ALREADY_OPEN.format(name="Lopend") in _text(response)
    assert _state() == before


def test_others_cannot_open_a_round(cast: Cast) -> None:
    url = reverse("coalitions:zelfscan_round_open", args=["test"])
    data = {"name": "X", "opened_on": "2025-04-01"}
    before = _state()
    for who, status in [
        ("partner_member", 403),
        ("national", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ]:
        assert client_for(getattr(cast, who)).post(url, data).status_code == status, who
    response = Client().post(url, data)
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert _state() == before


def test_close_round_per_persona(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_round_close", args=["test", zs_round.public_id])
    for who, status in [
        ("partner_member", 403),
        ("national", 403),
        ("other_coordinator", 404),
        ("outsider", 404),
    ]:
        assert client_for(getattr(cast, who)).post(url).status_code == status, who
    zs_round.refresh_from_db()
    assert not zs_round.closed
    assert client_for(cast.coordinator).get(url).status_code == 405
    assert client_for(cast.coordinator).post(url).status_code == 302
    zs_round.refresh_from_db()
    assert zs_round.closed


# --- answering -------------------------------------------------------------------------------------


def test_answer_form_is_accessible_markup(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    page = _text(client_for(cast.partner_member).get(url))
    statements = active_statements()
    assert page.count("<fieldset") == len(statements)
    assert page.count("<legend") == len(statements)
    for s in statements:
        assert f">{s.text}</legend>" in page
    assert page.count('type="radio"') == 5 * len(statements)
    # Every radio button has a visible label tied to it.
    ids = re.findall(r'<input type="radio"[^>]* id="([^"]+)"', page)
    assert len(ids) == 5 * len(statements)
    for radio_id in ids:
        assert f'for="{radio_id}"' in page
    assert "1 – Helemaal niet mee eens" in page and "5 – Helemaal mee eens" in page
    assert "Antwoorden opslaan" in page


def test_member_answers_and_edits(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    client = client_for(cast.partner_member)
    response = client.post(url, _post_data(4))
    assert response.status_code == 302
    assert response["Location"] == reverse("coalitions:zelfscan_round", args=["test", zs_round.public_id])
    assert set(ZelfscanAnswer.objects.values_list("value", flat=True)) == {4}
    # Back on the form the earlier answers are filled in; a second submit edits the same response.
    page = _text(client.get(url))
    assert "U heeft deze ronde al ingevuld" in page
    assert page.count("checked") == len(active_statements())
    assert client.post(url, _post_data(2)).status_code == 302
    assert ZelfscanResponse.objects.count() == 1
    assert set(ZelfscanAnswer.objects.values_list("value", flat=True)) == {2}


@pytest.mark.parametrize("bad", ["0", "6", "drie"])
def test_answer_outside_the_scale_gives_422_naming_the_statement(cast: Cast, bad: str) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    statement = active_statements()[3]
    data = _post_data(3)
    data[statement_field_name(statement)] = bad
    before = _state()
    response = client_for(cast.partner_member).post(url, data)
    assert response.status_code == 422
    page = _text(response)
    assert svc.ANSWER_OUT_OF_SCALE.format(statement=statement.text, value=bad) in page
    assert "Uw antwoorden zijn niet opgeslagen." in page
    assert _state() == before


def test_missing_answer_gives_422_naming_the_statement(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    statement = active_statements()[-1]
    data = _post_data(3)
    del data[statement_field_name(statement)]
    before = _state()
    response = client_for(cast.coordinator).post(url, data)
    assert response.status_code == 422
    assert svc.ANSWER_MISSING.format(statement=statement.text) in _text(response)
    assert f'href="#fs-{statement_field_name(statement)}"' in _text(response)
    assert _state() == before


def test_closed_round_cannot_be_answered(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    svc.zelfscan_round_close(round=zs_round, actor=cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    client = client_for(cast.partner_member)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("coalitions:zelfscan_round", args=["test", zs_round.public_id])
    before = _state()
    response = client.post(url, _post_data(3))
    assert response.status_code == 422
    assert svc.ROUND_CLOSED.format(name=zs_round.name) in _text(response)
    assert _state() == before


def test_national_reads_but_cannot_answer_and_strangers_get_404(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id])
    before = _state()
    assert client_for(cast.national).get(url).status_code == 403
    assert client_for(cast.national).post(url, _post_data(3)).status_code == 403
    for who in STRANGERS:
        assert client_for(getattr(cast, who)).get(url).status_code == 404
        assert client_for(getattr(cast, who)).post(url, _post_data(3)).status_code == 404
    response = Client().post(url, _post_data(3))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert _state() == before


# --- results ---------------------------------------------------------------------------------------


def test_results_page_per_persona(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_round", args=["test", zs_round.public_id])
    assert "Nog geen zelfscan ingevuld in deze ronde" in _text(client_for(cast.coordinator).get(url))
    svc.zelfscan_response_submit(round=zs_round, answers=answers_for(zs_round, 4), actor=cast.partner_member)
    for who in READERS:
        response = client_for(getattr(cast, who)).get(url)
        assert response.status_code == 200, who
        page = _text(response)
        assert "Samenvatting per thema" in page and "JGZ Test" in page
        assert "eigen vragenlijst van Kansrijk" in page
        assert 'role="img"' in page and "<caption" in page
    assert "Zelfscan invullen" not in _text(client_for(cast.national).get(url))
    for who in STRANGERS:
        assert client_for(getattr(cast, who)).get(url).status_code == 404
    response = Client().get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_a_round_is_only_found_under_its_own_coalition(cast: Cast) -> None:
    from kansrijk.coalitions.models import Coalition

    elders = Coalition.objects.get(slug="elders")
    other_round = open_round(elders, cast.other_coordinator, name="Elders")
    for name in ("zelfscan_round", "zelfscan_answer"):
        url = reverse(f"coalitions:{name}", args=["test", other_round.public_id])
        assert client_for(cast.coordinator).get(url).status_code == 404
    url = reverse("coalitions:zelfscan_round", args=["elders", other_round.public_id])
    assert client_for(cast.coordinator).get(url).status_code == 404
    assert client_for(cast.national).get(url).status_code == 200
