"""Invitation mail: a coalition name with a line break (stored before forms refused them) never breaks it,
and an invitee who creates an account by the link has a verified login address."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client

from kansrijk.accounts.models import Organisation
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services.invitations import invitation_accept_new_account, invitation_create
from tests.personas import Cast


def test_a_line_break_in_a_stored_coalition_name_does_not_break_the_invitation_mail(cast: Cast) -> None:
    Coalition.objects.filter(pk=cast.coalition.pk).update(name="Coalitie\nBcc: iedereen@example.org")
    cast.coalition.refresh_from_db()
    invitation_create(
        coalition=cast.coalition,
        email="nieuw@jgz.test",
        organisation=Organisation.objects.get(name="JGZ Test"),
        actor=cast.coordinator,
    )
    (sent,) = mail.outbox
    assert "\n" not in sent.subject
    assert sent.subject == "Uitnodiging voor coalitie Coalitie Bcc: iedereen@example.org (Kansrijk)"
    assert sent.to == ["nieuw@jgz.test"] and not sent.bcc


def test_an_account_made_through_the_invitation_link_has_a_verified_login_address(cast: Cast) -> None:
    invitation, _token = invitation_create(
        coalition=cast.coalition,
        email="karin@jgz.test",
        organisation=Organisation.objects.get(name="JGZ Test"),
        actor=cast.coordinator,
    )
    user = invitation_accept_new_account(
        invitation=invitation, password="een-lang-wachtwoord-42", first_name="Karin", last_name="Test"
    )
    address = EmailAddress.objects.get(user=user)
    assert address.email == "karin@jgz.test" and address.verified and address.primary


def test_a_new_account_goes_straight_to_the_two_step_set_up_without_a_second_password(cast: Cast) -> None:
    _invitation, token = invitation_create(
        coalition=cast.coalition,
        email="nina@jgz.test",
        organisation=Organisation.objects.get(name="JGZ Test"),
        actor=cast.coordinator,
    )
    client = Client()
    password = "een-lang-wachtwoord-42"
    response = client.post(
        f"/coalities/uitnodiging/{token}/",
        {"first_name": "Nina", "last_name": "Test", "password": password, "password_again": password},
    )
    assert response.status_code == 302
    # Every page sends the new user to the two-step set-up, which must not ask for the password again.
    response = client.get("/coalities/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/2fa/totp/activate/")
    assert "reauthenticate" not in response.redirect_chain[-1][0]
    assert response.status_code == 200
