"""Good practices: members publish for their own coalition; everyone in a coalition and the national
programme searches all published ones; who shared it or a coordinator edits or withdraws it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kansrijk.coalitions.models import Coalition, CoalitionStatus, GoodPractice
from kansrijk.coalitions.selectors.practices import practices_export, practices_search
from kansrijk.coalitions.services._common import NOT_MEMBER
from kansrijk.coalitions.services.practices import (
    ALREADY_WITHDRAWN,
    NOT_PRACTICE_EDITOR,
    practice_publish,
    practice_update,
    practice_withdraw,
)
from kansrijk.coalitions.views.practices import NO_ACCESS
from tests.coalitions.conftest import client_for
from tests.coalitions.test_plan_support import counts, kraamzorg_member, last_event
from tests.personas import Cast

FIELDS = {
    "title": "Babyspreekuur met budgetcoach",
    "target_group": "Ouders met geldzorgen",
    "description": "Een budgetcoach op het consultatiebureau.",
    "results": "Meer ouders bij schuldhulp.",
    "contact": "coach@example.nl",
    "theme": "armoede_schulden",
    "phase": "na_geboorte",
}


@pytest.fixture(autouse=True)
def _confirmed(cast: Cast) -> None:
    # Practices are shared across coalitions only once a coalition is confirmed (ADR 0008).
    Coalition.objects.filter(slug__in=["test", "elders"]).update(status=CoalitionStatus.CONFIRMED)


def _publish(cast: Cast, coalition: Coalition | None = None, **overrides: str) -> GoodPractice:
    coalition = coalition or cast.coalition
    actor = overrides.pop("actor", None) or (  # type: ignore[arg-type]
        cast.partner_member if coalition == cast.coalition else cast.other_coordinator
    )
    return practice_publish(coalition=coalition, actor=actor, **{**FIELDS, **overrides})  # type: ignore[arg-type]


def _url(name: str, *args: object) -> str:
    return reverse(f"coalitions:{name}", args=list(args))


# --- services -----------------------------------------------------------------------------------------


def test_partner_member_publishes_with_audit(cast: Cast) -> None:
    practice = _publish(cast)
    assert practice.published_by == cast.partner_member and practice.withdrawn_at is None
    event = last_event()
    assert event.action == "coalition.practice_published" and event.changes["theme"] == "armoede_schulden"


@pytest.mark.parametrize("who", ["national", "other_coordinator", "outsider"])
def test_only_members_publish_for_their_coalition(cast: Cast, who: str) -> None:
    before = counts()
    with pytest.raises(PermissionDenied) as info:
        practice_publish(coalition=cast.coalition, actor=getattr(cast, who), **FIELDS)
    assert str(info.value) == NOT_MEMBER
    assert counts() == before


def test_invalid_choice_is_refused(cast: Cast) -> None:
    before = counts()
    with pytest.raises(ValidationError) as info:
        _publish(cast, theme="onbekend")
    assert "theme" in info.value.message_dict
    assert counts() == before


def test_author_and_coordinator_edit_and_withdraw(cast: Cast) -> None:
    practice = _publish(cast)
    practice_update(practice=practice, actor=cast.partner_member, **{**FIELDS, "title": "Nieuw"})
    assert last_event().changes == {"title": [FIELDS["title"], "Nieuw"]}
    practice_update(practice=practice, actor=cast.coordinator, **{**FIELDS, "phase": "zwangerschap"})
    practice_withdraw(practice=practice, actor=cast.coordinator)
    assert practice.withdrawn_at is not None
    assert last_event().action == "coalition.practice_withdrawn"
    before = counts()
    with pytest.raises(ValidationError) as info:
        practice_withdraw(practice=practice, actor=cast.partner_member)
    assert info.value.messages == [ALREADY_WITHDRAWN]
    assert counts() == before


@pytest.mark.parametrize("who", ["national", "other_coordinator", "outsider", "kraam"])
def test_others_may_not_edit_or_withdraw(cast: Cast, who: str) -> None:
    practice = _publish(cast)
    user = kraamzorg_member(cast) if who == "kraam" else getattr(cast, who)  # a colleague in the coalition
    before = counts()
    for attempt in (
        lambda: practice_update(practice=practice, actor=user, **{**FIELDS, "title": "Gekaapt"}),
        lambda: practice_withdraw(practice=practice, actor=user),
    ):
        with pytest.raises(PermissionDenied) as info:
            attempt()
        assert str(info.value) == NOT_PRACTICE_EDITOR
    practice.refresh_from_db()
    assert practice.title == FIELDS["title"] and practice.withdrawn_at is None
    assert counts() == before


def test_search_by_theme_phase_and_text_across_coalitions(cast: Cast) -> None:
    own = _publish(cast)
    elders = Coalition.objects.get(slug="elders")
    other = _publish(
        cast,
        elders,
        title="Taalcafé voor ouders",
        theme="taal",
        phase="zwangerschap",
        description="Voorlezen",
    )
    withdrawn = _publish(cast, title="Oud", theme="taal")
    practice_withdraw(practice=withdrawn, actor=cast.coordinator)
    for user in (cast.partner_member, cast.other_coordinator, cast.national):
        assert set(practices_search(user=user)) == {own, other}
    assert list(practices_search(user=cast.coordinator, theme="taal")) == [other]
    assert list(practices_search(user=cast.coordinator, phase="na_geboorte")) == [own]
    assert list(practices_search(user=cast.coordinator, q="voorlezen")) == [other]
    assert list(practices_search(user=cast.coordinator, q="budgetcoach ouders")) == [own]
    assert list(practices_search(user=cast.outsider)) == []


def test_a_requested_coalitions_practices_stay_inside_it(cast: Cast) -> None:
    """A self-made coalition that is not confirmed cannot spread content to every coalition."""
    Coalition.objects.filter(slug="elders").update(status=CoalitionStatus.REQUESTED)
    elders = Coalition.objects.get(slug="elders")
    other = _publish(cast, elders, title="Taalcafé voor ouders", theme="taal")
    assert other not in set(practices_search(user=cast.partner_member))
    assert other not in set(practices_search(user=cast.national))
    assert other in set(practices_search(user=cast.other_coordinator))
    assert client_for(cast.partner_member).get(_url("praktijk", other.public_id)).status_code == 404


def test_export(cast: Cast) -> None:
    practice = _publish(cast)
    (row,) = practices_export(cast.coalition)
    assert row == {
        "wat": FIELDS["title"],
        "voor_wie": FIELDS["target_group"],
        "beschrijving": FIELDS["description"],
        "resultaten": FIELDS["results"],
        "contact": FIELDS["contact"],
        "thema": "armoede_schulden",
        "fase": "na_geboorte",
        "gedeeld_op": practice.created_at.date().isoformat(),
        "ingetrokken": False,
    }


# --- pages --------------------------------------------------------------------------------------------


def test_search_page_for_members_and_national(cast: Cast) -> None:
    _publish(cast)
    elders = Coalition.objects.get(slug="elders")
    _publish(cast, elders, title="Taalcafé voor ouders", theme="taal")
    for user in (cast.partner_member, cast.other_coordinator, cast.national):
        html = client_for(user).get(_url("praktijken")).content.decode()
        assert "Babyspreekuur met budgetcoach" in html and "Taalcafé voor ouders" in html
    html = client_for(cast.national).get(_url("praktijken"), {"thema": "taal"}).content.decode()
    assert "Taalcafé voor ouders" in html and "Babyspreekuur" not in html
    assert "Praktijk delen" not in html  # the national programme shares nothing itself
    html = client_for(cast.national).get(_url("praktijken"), {"q": "niets-te-vinden"}).content.decode()
    assert "Geen praktijken gevonden." in html
    assert "Praktijk delen" in client_for(cast.partner_member).get(_url("praktijken")).content.decode()


def test_search_page_refuses_users_outside_any_coalition(cast: Cast) -> None:
    response = client_for(cast.outsider).get(_url("praktijken"))
    assert response.status_code == 403
    assert str(NO_ACCESS) in response.content.decode()
    response = Client().get(_url("praktijken"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_detail_page(cast: Cast) -> None:
    practice = _publish(cast)
    html = client_for(cast.other_coordinator).get(_url("praktijk", practice.public_id)).content.decode()
    assert FIELDS["description"] in html and FIELDS["contact"] in html and "Coalitie Test" in html
    assert "Praktijk bewerken" not in html
    html = client_for(cast.partner_member).get(_url("praktijk", practice.public_id)).content.decode()
    assert "Praktijk bewerken" in html and "Praktijk intrekken" in html
    assert client_for(cast.outsider).get(_url("praktijk", practice.public_id)).status_code == 404


def test_withdrawn_practice_only_for_own_coalition(cast: Cast) -> None:
    practice = _publish(cast)
    practice_withdraw(practice=practice, actor=cast.coordinator)
    assert client_for(cast.other_coordinator).get(_url("praktijk", practice.public_id)).status_code == 404
    assert client_for(cast.national).get(_url("praktijk", practice.public_id)).status_code == 404
    html = client_for(cast.partner_member).get(_url("praktijk", practice.public_id)).content.decode()
    assert "Ingetrokken op" in html
    own_list = client_for(cast.partner_member).get(_url("praktijken_coalitie", "test")).content.decode()
    assert FIELDS["title"] in own_list and "Ingetrokken" in own_list
    national_list = client_for(cast.national).get(_url("praktijken_coalitie", "test")).content.decode()
    assert FIELDS["title"] not in national_list


def test_member_publishes_from_the_page(cast: Cast) -> None:
    client = client_for(cast.partner_member)
    assert client.get(_url("praktijk_nieuw", "test")).status_code == 200
    response = client.post(_url("praktijk_nieuw", "test"), FIELDS)
    practice = GoodPractice.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("praktijk", practice.public_id)
    assert practice.coalition == cast.coalition and practice.published_by == cast.partner_member


def test_publish_form_errors_answer_422(cast: Cast) -> None:
    before = counts()
    response = client_for(cast.partner_member).post(_url("praktijk_nieuw", "test"), {**FIELDS, "title": ""})
    assert response.status_code == 422 and "Dit veld is verplicht." in response.content.decode()
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "status"), [("national", 403), ("other_coordinator", 404), ("outsider", 404)]
)
def test_publish_refused(cast: Cast, who: str, status: int) -> None:
    client = client_for(getattr(cast, who))
    before = counts()
    assert client.get(_url("praktijk_nieuw", "test")).status_code == status
    assert client.post(_url("praktijk_nieuw", "test"), FIELDS).status_code == status
    assert counts() == before


def test_edit_and_withdraw_pages(cast: Cast) -> None:
    practice = _publish(cast)
    client = client_for(cast.partner_member)
    edit = _url("praktijk_bewerken", "test", practice.public_id)
    assert f'value="{FIELDS["title"]}"' in client.get(edit).content.decode()
    assert client.post(edit, {**FIELDS, "title": "Nieuwe naam"}).status_code == 302
    practice.refresh_from_db()
    assert practice.title == "Nieuwe naam"
    withdraw = _url("praktijk_intrekken", "test", practice.public_id)
    assert "Wilt u" in client.get(withdraw).content.decode()
    assert client.post(withdraw).status_code == 302
    practice.refresh_from_db()
    assert practice.withdrawn_at is not None


@pytest.mark.parametrize(
    ("who", "status"), [("national", 403), ("other_coordinator", 404), ("outsider", 404), ("kraam", 403)]
)
def test_edit_and_withdraw_refused(cast: Cast, who: str, status: int) -> None:
    practice = _publish(cast)
    user = kraamzorg_member(cast) if who == "kraam" else getattr(cast, who)
    client = client_for(user)
    before = counts()
    for url in (
        _url("praktijk_bewerken", "test", practice.public_id),
        _url("praktijk_intrekken", "test", practice.public_id),
    ):
        assert client.get(url).status_code == status
        assert client.post(url, {**FIELDS, "title": "Gekaapt"}).status_code == status
    practice.refresh_from_db()
    assert practice.title == FIELDS["title"] and practice.withdrawn_at is None
    assert counts() == before


def test_editing_another_coalitions_practice_through_own_slug_is_404(cast: Cast) -> None:
    elders = Coalition.objects.get(slug="elders")
    practice = _publish(cast, elders)
    before = counts()
    client = client_for(cast.coordinator)
    assert client.post(_url("praktijk_bewerken", "test", practice.public_id), FIELDS).status_code == 404
    assert client.post(_url("praktijk_intrekken", "elders", practice.public_id)).status_code == 404
    assert counts() == before
