"""Plan pages per persona: coordinator edits, partner member reads and moves its own actions, national
reads, another coalition gets 404, anonymous goes to the login page."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kansrijk.areas.models import Indicator
from kansrijk.coalitions.models import Action, Ambition, Coalition, Goal
from kansrijk.coalitions.services.plan import (
    INVALID_TRANSITION,
    OWNER_NOT_IN_COALITION,
    action_create,
    ambition_create,
    goal_create,
)
from tests.coalitions.conftest import client_for
from tests.coalitions.test_plan_support import counts, foreign_partner, jgz, kraamzorg, last_event
from tests.personas import Cast


def _url(name: str, *args: object, slug: str = "test") -> str:
    return reverse(f"coalitions:{name}", args=[slug, *args])


@pytest.fixture
def tree(cast: Cast) -> dict[str, object]:
    ambition = ambition_create(coalition=cast.coalition, title="Gezonde start", actor=cast.coordinator)
    goal = goal_create(
        ambition=ambition,
        title="Minder armoede",
        indicators=Indicator.objects.filter(key="pct_hh_laag_inkomen"),
        actor=cast.coordinator,
    )
    own = action_create(
        coalition=cast.coalition, title="JGZ-actie", goal=goal, owner=jgz(cast), actor=cast.coordinator
    )
    other = action_create(
        coalition=cast.coalition,
        title="Kraamzorg-actie",
        goal=goal,
        owner=kraamzorg(cast),
        due_date=timezone.localdate() - datetime.timedelta(days=3),
        actor=cast.coordinator,
    )
    loose = action_create(coalition=cast.coalition, title="Losse actie", actor=cast.coordinator)
    return {"ambition": ambition, "goal": goal, "own": own, "other": other, "loose": loose}


def _status_forms(html: str) -> int:
    return html.count('name="to"')


def test_coordinator_sees_tree_tools_and_all_status_buttons(cast: Cast, tree: dict[str, object]) -> None:
    html = client_for(cast.coordinator).get(_url("plan")).content.decode()
    for text in ("Gezonde start", "Minder armoede", "JGZ-actie", "Kraamzorg-actie", "Losse actie"):
        assert text in html
    assert "Ambitie toevoegen" in html and "Landelijke acties overnemen" in html
    assert "Acties zonder doel" in html
    assert html.count(">Starten<") == 3  # every planned action: Starten + Stoppen
    assert html.count("Te laat") == 1  # the overdue kraamzorg action, in words
    assert "JGZ Test" in html and "Kraamzorg Test" in html


def test_partner_member_reads_and_gets_buttons_only_for_own_actions(
    cast: Cast, tree: dict[str, object]
) -> None:
    html = client_for(cast.partner_member).get(_url("plan")).content.decode()
    assert "Kraamzorg-actie" in html
    assert "Ambitie toevoegen" not in html and "Bewerken" not in html
    assert html.count(">Starten<") == 1
    assert f'action="{_url("actie_status", tree["own"].public_id)}"' in html  # type: ignore[attr-defined]


def test_national_reads_without_any_button(cast: Cast, tree: dict[str, object]) -> None:
    html = client_for(cast.national).get(_url("plan")).content.decode()
    assert "JGZ-actie" in html
    assert _status_forms(html) == 0 and "Ambitie toevoegen" not in html


def test_goal_shows_latest_figure_per_municipality_and_nederland(cast: Cast, tree: dict[str, object]) -> None:
    html = client_for(cast.coordinator).get(_url("plan")).content.decode()
    title = Indicator.objects.get(key="pct_hh_laag_inkomen").title
    assert f'<caption class="utrecht-table__caption">{title}</caption>' in html
    assert ">Utrecht<" in html and ">Nederland<" in html
    assert "Laatste cijfer" in html and "Bron" in html


def test_plan_page_queries_do_not_grow_with_the_tree(cast: Cast, tree: dict[str, object]) -> None:
    client = client_for(cast.coordinator)
    client.get(_url("plan"))
    with CaptureQueriesContext(connection) as small:
        client.get(_url("plan"))
    for i in range(3):
        ambition = ambition_create(coalition=cast.coalition, title=f"A{i}", actor=cast.coordinator)
        goal = goal_create(
            ambition=ambition, title=f"G{i}", indicators=Indicator.objects.all()[:3], actor=cast.coordinator
        )
        for j in range(3):
            action_create(
                coalition=cast.coalition, title=f"X{i}{j}", goal=goal, owner=jgz(cast), actor=cast.coordinator
            )
    with CaptureQueriesContext(connection) as large:
        client.get(_url("plan"))
    assert len(large) == len(small)


def test_empty_plan_has_a_clear_empty_state(cast: Cast) -> None:
    html = client_for(cast.coordinator).get(_url("plan")).content.decode()
    assert "Het plan is nog leeg." in html


@pytest.mark.parametrize("name", ["plan", "ambitie_nieuw", "actie_nieuw", "landelijke_acties"])
def test_anonymous_goes_to_login(cast: Cast, name: str) -> None:
    response = Client().get(_url(name))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def _object_urls(tree: dict[str, object]) -> list[tuple[str, str]]:
    a, g, x = tree["ambition"].public_id, tree["goal"].public_id, tree["own"].public_id  # type: ignore[attr-defined]
    return [
        ("GET", _url("ambitie_nieuw")),
        ("GET", _url("ambitie_bewerken", a)),
        ("GET", _url("ambitie_verwijderen", a)),
        ("GET", _url("doel_nieuw", a)),
        ("GET", _url("doel_bewerken", g)),
        ("GET", _url("doel_verwijderen", g)),
        ("GET", _url("actie_nieuw")),
        ("GET", _url("actie_bewerken", x)),
        ("GET", _url("actie_verwijderen", x)),
        ("POST", _url("ambitie_nieuw")),
        ("POST", _url("ambitie_bewerken", a)),
        ("POST", _url("ambitie_verwijderen", a)),
        ("POST", _url("doel_verwijderen", g)),
        ("POST", _url("actie_verwijderen", x)),
        ("POST", _url("actie_bewerken", x)),
    ]


@pytest.mark.parametrize(
    ("who", "status"),
    [("partner_member", 403), ("national", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_editing_is_for_coordinators_only(cast: Cast, tree: dict[str, object], who: str, status: int) -> None:
    client = client_for(getattr(cast, who))
    before = counts()
    for method, url in _object_urls(tree):
        response = client.get(url) if method == "GET" else client.post(url, {"title": "Overgenomen!"})
        assert response.status_code == status, (method, url)
    assert counts() == before
    assert Ambition.objects.get(pk=tree["ambition"].pk).title == "Gezonde start"  # type: ignore[attr-defined]


def test_coordinator_cannot_reach_another_coalitions_objects_through_own_slug(cast: Cast) -> None:
    elders = Coalition.objects.get(slug="elders")
    ambition = ambition_create(coalition=elders, title="Elders", actor=cast.other_coordinator)
    before = counts()
    client = client_for(cast.coordinator)
    assert client.post(_url("ambitie_bewerken", ambition.public_id), {"title": "Van mij"}).status_code == 404
    assert (
        client.post(
            _url("ambitie_bewerken", ambition.public_id, slug="elders"), {"title": "Van mij"}
        ).status_code
        == 404
    )
    ambition.refresh_from_db()
    assert ambition.title == "Elders"
    assert counts() == before


def test_coordinator_creates_ambition_goal_and_action(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert client.get(_url("ambitie_nieuw")).status_code == 200
    response = client.post(_url("ambitie_nieuw"), {"title": "Sterk ouderschap", "description": ""})
    ambition = Ambition.objects.get(title="Sterk ouderschap")
    assert response["Location"] == _url("plan") + f"#ambitie-{ambition.public_id}"
    page = client.get(_url("doel_nieuw", ambition.public_id)).content.decode()
    assert 'type="checkbox"' in page and "<legend" in page
    response = client.post(
        _url("doel_nieuw", ambition.public_id),
        {"title": "Meer voorlezen", "indicators": ["inwoners", "pct_hh_laag_inkomen"]},
    )
    goal = Goal.objects.get(title="Meer voorlezen")
    assert sorted(goal.indicators.values_list("key", flat=True)) == ["inwoners", "pct_hh_laag_inkomen"]
    response = client.post(
        _url("actie_nieuw"),
        {
            "title": "Voorleesexpress",
            "goal": str(goal.public_id),
            "owner": str(jgz(cast).public_id),
            "due_date": "2027-03-01",
        },
    )
    action = Action.objects.get(title="Voorleesexpress")
    assert (action.goal, action.owner, action.due_date) == (goal, jgz(cast), datetime.date(2027, 3, 1))
    assert last_event().action == "coalition.action_created"


def test_invalid_form_answers_422_with_the_message(cast: Cast) -> None:
    before = counts()
    response = client_for(cast.coordinator).post(_url("ambitie_nieuw"), {"title": ""})
    assert response.status_code == 422
    assert "Vul een titel in." in response.content.decode()
    assert counts() == before


def test_owner_outside_the_coalition_is_refused_in_the_form(cast: Cast) -> None:
    foreign = foreign_partner(cast)
    before = counts()
    response = client_for(cast.coordinator).post(
        _url("actie_nieuw"), {"title": "X", "owner": str(foreign.public_id)}
    )
    assert response.status_code == 422
    assert str(OWNER_NOT_IN_COALITION) in response.content.decode()
    assert counts() == before


def test_edit_and_delete_action(cast: Cast, tree: dict[str, object]) -> None:
    client = client_for(cast.coordinator)
    action = tree["own"]
    page = client.get(_url("actie_bewerken", action.public_id)).content.decode()  # type: ignore[attr-defined]
    assert 'value="JGZ-actie"' in page
    data = {"title": "Nieuwe titel", "description": "", "goal": "", "owner": "", "due_date": ""}
    assert client.post(_url("actie_bewerken", action.public_id), data).status_code == 302  # type: ignore[attr-defined]
    action.refresh_from_db()  # type: ignore[attr-defined]
    assert action.title == "Nieuwe titel" and action.goal is None and action.owner is None  # type: ignore[attr-defined]
    assert "Wilt u de actie" in client.get(_url("actie_verwijderen", action.public_id)).content.decode()  # type: ignore[attr-defined]
    assert client.post(_url("actie_verwijderen", action.public_id)).status_code == 302  # type: ignore[attr-defined]
    assert not Action.objects.filter(pk=action.pk).exists()  # type: ignore[attr-defined]


def test_partner_member_moves_own_action_from_the_page(cast: Cast, tree: dict[str, object]) -> None:
    action = tree["own"]
    client = client_for(cast.partner_member)
    response = client.post(_url("actie_status", action.public_id), {"to": "lopend"})  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert response["Location"].endswith(f"#actie-{action.public_id}")  # type: ignore[attr-defined]
    action.refresh_from_db()  # type: ignore[attr-defined]
    assert action.status == "lopend"  # type: ignore[attr-defined]


def test_invalid_transition_from_the_page_answers_422(cast: Cast, tree: dict[str, object]) -> None:
    action = tree["own"]
    before = counts()
    response = client_for(cast.coordinator).post(_url("actie_status", action.public_id), {"to": "afgerond"})  # type: ignore[attr-defined]
    assert response.status_code == 422
    assert INVALID_TRANSITION.format(current="Gepland", to="Afgerond") in response.content.decode()
    assert "De status is niet gewijzigd." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "status"), [("national", 403), ("other_coordinator", 404), ("outsider", 404)]
)
def test_status_change_refused(cast: Cast, tree: dict[str, object], who: str, status: int) -> None:
    action = tree["own"]
    before = counts()
    response = client_for(getattr(cast, who)).post(_url("actie_status", action.public_id), {"to": "lopend"})  # type: ignore[attr-defined]
    assert response.status_code == status
    assert counts() == before


def test_partner_member_may_not_move_another_organisations_action(
    cast: Cast, tree: dict[str, object]
) -> None:
    action = tree["other"]
    before = counts()
    response = client_for(cast.partner_member).post(_url("actie_status", action.public_id), {"to": "lopend"})  # type: ignore[attr-defined]
    assert response.status_code == 403
    assert counts() == before
