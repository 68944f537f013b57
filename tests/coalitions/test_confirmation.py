"""Coalition confirmation (issue "Ready for personal data", item 9): a new coalition is "aangevraagd" until
the national programme or the platform admin confirms it; only confirmed coalitions are public."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import Role, User
from kansrijk.accounts.services import membership_grant
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.demo.confirmation import demo_confirm
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.selectors.confirmation import (
    coalition_is_public,
    comparable_coalitions,
    confirmed_coalitions,
)
from kansrijk.coalitions.services.coalition import RESERVED_SLUGS
from kansrijk.coalitions.services.confirmation import (
    MAY_NOT_DECIDE,
    MAY_NOT_REREQUEST,
    NOTE_REQUIRED,
    OWN_COALITION,
    STATUS_TRANSITIONS,
    coalition_confirm,
    coalition_refuse,
    coalition_rerequest,
)
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import make_platform_admin
from tests.mfa import give_totp
from tests.personas import Cast
from tests.system import TESTS

S = CoalitionStatus
LIST = reverse("coalitions:aanvragen")
BANNER = "Aangevraagd: het landelijk programma moet deze coalitie nog bevestigen."


@pytest.fixture
def admin(cast: Cast) -> User:
    user = make_platform_admin()
    give_totp(user)
    return user


def _events(coalition: Coalition) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(coalition.public_id), action__startswith="coalition.")
        .exclude(action__in=["coalition.created"])
        .order_by("at", "id")
        .values_list("action", flat=True)
    )


def _set_status(coalition: Coalition, status: str) -> None:
    Coalition.objects.filter(pk=coalition.pk).update(status=status)
    coalition.refresh_from_db()


# --- the service and its transition table ------------------------------------------------------------------


def test_a_new_coalition_is_requested_and_not_public(cast: Cast) -> None:
    assert cast.coalition.status == S.REQUESTED
    assert not coalition_is_public(cast.coalition)
    assert not confirmed_coalitions().filter(pk=cast.coalition.pk).exists()
    assert not comparable_coalitions().filter(pk=cast.coalition.pk).exists()


def test_national_confirms_with_audit_event(cast: Cast) -> None:
    coalition_confirm(coalition=cast.coalition, actor=cast.national, note="  Klopt  ")
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.CONFIRMED and cast.coalition.status_note == "Klopt"
    assert cast.coalition.status_changed_by == cast.national and cast.coalition.status_changed_at
    assert coalition_is_public(cast.coalition)
    assert confirmed_coalitions().filter(pk=cast.coalition.pk).exists()
    event = AuditEvent.objects.get(action="coalition.confirmed")
    assert event.actor == cast.national and event.changes["status"] == [S.REQUESTED, S.CONFIRMED]


def test_platform_admin_refuses_only_with_a_note(cast: Cast, admin: User) -> None:
    with pytest.raises(ValidationError) as exc:
        coalition_refuse(coalition=cast.coalition, actor=admin, note="   ")
    assert exc.value.message_dict == {"note": [NOTE_REQUIRED]}
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED and _events(cast.coalition) == []
    coalition_refuse(coalition=cast.coalition, actor=admin, note="Utrecht heeft al een coalitie.")
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REFUSED
    assert cast.coalition.status_note == "Utrecht heeft al een coalitie."
    assert _events(cast.coalition) == ["coalition.refused"]
    assert not coalition_is_public(cast.coalition)


@pytest.mark.parametrize("who", ["coordinator", "partner_member", "outsider", "other_coordinator"])
def test_others_may_not_decide(cast: Cast, who: str) -> None:
    actor = getattr(cast, who)
    with pytest.raises(PermissionDenied, match=str(MAY_NOT_DECIDE)):
        coalition_confirm(coalition=cast.coalition, actor=actor)
    with pytest.raises(PermissionDenied, match=str(MAY_NOT_DECIDE)):
        coalition_refuse(coalition=cast.coalition, actor=actor, note="nee")
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED and _events(cast.coalition) == []


def test_nobody_confirms_their_own_coalition(cast: Cast) -> None:
    # Someone who is both in the national programme and coordinator of the coalition: four eyes.
    membership_grant(
        user=cast.coordinator,
        organisation=cast.national.memberships.get().organisation,
        role=Role.NATIONAL,
        actor=TESTS,
    )
    with pytest.raises(PermissionDenied, match=str(OWN_COALITION)):
        coalition_confirm(coalition=cast.coalition, actor=cast.coordinator)
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED


# Every (from, to) pair: the service of the target status, and whether the table allows it.
SERVICES = {
    S.CONFIRMED: lambda c, cast: coalition_confirm(coalition=c, actor=cast.national),
    S.REFUSED: lambda c, cast: coalition_refuse(coalition=c, actor=cast.national, note="Nee."),
    S.REQUESTED: lambda c, cast: coalition_rerequest(coalition=c, actor=cast.coordinator),
}


@pytest.mark.parametrize("old", list(S))
@pytest.mark.parametrize("new", list(S))
def test_transition_table(cast: Cast, old: str, new: str) -> None:
    _set_status(cast.coalition, old)
    allowed = new in STATUS_TRANSITIONS[old]
    assert allowed == (
        (old, new) in {(S.REQUESTED, S.CONFIRMED), (S.REQUESTED, S.REFUSED), (S.REFUSED, S.REQUESTED)}
    )
    if allowed:
        SERVICES[new](cast.coalition, cast)
        cast.coalition.refresh_from_db()
        assert cast.coalition.status == new
    else:
        with pytest.raises(ValidationError):
            SERVICES[new](cast.coalition, cast)
        cast.coalition.refresh_from_db()
        assert cast.coalition.status == old and _events(cast.coalition) == []


def test_only_a_coordinator_rerequests(cast: Cast) -> None:
    coalition_refuse(coalition=cast.coalition, actor=cast.national, note="Kartrekker klopt niet.")
    for actor in (cast.partner_member, cast.national, cast.other_coordinator):
        with pytest.raises(PermissionDenied, match=str(MAY_NOT_REREQUEST)):
            coalition_rerequest(coalition=cast.coalition, actor=actor)
    coalition_rerequest(coalition=cast.coalition, actor=cast.coordinator, note="Aangepast.")
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED
    assert _events(cast.coalition) == ["coalition.refused", "coalition.rerequested"]


def test_aanvragen_is_a_reserved_slug() -> None:
    assert "aanvragen" in RESERVED_SLUGS


def test_demo_coalition_is_confirmed_and_stays_demo(cast: Cast, admin: User) -> None:
    Coalition.objects.filter(pk=cast.coalition.pk).update(is_demo=True)
    cast.coalition.refresh_from_db()
    demo_confirm(coalition=cast.coalition, admin=admin)
    demo_confirm(coalition=cast.coalition, admin=admin)  # idempotent
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.CONFIRMED and cast.coalition.is_demo
    assert _events(cast.coalition) == ["coalition.confirmed"]
    # Public (its duidingen, labelled DEMO), but never in a comparison between coalitions.
    assert coalition_is_public(cast.coalition)
    assert not comparable_coalitions().filter(pk=cast.coalition.pk).exists()


# --- the screen ---------------------------------------------------------------------------------------------


def test_list_shows_requested_coalitions_to_national_and_admin(cast: Cast, admin: User) -> None:
    for user in (cast.national, admin):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Coalitie Test" in text and "Coalitie Elders" in text
        assert "Utrecht" in text and "Amsterdam" in text
        assert reverse("coalitions:aanvraag", args=[cast.coalition.public_id]) in text
    coalition_confirm(coalition=cast.coalition, actor=cast.national)
    text = client_for(cast.national).get(LIST).content.decode()
    assert "Coalitie Test" not in text and "Coalitie Elders" in text


@pytest.mark.parametrize("who", ["coordinator", "partner_member", "outsider"])
def test_screens_are_404_for_others(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))
    pid = cast.coalition.public_id
    assert client.get(LIST).status_code == 404
    assert client.get(reverse("coalitions:aanvraag", args=[pid])).status_code == 404
    assert client.post(reverse("coalitions:aanvraag_bevestigen", args=[pid])).status_code == 404
    response = client.post(reverse("coalitions:aanvraag_afwijzen", args=[pid]), {"weigeren-note": "nee"})
    assert response.status_code == 404
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED and _events(cast.coalition) == []


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    client = Client()
    pid = cast.coalition.public_id
    for url in (LIST, reverse("coalitions:aanvraag", args=[pid])):
        response = client.get(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]
    response = client.post(reverse("coalitions:aanvraag_bevestigen", args=[pid]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED


def test_decision_step_confirms(cast: Cast) -> None:
    client = client_for(cast.national)
    page = client.get(reverse("coalitions:aanvraag", args=[cast.coalition.public_id]))
    assert page.status_code == 200 and "Coalitie bevestigen" in page.content.decode()
    response = client.post(
        reverse("coalitions:aanvraag_bevestigen", args=[cast.coalition.public_id]), {"bevestigen-note": ""}
    )
    assert response.status_code == 302 and response["Location"] == LIST
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.CONFIRMED


def test_decision_step_refuses_only_with_a_note(cast: Cast) -> None:
    client = client_for(cast.national)
    url = reverse("coalitions:aanvraag_afwijzen", args=[cast.coalition.public_id])
    response = client.post(url, {"weigeren-note": ""})
    assert response.status_code == 422 and str(NOTE_REQUIRED) in response.content.decode()
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED
    response = client.post(url, {"weigeren-note": "Deze gemeente heeft al een coalitie."})
    assert response.status_code == 302
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REFUSED


# --- the workspace banner -----------------------------------------------------------------------------------


def test_requested_workspace_works_with_a_banner(cast: Cast) -> None:
    for user in (cast.coordinator, cast.partner_member):
        response = client_for(user).get(reverse("coalitions:home", args=["test"]))
        assert response.status_code == 200 and BANNER in response.content.decode()


def test_refused_workspace_shows_the_note_and_a_coordinator_rerequests(cast: Cast) -> None:
    coalition_refuse(coalition=cast.coalition, actor=cast.national, note="Kies de juiste kartrekker.")
    url = reverse("coalitions:home", args=["test"])
    member_page = client_for(cast.partner_member).get(url).content.decode()
    assert "Kies de juiste kartrekker." in member_page and "Opnieuw aanvragen" not in member_page
    rerequest = reverse("coalitions:opnieuw_aanvragen", args=["test"])
    assert client_for(cast.partner_member).post(rerequest).status_code == 403
    coordinator = client_for(cast.coordinator)
    assert "Opnieuw aanvragen" in coordinator.get(url).content.decode()
    response = coordinator.post(rerequest, {"opnieuw-note": "Kartrekker aangepast."})
    assert response.status_code == 302
    cast.coalition.refresh_from_db()
    assert cast.coalition.status == S.REQUESTED
    assert BANNER in coordinator.get(url).content.decode()


def test_confirmed_workspace_has_no_banner(cast: Cast) -> None:
    coalition_confirm(coalition=cast.coalition, actor=cast.national)
    text = client_for(cast.coordinator).get(reverse("coalitions:home", args=["test"])).content.decode()
    assert BANNER not in text and 'id="coalitie-status"' not in text


def test_the_coalition_list_points_deciders_to_the_requests(cast: Cast) -> None:
    link = reverse("coalitions:aanvragen")
    national_page = client_for(cast.national).get(reverse("coalitions:list")).content.decode()
    assert link in national_page and "wachten 2 coalities op bevestiging" in national_page
    for who in ("coordinator", "partner_member"):
        page = client_for(getattr(cast, who)).get(reverse("coalitions:list")).content.decode()
        assert link not in page
