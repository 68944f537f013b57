"""Changing the login address: only through a link sent to the new address; another account's
address is refused with a clear message (it used to end in a server error)."""

from __future__ import annotations

import re

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from kansrijk.accounts.forms import EMAIL_TAKEN
from kansrijk.accounts.services import email_mark_verified
from kansrijk.audit.models import AuditEvent
from tests.accounts.conftest import LOGIN_URL
from tests.personas import PASSWORD, Cast
from tests.system import TESTS

EMAIL_URL = "/account/email/"
NEW = "nieuw-adres@test.nl"


def _signed_in(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    # allauth asks for the password again before a change to the login address.
    response = client.post("/account/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]


def _add(client: Client, email: str) -> object:
    return client.post(EMAIL_URL, {"email": email, "action_add": ""})


def test_visitor_is_sent_to_login(client: Client, db: None) -> None:
    response = client.get(EMAIL_URL)
    assert response.status_code == 302 and response.url.startswith(LOGIN_URL)


def test_page_renders_in_our_layout_with_the_login_address_as_current(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    html = client.get(EMAIL_URL).content.decode()
    assert '<html lang="nl"' in html and 'value="coordinator@test.nl"' in html
    assert "wacht op verificatie" not in html  # the login address is not shown as a pending change


def test_new_address_is_not_the_login_address_before_it_is_confirmed(client: Client, cast: Cast) -> None:
    _signed_in(client, cast)
    response = _add(client, NEW)
    assert response.status_code == 302
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.email == "coordinator@test.nl"
    assert [m.to for m in mail.outbox] == [[NEW]]
    # allauth accepts a "make primary" POST even though the change page has no such button.
    assert client.post(EMAIL_URL, {"email": NEW, "action_primary": ""}).status_code == 302
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.email == "coordinator@test.nl"
    assert not EmailAddress.objects.filter(email=NEW, primary=True).exists()
    # The unconfirmed address does not sign anyone in.
    response = Client().post(LOGIN_URL, {"login": NEW, "password": PASSWORD})
    assert response.status_code == 200 and "wachtwoord is niet correct" in response.content.decode()


def test_login_address_cannot_be_removed_and_a_second_change_replaces_the_first(
    client: Client, cast: Cast
) -> None:
    _signed_in(client, cast)
    _add(client, NEW)
    _add(client, "nog-nieuwer@test.nl")
    assert client.post(EMAIL_URL, {"email": cast.coordinator.email, "action_remove": ""}).status_code == 302
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.email == "coordinator@test.nl"
    emails = set(EmailAddress.objects.filter(user=cast.coordinator).values_list("email", flat=True))
    assert emails == {"coordinator@test.nl", "nog-nieuwer@test.nl"}
    html = client.get(EMAIL_URL).content.decode()
    assert 'value="coordinator@test.nl"' in html and 'value="nog-nieuwer@test.nl"' in html


def test_confirming_the_link_makes_it_the_login_address(client: Client, cast: Cast) -> None:
    _signed_in(client, cast)
    _add(client, NEW)
    link = re.search(r"/account/confirm-email/[-:\w]+/", mail.outbox[0].body)
    assert link is not None
    assert client.post(link.group(0)).status_code == 302
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.email == NEW
    assert list(EmailAddress.objects.filter(user=cast.coordinator).values_list("email", flat=True)) == [NEW]


def test_address_of_another_account_is_refused_clearly(client: Client, cast: Cast) -> None:
    _signed_in(client, cast)
    for taken in (cast.partner_member.email, cast.partner_member.email.upper()):
        response = _add(client, taken)
        assert response.status_code == 200
        assert str(EMAIL_TAKEN) in response.content.decode()
    assert not EmailAddress.objects.filter(user=cast.coordinator, email=cast.partner_member.email).exists()
    assert mail.outbox == []
    # Regression: this used to be a 500 (the login address is unique).
    response = client.post(EMAIL_URL, {"email": cast.partner_member.email, "action_primary": ""})
    assert response.status_code == 302
    cast.coordinator.refresh_from_db()
    assert cast.coordinator.email == "coordinator@test.nl"


def test_email_mark_verified_is_idempotent_and_audited(cast: Cast) -> None:
    email_mark_verified(user=cast.partner_member, actor=TESTS)
    email_mark_verified(user=cast.partner_member, actor=TESTS)
    address = EmailAddress.objects.get(user=cast.partner_member)
    assert address.email == cast.partner_member.email and address.verified and address.primary
    assert AuditEvent.objects.filter(action="user.email_verified").count() == 1


def test_a_pending_address_gets_no_password_reset_link(client: Client, cast: Cast) -> None:
    _signed_in(client, cast)
    _add(client, NEW)
    mail.outbox.clear()
    Client().post("/account/password/reset/", {"email": NEW})
    assert all("/account/password/reset/key/" not in m.body for m in mail.outbox)
    Client().post("/account/password/reset/", {"email": cast.coordinator.email})
    assert any(
        "/account/password/reset/key/" in m.body for m in mail.outbox if m.to == [cast.coordinator.email]
    )
