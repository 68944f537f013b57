"""Adopting the 14 national actions of the vervolgaanpak: as is, adapted, once per coalition."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from kansrijk.coalitions.models import Action, Coalition
from kansrijk.coalitions.services._common import NOT_COORDINATOR
from kansrijk.coalitions.services.plan import (
    NATIONAL_ACTION_ADOPTED,
    OWNER_NOT_IN_COALITION,
    UNKNOWN_NATIONAL_ACTION,
    ambition_create,
    goal_create,
    national_action_adopt,
)
from kansrijk.coalitions.templates_data import national_action, national_actions, national_actions_source
from tests.coalitions.conftest import client_for
from tests.coalitions.test_plan_support import counts, foreign_partner, jgz, last_event
from tests.personas import Cast


def _url(name: str, *args: object) -> str:
    return reverse(f"coalitions:{name}", args=["test", *args])


def test_fourteen_actions_with_source() -> None:
    assert [a["nummer"] for a in national_actions()] == list(range(1, 15))
    assert "Vervolgaanpak Kansrijke Start 2022–2025" in national_actions_source()


def test_adopt_as_is(cast: Cast) -> None:
    action = national_action_adopt(coalition=cast.coalition, number=8, actor=cast.coordinator)
    template = national_action(8)
    assert action.title == template["titel"] and action.description == template["lijn"]
    assert action.national_action == 8 and action.goal is None and action.status == "gepland"
    event = last_event()
    assert event.action == "coalition.national_action_adopted" and event.changes["national_action"] == 8


def test_adopt_adapted(cast: Cast) -> None:
    ambition = ambition_create(coalition=cast.coalition, title="A", actor=cast.coordinator)
    goal = goal_create(ambition=ambition, title="G", actor=cast.coordinator)
    action = national_action_adopt(
        coalition=cast.coalition,
        number=7,
        title="Nu Niet Zwanger in Utrecht",
        description="Met de GGD.",
        goal=goal,
        owner=jgz(cast),
        due_date=datetime.date(2026, 6, 1),
        actor=cast.coordinator,
    )
    assert (action.title, action.description, action.goal, action.owner) == (
        "Nu Niet Zwanger in Utrecht",
        "Met de GGD.",
        goal,
        jgz(cast),
    )


def test_adopting_twice_is_refused_and_changes_nothing(cast: Cast) -> None:
    national_action_adopt(coalition=cast.coalition, number=3, actor=cast.coordinator)
    before = counts()
    with pytest.raises(ValidationError) as info:
        national_action_adopt(coalition=cast.coalition, number=3, title="Nog eens", actor=cast.coordinator)
    assert info.value.message_dict == {"number": [NATIONAL_ACTION_ADOPTED.format(number=3)]}
    assert counts() == before


def test_another_coalition_may_adopt_the_same_action(cast: Cast) -> None:
    national_action_adopt(coalition=cast.coalition, number=3, actor=cast.coordinator)
    elders = Coalition.objects.get(slug="elders")
    national_action_adopt(coalition=elders, number=3, actor=cast.other_coordinator)
    assert Action.objects.filter(national_action=3).count() == 2


def test_a_lost_race_on_the_constraint_gives_the_same_message(cast: Cast) -> None:
    national_action_adopt(coalition=cast.coalition, number=5, actor=cast.coordinator)
    before = counts()
    # Simulate a concurrent request that passed the exists() check: the DB constraint decides.
    with mock.patch("kansrijk.coalitions.services.plan.Action.objects.filter") as filter_:
        filter_.return_value.exists.return_value = False
        with pytest.raises(ValidationError) as info:
            national_action_adopt(coalition=cast.coalition, number=5, actor=cast.coordinator)
    assert info.value.message_dict == {"number": [NATIONAL_ACTION_ADOPTED.format(number=5)]}
    assert counts() == before


def test_the_database_refuses_a_duplicate_too(cast: Cast) -> None:
    national_action_adopt(coalition=cast.coalition, number=6, actor=cast.coordinator)
    with pytest.raises(IntegrityError):
        Action.objects.create(coalition=cast.coalition, title="x", national_action=6)


@pytest.mark.parametrize("number", [0, 15, -1, 99])
def test_unknown_number_is_refused(cast: Cast, number: int) -> None:
    before = counts()
    with pytest.raises(ValidationError) as info:
        national_action_adopt(coalition=cast.coalition, number=number, actor=cast.coordinator)
    assert info.value.message_dict == {"number": [UNKNOWN_NATIONAL_ACTION.format(number=number)]}
    assert counts() == before


def test_owner_outside_the_coalition_is_refused(cast: Cast) -> None:
    foreign = foreign_partner(cast)
    before = counts()
    with pytest.raises(ValidationError) as info:
        national_action_adopt(coalition=cast.coalition, number=1, owner=foreign, actor=cast.coordinator)
    assert info.value.message_dict == {"owner": [OWNER_NOT_IN_COALITION]}
    assert counts() == before


@pytest.mark.parametrize("who", ["partner_member", "national", "other_coordinator"])
def test_only_coordinators_adopt(cast: Cast, who: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as info:
        national_action_adopt(coalition=cast.coalition, number=1, actor=getattr(cast, who))
    assert str(info.value) == NOT_COORDINATOR
    assert counts() == before


# --- pages --------------------------------------------------------------------------------------------


def test_list_page_shows_all_fourteen_with_source_and_adopted(cast: Cast) -> None:
    national_action_adopt(coalition=cast.coalition, number=2, actor=cast.coordinator)
    html = client_for(cast.coordinator).get(_url("landelijke_acties")).content.decode()
    assert national_actions_source() in html
    for action in national_actions():
        assert escape(action["titel"]) in html
    assert html.count(">Overgenomen<") == 1
    assert html.count('name="number"') == 13  # one "Overnemen" form per action not yet adopted


@pytest.mark.parametrize("who", ["partner_member", "national"])
def test_readers_see_the_list_without_buttons(cast: Cast, who: str) -> None:
    response = client_for(getattr(cast, who)).get(_url("landelijke_acties"))
    assert response.status_code == 200
    assert 'name="number"' not in response.content.decode()


@pytest.mark.parametrize("who", ["other_coordinator", "outsider"])
def test_outsiders_get_404(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))
    assert client.get(_url("landelijke_acties")).status_code == 404
    assert client.get(_url("landelijke_actie_aanpassen", 1)).status_code == 404
    before = counts()
    assert client.post(_url("landelijke_actie_overnemen"), {"number": 1}).status_code == 404
    assert counts() == before


def test_anonymous_goes_to_login(cast: Cast) -> None:
    response = Client().get(_url("landelijke_acties"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    response = Client().post(_url("landelijke_actie_overnemen"), {"number": 1})
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize("who", ["partner_member", "national"])
def test_readers_may_not_adopt(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))
    before = counts()
    assert client.post(_url("landelijke_actie_overnemen"), {"number": 1}).status_code == 403
    assert client.get(_url("landelijke_actie_aanpassen", 1)).status_code == 403
    assert counts() == before


def test_adopt_as_is_from_the_page(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    response = client.post(_url("landelijke_actie_overnemen"), {"number": 4})
    action = Action.objects.get(coalition=cast.coalition, national_action=4)
    assert response.status_code == 302
    assert response["Location"] == _url("plan") + f"#actie-{action.public_id}"
    assert action.title == national_action(4)["titel"]


def test_adopt_twice_from_the_page_shows_the_reason(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    client.post(_url("landelijke_actie_overnemen"), {"number": 4})
    before = counts()
    response = client.post(_url("landelijke_actie_overnemen"), {"number": 4})
    assert response.status_code == 422
    assert NATIONAL_ACTION_ADOPTED.format(number=4) in response.content.decode()
    assert counts() == before


def test_unknown_number_from_the_page(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    before = counts()
    response = client.post(_url("landelijke_actie_overnemen"), {"number": 15})
    assert response.status_code == 422
    assert UNKNOWN_NATIONAL_ACTION.format(number=15) in response.content.decode()
    assert client.get(_url("landelijke_actie_aanpassen", 15)).status_code == 404
    assert counts() == before


def test_adapt_form_prefills_and_adopts(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    page = client.get(_url("landelijke_actie_aanpassen", 9)).content.decode()
    assert national_action(9)["titel"] in page
    assert f'action="{_url("landelijke_actie_overnemen")}"' in page
    data = {
        "number": 9,
        "title": "Gezinspoli Utrecht",
        "description": "",
        "goal": "",
        "owner": str(jgz(cast).public_id),
        "due_date": "2026-12-31",
    }
    assert client.post(_url("landelijke_actie_overnemen"), data).status_code == 302
    action = Action.objects.get(national_action=9)
    assert (action.title, action.description, action.owner, action.due_date) == (
        "Gezinspoli Utrecht",
        "",
        jgz(cast),
        datetime.date(2026, 12, 31),
    )


def test_adapt_form_refuses_an_owner_of_another_coalition(cast: Cast) -> None:
    foreign = foreign_partner(cast)
    before = counts()
    data = {"number": 9, "title": "", "description": "", "owner": str(foreign.public_id), "due_date": ""}
    response = client_for(cast.coordinator).post(_url("landelijke_actie_overnemen"), data)
    assert response.status_code == 422
    assert str(OWNER_NOT_IN_COALITION) in response.content.decode()
    assert counts() == before
