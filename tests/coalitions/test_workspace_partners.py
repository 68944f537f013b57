"""The partners page: partner organisations, kartrekker and coordinators (views and services)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansrijk.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.workspace import (
    EMAIL_INVALID,
    NEW_KIND_REQUIRED,
    ORGANISATION_CHOOSE,
    ORGANISATION_ONE,
    USER_REQUIRED,
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
from kansrijk.coalitions.services.coalition import (
    ALREADY_LEAD,
    COORDINATOR_NOT_PARTNER,
    DUPLICATE_PARTNER,
    LAST_COORDINATOR,
    LAST_COORDINATOR_ORG,
    ORGANISATION_EXISTS,
    coordinator_add,
    coordinator_remove,
    lead_set,
    partner_add,
)
from kansrijk.coalitions.views.partners import (
    COORDINATOR_ADDED,
    LEAD_CHANGED,
    PARTNER_ADDED,
    PARTNER_CHANGED,
    PARTNER_REMOVED,
)
from tests.coalitions.conftest import client_for
from tests.personas import Cast, accepted_partner

pytestmark = pytest.mark.django_db

PAGE = "/coalities/test/partners/"


def _state() -> tuple[Any, ...]:
    """Everything these pages may change; equal before and after means nothing changed."""
    return (
        sorted(
            CoalitionPartner.objects.values_list(
                "coalition__slug", "organisation__name", "level", "role", "contact_name", "contact_email"
            )
        ),
        sorted(Coalition.objects.values_list("slug", "lead__name")),
        sorted(
            Participation.objects.values_list("coalition__slug", "user__email", "role", "ended_at"),
            key=str,
        ),
        Organisation.objects.count(),
        AuditEvent.objects.count(),
    )


def _jgz(cast: Cast) -> CoalitionPartner:
    return cast.coalition.partners.get(organisation__name="JGZ Test")


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _add_data(**fields: str) -> dict[str, str]:
    data = {
        "partner-organisation": "",
        "partner-new_name": "",
        "partner-new_kind": "",
        "partner-level": PartnerLevel.UITVOEREND,
        "partner-role": "",
        "partner-contact_name": "",
        "partner-contact_email": "",
        "partner-contact_phone": "",
    }
    data.update({f"partner-{k}": v for k, v in fields.items()})
    return data


def _with_lead(cast: Cast) -> CoalitionPartner:
    """Give the test coalition a kartrekker: the coordinator's own municipality (already a partner)."""
    partner = cast.coalition.partners.get(organisation__name="Gemeente Test")
    lead_set(coalition=cast.coalition, partner=partner, actor=cast.coordinator)
    cast.coalition.refresh_from_db()
    return partner


# --- reading ---------------------------------------------------------------------------------------


def test_coordinator_sees_partners_contacts_and_the_forms(cast: Cast) -> None:
    partner = _jgz(cast)
    partner.contact_name, partner.contact_email, partner.contact_phone = "Jet Jansen", "jet@jgz.test", "030 1"
    partner.save()
    body = client_for(cast.coordinator).get(PAGE).content.decode()
    for text in (
        "JGZ Test",
        "Jeugdgezondheidszorg (JGZ)",
        "domein medisch",
        "Uitvoerend",
        "Jet Jansen",
        "jet@jgz.test",
    ):
        assert text in body
    for text in ('id="partner-add-form"', 'id="invite-form"', "Partner toevoegen", "Uitnodiging versturen"):
        assert text in body
    assert f'{reverse("coalitions:partner_edit", args=["test", partner.public_id])}">Wijzigen<span' in body


@pytest.mark.parametrize("persona", ["partner_member", "national"])
def test_members_and_national_read_without_forms(cast: Cast, persona: str) -> None:
    partner = _jgz(cast)
    partner.contact_email = "jet@jgz.test"
    partner.save()
    response = client_for(getattr(cast, persona)).get(PAGE)
    body = response.content.decode()
    assert response.status_code == 200
    assert "jet@jgz.test" in body  # contacts are professionals: members may see them
    assert "alleen een coördinator van de coalitie kan haar wijzigen" in body
    for text in ('id="partner-add-form"', 'id="invite-form"', ">Wijzigen<span", "/partners/toevoegen/"):
        assert text not in body


def test_page_query_count_does_not_grow_with_partners(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for i in range(5):
        accepted_partner(
            cast.coalition, Organisation.objects.create(name=f"Extra {i}", kind=OrganisationKind.WELZIJN)
        )
        partner_add(
            coalition=cast.coalition,
            organisation=Organisation.objects.create(name=f"Voorstel {i}", kind=OrganisationKind.WELZIJN),
            actor=cast.coordinator,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(PAGE)
    assert len(many) == len(few)


# --- adding a partner ------------------------------------------------------------------------------


def test_coordinator_adds_an_existing_organisation(cast: Cast) -> None:
    org = _org("Verloskundigen Test")
    client = client_for(cast.coordinator)
    response = client.post(
        reverse("coalitions:partner_add", args=["test"]),
        _add_data(
            organisation=str(org.public_id),
            level=PartnerLevel.BESTUURLIJK,
            role="Signaleert",
            contact_name="Vera",
            contact_email="vera@vk.test",
            contact_phone="030 2",
        ),
    )
    assert response.status_code == 302 and response["Location"] == PAGE + "#partners"
    partner = cast.coalition.partners.get(organisation=org)
    assert (partner.level, partner.role, partner.contact_email) == (
        PartnerLevel.BESTUURLIJK,
        "Signaleert",
        "vera@vk.test",
    )
    # A proposal: the organisation's admin decides; until then it counts nowhere (docs/adr/0007).
    assert (partner.status, partner.proposed_by) == (PartnerStatus.PROPOSED, cast.coordinator)
    event = AuditEvent.objects.get(action="coalition.partner_added", object_id=str(partner.public_id))
    assert event.actor == cast.coordinator and event.changes["organisation"] == org.name
    page = client.get(PAGE)
    assert PARTNER_ADDED.format(name=org.name) in page.content.decode()
    assert [p.organisation.name for p in page.context["pending"]] == [org.name]
    assert org.name not in [row.partner.organisation.name for row in page.context["rows"]]
    assert "voorgesteld, wacht op de organisatie" in page.content.decode()
    # Members never see proposals.
    member_page = client_for(cast.partner_member).get(PAGE)
    assert "pending" not in member_page.context and "Verloskundigen Test" not in member_page.content.decode()


def test_coordinator_adds_a_new_organisation(cast: Cast) -> None:
    response = client_for(cast.coordinator).post(
        reverse("coalitions:partner_add", args=["test"]),
        _add_data(new_name="Kraamzorg Nieuw", new_kind=OrganisationKind.KRAAMZORG),
    )
    assert response.status_code == 302
    org = _org("Kraamzorg Nieuw")
    assert org.kind == OrganisationKind.KRAAMZORG
    assert cast.coalition.partners.filter(organisation=org).exists()
    assert AuditEvent.objects.filter(action="organisation.created", changes__name="Kraamzorg Nieuw").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, ORGANISATION_CHOOSE),
        ({"new_name": "Alleen naam"}, NEW_KIND_REQUIRED),
        (
            {"new_name": "jgz test", "new_kind": OrganisationKind.JGZ},
            ORGANISATION_EXISTS.format(name="jgz test"),
        ),
        (
            {"new_name": "Nieuw", "new_kind": OrganisationKind.JGZ, "organisation": "EXISTING"},
            ORGANISATION_ONE,
        ),
        ({"organisation": "EXISTING", "contact_email": "geen-adres"}, EMAIL_INVALID),
    ],
)
def test_bad_partner_input_gives_422_and_changes_nothing(
    cast: Cast, fields: dict[str, str], message: str
) -> None:
    if fields.get("organisation") == "EXISTING":
        fields["organisation"] = str(_org("Verloskundigen Test").public_id)
    before = _state()
    response = client_for(cast.coordinator).post(
        reverse("coalitions:partner_add", args=["test"]), _add_data(**fields)
    )
    assert response.status_code == 422
    assert str(message) in response.content.decode()
    assert _state() == before


def test_duplicate_partner_gives_422_and_changes_nothing(cast: Cast) -> None:
    before = _state()
    response = client_for(cast.coordinator).post(
        reverse("coalitions:partner_add", args=["test"]),
        _add_data(organisation=str(_org("JGZ Test").public_id)),
    )
    assert response.status_code == 422
    assert str(DUPLICATE_PARTNER) in response.content.decode()
    assert _state() == before
    with pytest.raises(ValidationError) as exc:
        partner_add(coalition=cast.coalition, organisation=_org("JGZ Test"), actor=cast.coordinator)
    assert exc.value.message_dict == {"organisation": [DUPLICATE_PARTNER]}
    assert _state() == before


# --- the denied cases, for every change ------------------------------------------------------------


def _changes(cast: Cast) -> list[tuple[str, dict[str, str]]]:
    jgz = _jgz(cast)
    org = _org("Verloskundigen Test")
    return [
        (reverse("coalitions:partner_add", args=["test"]), _add_data(organisation=str(org.public_id))),
        (
            reverse("coalitions:partner_edit", args=["test", jgz.public_id]),
            {"level": "bestuurlijk", "role": "x"},
        ),
        (reverse("coalitions:partner_remove", args=["test", jgz.public_id]), {}),
        (reverse("coalitions:partner_lead", args=["test", jgz.public_id]), {}),
        (
            reverse("coalitions:coordinator_add", args=["test"]),
            {"coord-user": str(cast.partner_member.public_id)},
        ),
        (reverse("coalitions:coordinator_remove", args=["test", cast.coordinator.public_id]), {}),
    ]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("partner_member", 403), ("national", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_who_is_not_coordinator_changes_nothing(cast: Cast, persona: str, status: int) -> None:
    client = client_for(getattr(cast, persona))
    before = _state()
    for url, data in _changes(cast):
        assert client.post(url, data).status_code == status, url
    assert (
        client.get(reverse("coalitions:partner_edit", args=["test", _jgz(cast).public_id])).status_code
        == status
    )
    assert _state() == before


def test_anonymous_is_sent_to_login_and_changes_nothing(cast: Cast) -> None:
    before = _state()
    for url, data in _changes(cast):
        response = Client().post(url, data)
        assert response.status_code == 302 and "/account/login/" in response["Location"], url
    assert _state() == before


def test_a_partner_of_another_coalition_is_404(cast: Cast) -> None:
    elders = Coalition.objects.get(slug="elders")
    other = accepted_partner(elders, _org("Verloskundigen Test"))
    client = client_for(cast.coordinator)
    before = _state()
    assert client.get(reverse("coalitions:partner_edit", args=["test", other.public_id])).status_code == 404
    assert (
        client.post(reverse("coalitions:partner_remove", args=["test", other.public_id])).status_code == 404
    )
    assert _state() == before


# --- editing, removing, kartrekker -----------------------------------------------------------------


def test_coordinator_edits_level_role_and_contact(cast: Cast) -> None:
    jgz = _jgz(cast)
    url = reverse("coalitions:partner_edit", args=["test", jgz.public_id])
    client = client_for(cast.coordinator)
    assert "Jeugdgezondheidszorg" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "level": "bestuurlijk",
            "role": "Prenataal huisbezoek",
            "contact_name": "Jet",
            "contact_email": "jet@jgz.test",
            "contact_phone": "030 3",
        },
    )
    assert response.status_code == 302
    jgz.refresh_from_db()
    assert (jgz.level, jgz.role, jgz.contact_email) == ("bestuurlijk", "Prenataal huisbezoek", "jet@jgz.test")
    event = AuditEvent.objects.get(action="coalition.partner_changed", object_id=str(jgz.public_id))
    assert event.changes["level"] == ["uitvoerend", "bestuurlijk"]
    assert PARTNER_CHANGED.format(name="JGZ Test") in client.get(PAGE).content.decode()


def test_bad_edit_gives_422_and_changes_nothing(cast: Cast) -> None:
    url = reverse("coalitions:partner_edit", args=["test", _jgz(cast).public_id])
    before = _state()
    response = client_for(cast.coordinator).post(url, {"level": "bestuurlijk", "contact_email": "fout"})
    assert response.status_code == 422 and str(EMAIL_INVALID) in response.content.decode()
    response = client_for(cast.coordinator).post(url, {"level": "landelijk"})
    assert response.status_code == 422
    assert _state() == before


def test_coordinator_removes_a_partner(cast: Cast) -> None:
    jgz = _jgz(cast)
    client = client_for(cast.coordinator)
    edit = client.get(reverse("coalitions:partner_edit", args=["test", jgz.public_id])).content.decode()
    assert "JGZ Test verwijderen" in edit and "Maak kartrekker" in edit
    response = client.post(reverse("coalitions:partner_remove", args=["test", jgz.public_id]))
    assert response.status_code == 302
    assert not cast.coalition.partners.filter(pk=jgz.pk).exists()
    assert AuditEvent.objects.filter(
        action="coalition.partner_removed", object_id=str(jgz.public_id)
    ).exists()
    assert PARTNER_REMOVED.format(name="JGZ Test") in client.get(PAGE).content.decode()


def test_the_kartrekker_cannot_be_removed(cast: Cast) -> None:
    lead = _with_lead(cast)
    before = _state()
    response = client_for(cast.coordinator).post(
        reverse("coalitions:partner_remove", args=["test", lead.public_id])
    )
    assert response.status_code == 422
    assert str(LAST_COORDINATOR_ORG) in response.content.decode()
    assert _state() == before
    edit = client_for(cast.coordinator).get(reverse("coalitions:partner_edit", args=["test", lead.public_id]))
    assert "Gemeente Test verwijderen" not in edit.content.decode()


def test_coordinator_sets_the_kartrekker(cast: Cast) -> None:
    _with_lead(cast)
    jgz = _jgz(cast)
    client = client_for(cast.coordinator)
    response = client.post(reverse("coalitions:partner_lead", args=["test", jgz.public_id]))
    assert response.status_code == 302
    cast.coalition.refresh_from_db()
    assert cast.coalition.lead == jgz.organisation
    event = AuditEvent.objects.filter(action="coalition.lead_changed").first()
    assert event is not None and event.changes == {"lead": ["Gemeente Test", "JGZ Test"]}
    assert LEAD_CHANGED.format(name="JGZ Test") in client.get(PAGE).content.decode()
    before = _state()
    with pytest.raises(ValidationError, match=str(ALREADY_LEAD)):
        lead_set(coalition=cast.coalition, partner=jgz, actor=cast.coordinator)
    assert _state() == before


# --- coordinators ----------------------------------------------------------------------------------


def test_coordinator_adds_a_co_coordinator_from_a_partner_organisation(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert str(cast.partner_member.public_id) in client.get(PAGE).content.decode()  # offered in the list
    response = client.post(
        reverse("coalitions:coordinator_add", args=["test"]),
        {"coord-user": str(cast.partner_member.public_id)},
    )
    assert response.status_code == 302
    assert cast.partner_member in coordinators_of(cast.coalition)
    event = AuditEvent.objects.get(action="coalition.coordinator_added")
    assert event.changes["user"] == cast.partner_member.email and event.actor == cast.coordinator
    assert COORDINATOR_ADDED.format(name=cast.partner_member.email) in client.get(PAGE).content.decode()
    # Now a coordinator, the partner member may change the partners.
    other = client_for(cast.partner_member).post(
        reverse("coalitions:partner_lead", args=["test", _jgz(cast).public_id])
    )
    assert other.status_code == 302


def test_only_users_of_partner_organisations_can_become_coordinator(cast: Cast) -> None:
    before = _state()
    response = client_for(cast.coordinator).post(
        reverse("coalitions:coordinator_add", args=["test"]), {"coord-user": str(cast.outsider.public_id)}
    )
    assert response.status_code == 422 and str(USER_REQUIRED) in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        coordinator_add(coalition=cast.coalition, user=cast.outsider, actor=cast.coordinator)
    assert exc.value.message_dict == {"user": [COORDINATOR_NOT_PARTNER]}
    assert _state() == before


def test_the_last_coordinator_cannot_be_removed(cast: Cast) -> None:
    before = _state()
    url = reverse("coalitions:coordinator_remove", args=["test", cast.coordinator.public_id])
    response = client_for(cast.coordinator).post(url)
    assert response.status_code == 422 and str(LAST_COORDINATOR) in response.content.decode()
    with pytest.raises(ValidationError, match=str(LAST_COORDINATOR)):
        coordinator_remove(coalition=cast.coalition, user=cast.coordinator, actor=cast.coordinator)
    assert _state() == before


def test_a_coordinator_is_removed_when_another_remains(cast: Cast) -> None:
    coordinator_add(coalition=cast.coalition, user=cast.partner_member, actor=cast.coordinator)
    client = client_for(cast.partner_member)
    response = client.post(
        reverse("coalitions:coordinator_remove", args=["test", cast.coordinator.public_id])
    )
    assert response.status_code == 302 and response["Location"] == PAGE + "#coordinatoren"
    assert list(coordinators_of(cast.coalition)) == [cast.partner_member]
    event = AuditEvent.objects.get(action="coalition.coordinator_removed")
    assert event.changes["user"] == cast.coordinator.email and event.actor == cast.partner_member


def test_coordinator_who_removes_themselves_keeps_taking_part(cast: Cast) -> None:
    coordinator_add(coalition=cast.coalition, user=cast.partner_member, actor=cast.coordinator)
    client = client_for(cast.coordinator)
    response = client.post(
        reverse("coalitions:coordinator_remove", args=["test", cast.coordinator.public_id])
    )
    # The coordinator role ends; the participation (for Gemeente Test) stays, as deelnemer.
    assert response.status_code == 302 and response["Location"] == PAGE + "#coordinatoren"
    participation = Participation.objects.get(coalition=cast.coalition, user=cast.coordinator)
    assert participation.role == ParticipationRole.MEMBER and participation.ended_at is None
    assert client.get(PAGE).status_code == 200
    assert (
        client.post(reverse("coalitions:partner_lead", args=["test", _jgz(cast).public_id])).status_code
        == 403
    )
    assert User.objects.filter(pk=cast.coordinator.pk).exists()


# --- the coordinator dropdown only offers participants ------------------------------------------------


def test_coordinator_dropdown_never_shows_people_who_do_not_take_part(cast: Cast) -> None:
    """Regression: the dropdown listed every user of every partner organisation, names and e-mails."""
    jgz_org = _org("JGZ Test")
    colleague = User.objects.create_user(
        email="stil@jgz.test", password="x-Geheim-123", first_name="Stille", last_name="Collega"
    )
    Membership.objects.create(user=colleague, organisation=jgz_org, role=Role.PARTNER_MEMBER)
    body = client_for(cast.coordinator).get(PAGE).content.decode()
    assert str(cast.partner_member.public_id) in body  # a participant: offered
    for leak in ("stil@jgz.test", "Stille Collega", str(colleague.public_id)):
        assert leak not in body
    before = _state()
    response = client_for(cast.coordinator).post(
        reverse("coalitions:coordinator_add", args=["test"]), {"coord-user": str(colleague.public_id)}
    )
    assert response.status_code == 422 and "stil@jgz.test" not in response.content.decode()
    with pytest.raises(ValidationError) as exc:
        coordinator_add(coalition=cast.coalition, user=colleague, actor=cast.coordinator)
    assert exc.value.message_dict == {"user": [COORDINATOR_NOT_PARTNER]}
    assert _state() == before
