"""Invitations end to end through the views: send (mail with an absolute link), accept, revoke."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.workspace import EMAIL_INVALID, PASSWORDS_DIFFER
from kansrijk.coalitions.models import Coalition, CoalitionPartner, Invitation, PartnerLevel
from kansrijk.coalitions.services.invitations import (
    ACCOUNT_EXISTS,
    ALREADY_INVITED,
    EXPIRED,
    INVITATION_DAYS,
    NOT_PENDING,
    ROLE_NOT_ALLOWED,
    USED,
    WRONG_USER,
    invitation_create,
    invitation_revoke,
)
from kansrijk.coalitions.views.invitations import (
    INVITATION_ACCEPTED,
    INVITATION_REVOKED,
    INVITATION_SENT,
    INVITATION_UNKNOWN,
)
from tests.coalitions.conftest import client_for
from tests.personas import PASSWORD, Cast

pytestmark = pytest.mark.django_db

PAGE = "/coalities/test/partners/"
SEND = "/coalities/test/uitnodigingen/"
NEW_PASSWORD = "Kraamvisite-2025-lang"
LINK = re.compile(r"(http://testserver/coalities/uitnodiging/[A-Za-z0-9_-]+/)")


def _state() -> tuple[Any, ...]:
    return (
        Invitation.objects.count(),
        sorted(Invitation.objects.values_list("email", "accepted_at")),
        CoalitionPartner.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        sorted(Coalition.objects.values_list("slug", "coordinators__email")),
        AuditEvent.objects.count(),
    )


def _invite_data(**fields: str) -> dict[str, str]:
    data = {
        "email": "Kraam@Nieuw.test",
        "organisation": "",
        "new_name": "Kraamzorg Nieuw",
        "new_kind": OrganisationKind.KRAAMZORG,
        "role": Role.PARTNER_MEMBER,
        "partner_role": "Kraamzorg",
        "level": PartnerLevel.UITVOEREND,
    }
    data.update(fields)
    return {f"invite-{k}": v for k, v in data.items()}


def _send(cast: Cast, **fields: str) -> str:
    """Send through the page; return the link from the mail."""
    response = client_for(cast.coordinator).post(SEND, _invite_data(**fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_url_name() -> None:
    assert reverse("coalitions:invitation_accept", args=["abc"]) == "/coalities/uitnodiging/abc/"


# --- sending ---------------------------------------------------------------------------------------


def test_coordinator_sends_an_invitation_with_an_absolute_link(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    response = client.post(SEND, _invite_data())
    assert response.status_code == 302 and response["Location"] == PAGE + "#uitnodigingen"
    invitation = Invitation.objects.get()
    assert invitation.email == "kraam@nieuw.test"
    assert invitation.organisation.name == "Kraamzorg Nieuw"
    assert invitation.invited_by == cast.coordinator
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kraam@nieuw.test"]
    link = LINK.search(mail.outbox[0].body)
    assert link is not None
    token = link.group(1).rstrip("/").rsplit("/", 1)[1]
    event = AuditEvent.objects.get(action="coalition.invitation_sent")
    assert event.actor == cast.coordinator and event.changes["email"] == "kraam@nieuw.test"
    assert token not in str(event.changes)  # the token is never logged
    body = client.get(PAGE).content.decode()
    assert INVITATION_SENT.format(email="kraam@nieuw.test") in body
    assert "kraam@nieuw.test" in body and "Intrekken" in body


def test_partner_members_do_not_see_invitations(cast: Cast) -> None:
    _send(cast)
    for persona in (cast.partner_member, cast.national):
        assert "kraam@nieuw.test" not in client_for(persona).get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("partner_member", 403), ("national", 403), ("other_coordinator", 404), ("outsider", 404)],
)
def test_who_is_not_coordinator_cannot_invite(cast: Cast, persona: str, status: int) -> None:
    before = _state()
    assert client_for(getattr(cast, persona)).post(SEND, _invite_data()).status_code == status
    assert _state() == before and mail.outbox == []


def test_anonymous_cannot_invite(cast: Cast) -> None:
    before = _state()
    response = Client().post(SEND, _invite_data())
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    assert _state() == before and mail.outbox == []


def test_bad_invitation_input_gives_422_and_sends_nothing(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    before = _state()
    response = client.post(SEND, _invite_data(email="geen-adres"))
    assert response.status_code == 422 and EMAIL_INVALID in response.content.decode()
    response = client.post(SEND, _invite_data(role=Role.NATIONAL))
    assert response.status_code == 422
    assert _state() == before and mail.outbox == []


def test_a_second_open_invitation_for_the_same_address_is_refused(cast: Cast) -> None:
    _send(cast)
    before = _state()
    response = client_for(cast.coordinator).post(
        SEND,
        _invite_data(
            new_name="",
            new_kind="",
            organisation=str(Organisation.objects.get(name="Kraamzorg Nieuw").public_id),
        ),
    )
    assert response.status_code == 422 and ALREADY_INVITED in response.content.decode()
    assert _state() == before and len(mail.outbox) == 1


def test_service_refuses_roles_that_cannot_be_invited(cast: Cast) -> None:
    before = _state()
    for role in (Role.NATIONAL, Role.PLATFORM_ADMIN):
        with pytest.raises(ValidationError) as exc:
            invitation_create(
                coalition=cast.coalition,
                email="x@y.test",
                organisation=Organisation.objects.get(name="JGZ Test"),
                actor=cast.coordinator,
                role=role,
            )
        assert exc.value.message_dict == {"role": [ROLE_NOT_ALLOWED]}
    assert _state() == before and mail.outbox == []


# --- accepting: a new account ----------------------------------------------------------------------


def test_new_invitee_creates_an_account_and_joins(cast: Cast) -> None:
    link = _send(cast)
    client = Client()
    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Coalitie Test" in body and "Kraamzorg Nieuw" in body and "Account aanmaken" in body

    before = _state()
    response = client.post(link, {"password": NEW_PASSWORD, "password_again": "iets anders"})
    assert response.status_code == 422 and PASSWORDS_DIFFER in response.content.decode()
    response = client.post(link, {"password": "kort", "password_again": "kort"})
    assert response.status_code == 422
    with pytest.raises(ValidationError) as exc:
        password_validation.validate_password("kort", user=User(email="kraam@nieuw.test"))
    for message in exc.value.messages:
        assert message in response.content.decode()
    assert _state() == before

    response = client.post(
        link,
        {"first_name": "Kim", "last_name": "Kraam", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/coalities/test/"
    user = User.objects.get(email="kraam@nieuw.test")
    assert user.check_password(NEW_PASSWORD) and user.get_full_name() == "Kim Kraam"
    organisation = Organisation.objects.get(name="Kraamzorg Nieuw")
    assert Membership.objects.filter(user=user, organisation=organisation, role=Role.PARTNER_MEMBER).exists()
    partner = CoalitionPartner.objects.get(coalition=cast.coalition, organisation=organisation)
    assert partner.role == "Kraamzorg" and partner.contact_email == "kraam@nieuw.test"
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="coalition.invitation_accepted", actor=user).exists()
    assert AuditEvent.objects.filter(action="auth.login", actor=user).exists()
    # Logged in, and now a member of the coalition.
    home = client.get("/coalities/test/")
    assert home.status_code == 200
    assert (
        INVITATION_ACCEPTED.format(coalition="Coalitie Test", organisation="Kraamzorg Nieuw")
        in home.content.decode()
    )
    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410 and USED in again.content.decode()


# --- accepting: an existing account ----------------------------------------------------------------


def test_existing_account_is_asked_to_log_in_then_accepts(cast: Cast) -> None:
    link = _send(
        cast,
        email="pro@test.nl",
        new_name="",
        new_kind="",
        organisation=str(Organisation.objects.get(name="Verloskundigen Test").public_id),
        role=Role.COORDINATOR,
    )
    anonymous = Client().get(link)
    body = anonymous.content.decode()
    assert anonymous.status_code == 200 and ACCOUNT_EXISTS in body
    path = link.removeprefix("http://testserver")
    assert f"/account/login/?next={path.replace('/', '%2F')}" in body
    before = _state()
    assert Client().post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code == 200
    assert _state() == before  # no second account

    client = Client()
    assert client.login(email="pro@test.nl", password=PASSWORD)
    page = client.get(link)
    assert page.status_code == 200 and "Uitnodiging aannemen" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/coalities/test/"
    assert cast.coalition.partners.filter(organisation__name="Verloskundigen Test").exists()
    assert cast.coalition.coordinators.filter(pk=cast.outsider.pk).exists()  # invited as coordinator
    assert client.get("/coalities/test/partners/").status_code == 200


def test_wrong_user_gets_the_message_and_nothing_changes(cast: Cast) -> None:
    link = _send(cast)
    client = client_for(cast.partner_member)
    before = _state()
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403 and WRONG_USER in response.content.decode()
    assert _state() == before


def test_expired_invitation_gets_the_message_and_nothing_changes(cast: Cast) -> None:
    link = _send(cast)
    before = _state()
    with time_machine.travel(timezone.now() + timedelta(days=INVITATION_DAYS, minutes=1), tick=False):
        client = Client()
        assert client.get(link).status_code == 410
        response = client.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
        assert response.status_code == 410 and EXPIRED in response.content.decode()
        # The coordinator sees it as expired and may revoke it.
        assert "verlopen op" in client_for(cast.coordinator).get(PAGE).content.decode()
    assert _state() == before
    assert not User.objects.filter(email="kraam@nieuw.test").exists()


def test_unknown_token_is_404(cast: Cast) -> None:
    response = Client().get("/coalities/uitnodiging/bestaat-niet/")
    assert response.status_code == 404 and INVITATION_UNKNOWN in response.content.decode()


# --- revoking --------------------------------------------------------------------------------------


def test_coordinator_revokes_an_invitation_and_the_link_stops_working(cast: Cast) -> None:
    link = _send(cast)
    invitation = Invitation.objects.get()
    client = client_for(cast.coordinator)
    url = reverse("coalitions:invitation_revoke", args=["test", invitation.public_id])
    for persona, status in ((cast.partner_member, 403), (cast.national, 403), (cast.other_coordinator, 404)):
        before = _state()
        assert client_for(persona).post(url).status_code == status
        assert _state() == before
    response = client.post(url)
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    assert AuditEvent.objects.filter(
        action="coalition.invitation_revoked", changes__email="kraam@nieuw.test"
    ).exists()
    assert INVITATION_REVOKED.format(email="kraam@nieuw.test") in client.get(PAGE).content.decode()
    assert Client().get(link).status_code == 404


def test_an_accepted_invitation_cannot_be_revoked(cast: Cast) -> None:
    link = _send(cast)
    Client().post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    invitation = Invitation.objects.get()
    before = _state()
    url = reverse("coalitions:invitation_revoke", args=["test", invitation.public_id])
    assert client_for(cast.coordinator).post(url).status_code == 404
    with pytest.raises(ValidationError, match=NOT_PENDING):
        invitation_revoke(invitation=invitation, actor=cast.coordinator)
    assert _state() == before
