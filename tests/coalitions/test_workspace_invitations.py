"""Invitations end to end through the views: send (mail with an absolute link), accept, revoke.

An invitation is for one coalition, on behalf of an accepted partner, with a role in that coalition.
Accepting never makes anyone a member of an organisation (docs/adr/0007): a new invitee waits for the
organisation's admin, who decides on the membership request."""

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

from kansrijk.accounts.models import (
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from kansrijk.accounts.organisation_services import membership_request_grant
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.workspace import EMAIL_INVALID, PARTNER_REQUIRED, PASSWORDS_DIFFER
from kansrijk.coalitions.models import (
    CoalitionPartner,
    Invitation,
    Participation,
    ParticipationRole,
)
from kansrijk.coalitions.selectors.access import user_coordinates
from kansrijk.coalitions.services.invitations import (
    ACCOUNT_EXISTS,
    ALREADY_INVITED,
    EXPIRED,
    INVITATION_DAYS,
    NOT_A_PARTNER,
    NOT_PENDING,
    ROLE_NOT_ALLOWED,
    USED,
    WRONG_USER,
    invitation_create,
    invitation_revoke,
)
from kansrijk.coalitions.views.invitations import (
    INVITATION_REVOKED,
    INVITATION_SENT,
    INVITATION_UNKNOWN,
    INVITATION_WAITING,
)
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import make_platform_admin
from tests.mfa import give_totp
from tests.personas import PASSWORD, Cast, accepted_partner
from tests.system import TESTS

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
        sorted(Participation.objects.values_list("coalition__slug", "user__email", "role"), key=str),
        MembershipRequest.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture(autouse=True)
def kraamzorg(cast: Cast) -> CoalitionPartner:
    """An accepted partner of the test coalition with nobody on the platform yet."""
    organisation = organisation_get_or_create(
        name="Kraamzorg Nieuw", kind=OrganisationKind.KRAAMZORG, actor=TESTS
    )
    return accepted_partner(cast.coalition, organisation, role="Kraamzorg")


def _invite_data(**fields: str) -> dict[str, str]:
    data = {
        "email": "Kraam@Nieuw.test",
        "organisation": str(Organisation.objects.get(name="Kraamzorg Nieuw").public_id),
        "role": ParticipationRole.MEMBER,
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
    assert response.status_code == 422 and str(EMAIL_INVALID) in response.content.decode()
    response = client.post(SEND, _invite_data(role=Role.NATIONAL))
    assert response.status_code == 422
    # Only this coalition's accepted partners: not another organisation on the platform.
    response = client.post(
        SEND, _invite_data(organisation=str(Organisation.objects.get(name="Verloskundigen Test").public_id))
    )
    assert response.status_code == 422 and str(PARTNER_REQUIRED) in response.content.decode()
    assert _state() == before and mail.outbox == []


def test_a_second_open_invitation_for_the_same_address_is_refused(cast: Cast) -> None:
    _send(cast)
    before = _state()
    response = client_for(cast.coordinator).post(SEND, _invite_data())
    assert response.status_code == 422 and str(ALREADY_INVITED) in response.content.decode()
    assert _state() == before and len(mail.outbox) == 1


def test_service_refuses_roles_that_cannot_be_invited(cast: Cast) -> None:
    before = _state()
    for role in (Role.NATIONAL, Role.PLATFORM_ADMIN, Role.ORG_ADMIN):
        with pytest.raises(ValidationError) as exc:
            invitation_create(
                coalition=cast.coalition,
                email="x@y.test",
                organisation=Organisation.objects.get(name="JGZ Test"),
                actor=cast.coordinator,
                role=role,
            )
        assert exc.value.message_dict == {"role": [ROLE_NOT_ALLOWED]}
    with pytest.raises(ValidationError) as exc:
        invitation_create(
            coalition=cast.coalition,
            email="x@y.test",
            organisation=Organisation.objects.get(name="Verloskundigen Test"),
            actor=cast.coordinator,
        )
    assert exc.value.message_dict == {"organisation": [NOT_A_PARTNER]}
    assert _state() == before and mail.outbox == []


# --- accepting: a new account ----------------------------------------------------------------------


def test_new_invitee_creates_an_account_and_waits_for_the_organisations_admin(cast: Cast) -> None:
    link = _send(cast)
    client = Client()
    page = client.get(link)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Coalitie Test" in body and "Kraamzorg Nieuw" in body and "Account aanmaken" in body
    assert "u bent nog geen medewerker van Kraamzorg Nieuw op Kansrijk" in body  # told before accepting

    before = _state()
    response = client.post(link, {"password": NEW_PASSWORD, "password_again": "iets anders"})
    assert response.status_code == 422 and str(PASSWORDS_DIFFER) in response.content.decode()
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
    assert response.status_code == 302 and response["Location"] == "/coalities/"
    user = User.objects.get(email="kraam@nieuw.test")
    assert user.check_password(NEW_PASSWORD) and user.get_full_name() == "Kim Kraam"
    organisation = Organisation.objects.get(name="Kraamzorg Nieuw")
    # Never a membership by accepting: a request for the organisation's admin instead.
    assert not Membership.objects.filter(user=user).exists()
    request = MembershipRequest.objects.get(user=user)
    assert (request.organisation, request.status) == (organisation, MembershipRequestStatus.OPEN)
    participation = Participation.objects.get(user=user)
    assert (participation.coalition, participation.organisation, participation.role) == (
        cast.coalition,
        organisation,
        ParticipationRole.MEMBER,
    )
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    assert AuditEvent.objects.filter(action="coalition.invitation_accepted", actor=user).exists()
    assert AuditEvent.objects.filter(action="auth.login", actor=user).exists()
    give_totp(user)
    listing = client.get("/coalities/").content.decode()
    assert INVITATION_WAITING.format(coalition="Coalitie Test", organisation="Kraamzorg Nieuw") in listing
    assert client.get("/coalities/test/").status_code == 404  # waits for the admin
    # Kraamzorg Nieuw has no admin: the platform admin lets them in; then the coalition opens.
    membership_request_grant(request=request, actor=make_platform_admin())
    assert client.get("/coalities/test/").status_code == 200
    # The link works once.
    again = Client().get(link)
    assert again.status_code == 410 and str(USED) in again.content.decode()


# --- accepting: an existing account ----------------------------------------------------------------


def test_existing_account_is_asked_to_log_in_then_accepts(cast: Cast) -> None:
    verloskunde = Organisation.objects.get(name="Verloskundigen Test")
    accepted_partner(cast.coalition, verloskunde)
    link = _send(
        cast, email="pro@test.nl", organisation=str(verloskunde.public_id), role=ParticipationRole.COORDINATOR
    )
    anonymous = Client().get(link)
    body = anonymous.content.decode()
    assert anonymous.status_code == 200 and str(ACCOUNT_EXISTS) in body
    path = link.removeprefix("http://testserver")
    assert f"/account/login/?next={path.replace('/', '%2F')}" in body
    before = _state()
    assert Client().post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}).status_code == 200
    assert _state() == before  # no second account

    client = Client()
    assert client.login(email="pro@test.nl", password=PASSWORD)
    page = client.get(link)
    assert page.status_code == 200 and "Uitnodiging aannemen" in page.content.decode()
    assert "nog geen medewerker" not in page.content.decode()  # already a member: no waiting
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/coalities/test/"
    assert user_coordinates(cast.outsider, cast.coalition)  # invited as coordinator, for Verloskundigen Test
    assert not MembershipRequest.objects.exists()
    assert client.get("/coalities/test/partners/").status_code == 200


def test_wrong_user_gets_the_message_and_nothing_changes(cast: Cast) -> None:
    link = _send(cast)
    client = client_for(cast.partner_member)
    before = _state()
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 403 and str(WRONG_USER) in response.content.decode()
    assert _state() == before


def test_expired_invitation_gets_the_message_and_nothing_changes(cast: Cast) -> None:
    link = _send(cast)
    before = _state()
    with time_machine.travel(timezone.now() + timedelta(days=INVITATION_DAYS, minutes=1), tick=False):
        client = Client()
        assert client.get(link).status_code == 410
        response = client.post(link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
        assert response.status_code == 410 and str(EXPIRED) in response.content.decode()
        # The coordinator sees it as expired and may revoke it.
        assert "verlopen op" in client_for(cast.coordinator).get(PAGE).content.decode()
    assert _state() == before
    assert not User.objects.filter(email="kraam@nieuw.test").exists()


def test_unknown_token_is_404(cast: Cast) -> None:
    response = Client().get("/coalities/uitnodiging/bestaat-niet/")
    assert response.status_code == 404 and str(INVITATION_UNKNOWN) in response.content.decode()


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
    with pytest.raises(ValidationError, match=str(NOT_PENDING)):
        invitation_revoke(invitation=invitation, actor=cast.coordinator)
    assert _state() == before
