"""The coalitions list and creating a coalition (view and service)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansrijk.accounts.models import Organisation, OrganisationKind
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.areas.selectors import municipality_search
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.workspace import (
    MUNICIPALITY_AMBIGUOUS,
    MUNICIPALITY_SUGGEST,
    MUNICIPALITY_UNKNOWN,
    ORGANISATION_CHOOSE,
    ORGANISATION_ONE,
)
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    Participation,
    ParticipationRole,
    PartnerLevel,
    PartnerStatus,
)
from kansrijk.coalitions.selectors.access import coordinators_of
from kansrijk.coalitions.selectors.workspace import ROLE_COORDINATOR, ROLE_NATIONAL, ROLE_PARTNER
from kansrijk.coalitions.services import coalition as coalition_services
from kansrijk.coalitions.services.coalition import (
    DUPLICATE_SLUG,
    MAY_NOT_CREATE,
    NO_MUNICIPALITIES,
    NOT_CURRENT_MUNICIPALITY,
    ONLY_YOURSELF,
    ORGANISATION_EXISTS,
    RESERVED_SLUG,
    RESERVED_SLUGS,
    NewOrganisation,
    coalition_create,
)
from tests.coalitions.conftest import client_for
from tests.personas import Cast
from tests.system import TESTS

pytestmark = pytest.mark.django_db

LIST = "/coalities/"
CREATE = "/coalities/nieuw/"


def _state() -> tuple[int, ...]:
    return (
        Coalition.objects.count(),
        CoalitionPartner.objects.count(),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    )


def _post(client: Client, **fields: str) -> Any:
    data = {"name": "Kansrijke Start Zuid", "slug": "", "municipalities": "Utrecht", "lead": ""}
    data.update(lead_name="", lead_kind="")
    data.update(fields)
    return client.post(CREATE, data)


def _body(response: Any) -> str:
    return response.content.decode()


def test_url_names() -> None:
    assert reverse("coalitions:list") == LIST
    assert reverse("coalitions:create") == CREATE


# --- the list --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, CREATE])
def test_anonymous_is_sent_to_login(cast: Cast, url: str) -> None:
    response = Client().get(url)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_members_see_their_coalitions_only(cast: Cast) -> None:
    body = _body(client_for(cast.coordinator).get(LIST))
    assert "Coalitie Test" in body and "Coalitie Elders" not in body
    assert ROLE_COORDINATOR in body
    body = _body(client_for(cast.partner_member).get(LIST))
    assert "Coalitie Test" in body and "Coalitie Elders" not in body
    assert ROLE_PARTNER in body
    body = _body(client_for(cast.outsider).get(LIST))
    assert "Coalitie Test" not in body and "U neemt nog niet deel aan een coalitie" in body


def test_national_sees_all_read_only_with_counts(cast: Cast) -> None:
    response = client_for(cast.national).get(LIST)
    rows = {row.coalition.slug: row for row in response.context["rows"]}
    assert set(rows) == {"test", "elders"}
    assert rows["test"].my_role == ROLE_NATIONAL
    assert [m.code for m in rows["test"].municipalities] == ["GM0344"]
    assert rows["test"].partner_count == 2  # JGZ Test and the coordinator's municipality
    assert "Nieuwe coalitie" not in _body(response)


def test_new_coalition_button_only_for_who_may_create(cast: Cast) -> None:
    assert "Nieuwe coalitie" in _body(client_for(cast.coordinator).get(LIST))
    assert "Nieuwe coalitie" not in _body(client_for(cast.partner_member).get(LIST))


def test_list_query_count_does_not_grow_with_coalitions(cast: Cast) -> None:
    client = client_for(cast.national)
    client.get(LIST)  # warm up session and caches
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for i in range(5):
        coalition_create(
            name=f"Extra {i}",
            slug=f"extra-{i}",
            municipalities=Area.objects.filter(code="GM0356"),
            actor=TESTS,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(LIST)
    assert len(many) == len(few)


# --- creating: who may ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["partner_member", "national", "outsider"])
def test_who_may_not_create_gets_403_and_nothing_changes(cast: Cast, persona: str) -> None:
    client = client_for(getattr(cast, persona))
    assert client.get(CREATE).status_code == 403
    before = _state()
    assert _post(client, lead_name="Gemeente Nieuw", lead_kind=OrganisationKind.GEMEENTE).status_code == 403
    assert _state() == before


def test_service_refuses_a_user_who_may_not_create(cast: Cast) -> None:
    before = _state()
    with pytest.raises(PermissionDenied, match=str(MAY_NOT_CREATE)):
        coalition_create(
            name="X",
            slug="x",
            municipalities=Area.objects.filter(code="GM0344"),
            actor=cast.partner_member,
        )
    assert _state() == before


# --- creating: success ---------------------------------------------------------------------------


def test_coordinator_creates_coalition_with_a_new_kartrekker(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert client.get(CREATE).status_code == 200
    response = _post(
        client,
        municipalities="Utrecht\nGM0356, utrecht",
        lead_name="Gemeente Zuid",
        lead_kind=OrganisationKind.GEMEENTE,
    )
    assert response.status_code == 302
    assert response["Location"] == "/coalities/kansrijke-start-zuid/"
    coalition = Coalition.objects.get(slug="kansrijke-start-zuid")
    assert sorted(coalition.municipalities.values_list("code", flat=True)) == ["GM0344", "GM0356"]
    assert list(coordinators_of(coalition)) == [cast.coordinator]
    lead = Organisation.objects.get(name="Gemeente Zuid")
    assert coalition.lead == lead and lead.kind == OrganisationKind.GEMEENTE
    # The new kartrekker is proposed (the creator does not act for it); the creator's own municipality,
    # on whose behalf they coordinate, is accepted at once (docs/adr/0007).
    partner = CoalitionPartner.objects.get(coalition=coalition, organisation=lead)
    assert partner.level == PartnerLevel.BESTUURLIJK and partner.status == PartnerStatus.PROPOSED
    own = CoalitionPartner.objects.get(coalition=coalition, organisation__name="Gemeente Test")
    assert own.status == PartnerStatus.ACCEPTED
    participation = Participation.objects.get(coalition=coalition)
    assert (participation.user, participation.organisation, participation.role) == (
        cast.coordinator,
        own.organisation,
        ParticipationRole.COORDINATOR,
    )
    event = AuditEvent.objects.get(action="coalition.created", object_id=str(coalition.public_id))
    assert event.actor == cast.coordinator
    assert event.changes["municipalities"] == ["GM0344", "GM0356"]
    assert AuditEvent.objects.filter(action="organisation.created", changes__name="Gemeente Zuid").exists()
    page = client.get(response["Location"])
    assert "De coalitie “Kansrijke Start Zuid” is aangemaakt. U bent coördinator." in _body(page)


def test_coordinator_creates_coalition_with_an_existing_kartrekker(cast: Cast) -> None:
    own = cast.coordinator.memberships.get().organisation
    response = _post(
        client_for(cast.coordinator), slug="mijn-coalitie", lead=str(own.public_id), municipalities="GM0344"
    )
    assert response.status_code == 302
    coalition = Coalition.objects.get(slug="mijn-coalitie")
    assert coalition.lead == own
    partner = coalition.partners.get()
    assert partner.organisation == own and partner.status == PartnerStatus.ACCEPTED  # the creator acts for it
    assert Participation.objects.get(coalition=coalition).organisation == own


# --- creating: refused ---------------------------------------------------------------------------


def _assert_refused(response: Any, message: str, before: tuple[int, ...]) -> None:
    assert response.status_code == 422
    assert str(message) in _body(response)
    assert _state() == before


@pytest.mark.parametrize("word", sorted(RESERVED_SLUGS))
def test_reserved_slug_is_refused(cast: Cast, word: str) -> None:
    before = _state()
    response = _post(
        client_for(cast.coordinator),
        slug=word,
        lead_name="Gemeente Nieuw",
        lead_kind=OrganisationKind.GEMEENTE,
    )
    _assert_refused(response, RESERVED_SLUG.format(slug=word), before)


def test_a_name_that_derives_a_reserved_slug_is_refused(cast: Cast) -> None:
    before = _state()
    own = cast.coordinator.memberships.get().organisation
    response = _post(client_for(cast.coordinator), name="Nieuw", lead=str(own.public_id))
    _assert_refused(response, RESERVED_SLUG.format(slug="nieuw"), before)


def test_duplicate_slug_is_refused_and_no_organisation_is_left(cast: Cast) -> None:
    before = _state()
    response = _post(
        client_for(cast.coordinator),
        slug="elders",
        lead_name="Gemeente Nieuw",
        lead_kind=OrganisationKind.GEMEENTE,
    )
    _assert_refused(response, DUPLICATE_SLUG.format(slug="elders"), before)


def test_unknown_municipality_is_refused(cast: Cast) -> None:
    before = _state()
    response = _post(
        client_for(cast.coordinator),
        municipalities="Utrecht, Atlantis",
        lead_name="Gemeente Nieuw",
        lead_kind=OrganisationKind.GEMEENTE,
    )
    _assert_refused(response, MUNICIPALITY_UNKNOWN.format(query="Atlantis"), before)


def test_typo_gets_a_suggestion(cast: Cast) -> None:
    before = _state()
    own = cast.coordinator.memberships.get().organisation
    response = _post(client_for(cast.coordinator), municipalities="Utrect", lead=str(own.public_id))
    suggestions = municipality_search("Utrect").suggestions
    assert "Utrecht" in [a.name for a in suggestions]
    message = MUNICIPALITY_UNKNOWN.format(query="Utrect") + MUNICIPALITY_SUGGEST.format(
        names=", ".join(a.name for a in suggestions)
    )
    _assert_refused(response, message, before)


def test_ambiguous_municipality_is_refused(cast: Cast) -> None:
    before = _state()
    own = cast.coordinator.memberships.get().organisation
    matches = municipality_search("Bergen").matches
    assert len(matches) > 1  # Bergen (L.) and Bergen (NH.)
    response = _post(client_for(cast.coordinator), municipalities="Bergen", lead=str(own.public_id))
    message = MUNICIPALITY_AMBIGUOUS.format(query="Bergen", names=", ".join(a.name for a in matches))
    _assert_refused(response, message, before)


def test_no_municipality_is_refused(cast: Cast) -> None:
    before = _state()
    own = cast.coordinator.memberships.get().organisation
    response = _post(client_for(cast.coordinator), municipalities=" , ", lead=str(own.public_id))
    _assert_refused(response, NO_MUNICIPALITIES, before)


def test_kartrekker_is_required_once(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    own = cast.coordinator.memberships.get().organisation
    before = _state()
    _assert_refused(_post(client), ORGANISATION_CHOOSE, before)
    response = _post(client, lead=str(own.public_id), lead_name="Ook", lead_kind=OrganisationKind.GEMEENTE)
    _assert_refused(response, ORGANISATION_ONE, before)


def test_new_kartrekker_with_the_name_of_an_existing_organisation_is_refused(cast: Cast) -> None:
    before = _state()
    response = _post(
        client_for(cast.coordinator), lead_name="gemeente elders", lead_kind=OrganisationKind.GEMEENTE
    )
    _assert_refused(response, ORGANISATION_EXISTS.format(name="gemeente elders"), before)


def test_service_leaves_nothing_half_written(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure after the new kartrekker was created rolls the organisation back too."""

    def broken(**kwargs: object) -> None:
        raise RuntimeError("audit down")

    monkeypatch.setattr(coalition_services, "record", broken)
    before = _state()
    with pytest.raises(RuntimeError):
        coalition_create(
            name="Half",
            slug="half",
            municipalities=Area.objects.filter(code="GM0344"),
            actor=cast.coordinator,
            lead=NewOrganisation(name="Gemeente Half", kind=OrganisationKind.GEMEENTE),
        )
    assert _state() == before
    assert not Organisation.objects.filter(name="Gemeente Half").exists()


def test_service_refuses_dissolved_municipalities(cast: Cast) -> None:
    dissolved = Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=False).first()
    assert dissolved is not None, "the open data holds municipalities dissolved by mergers"
    before = _state()
    with pytest.raises(ValidationError) as exc:
        coalition_create(
            name="Oud",
            slug="oud",
            municipalities=[dissolved],
            actor=cast.coordinator,
        )
    assert exc.value.message_dict["municipalities"] == [NOT_CURRENT_MUNICIPALITY.format(names=dissolved.name)]
    assert _state() == before


def test_a_user_cannot_make_someone_else_the_first_coordinator(cast: Cast) -> None:
    before = _state()
    with pytest.raises(PermissionDenied, match=str(ONLY_YOURSELF)):
        coalition_create(
            name="Voor een ander",
            slug="voor-een-ander",
            municipalities=Area.objects.filter(code="GM0344"),
            actor=cast.coordinator,
            first_coordinator=cast.other_coordinator,
        )
    assert _state() == before
