"""A professional invites a parent by e-mail: an account without roles, linked to the person, a set-password
mail without personal data beyond the greeting, and the denied cases."""

from __future__ import annotations

import re

import pytest
from allauth.account.forms import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from kansrijk.care.models import AccessLogEntry, Person, PersonRole
from kansrijk.care.services.parents import (
    ACCOUNT_HAS_ROLES,
    ALREADY_LINKED,
    CHILD_NO_ACCOUNT,
    NO_EMAIL,
    parent_invite,
)
from tests.care.personas import CareCast


def _partner(care: CareCast) -> Person:
    return care.family.persons.get(role=PersonRole.PARTNER)


def test_invite_makes_an_account_without_roles_and_mails_a_set_password_link(care: CareCast) -> None:
    partner = _partner(care)
    parent_invite(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        person=partner,
        email="Rik@Ouder.test",
        link_base="https://kansrijk.test",
    )
    partner.refresh_from_db()
    user = User.objects.get(email="rik@ouder.test")
    assert partner.account == user
    assert not user.has_usable_password() and not user.memberships.exists()
    assert AuditEvent.objects.filter(action="user.created", changes__email="rik@ouder.test").exists()
    entry = AccessLogEntry.objects.get(episode_id=care.family.public_id, action="ouder.uitnodigen")
    assert entry.user_id == care.midwife.pk
    (message,) = mail.outbox
    assert message.to == ["rik@ouder.test"]
    assert message.body.startswith("Beste Rik,")
    # Nothing about the care: not the organisation, the family name, the pregnancy.
    for secret in ("Verloskunde", "Reuring", "zwanger", "Praktijk", care.midwife.email):
        assert secret not in message.body and secret not in message.subject
    link = re.search(r"https://kansrijk\.test(\S+)", str(message.body))
    assert link is not None
    key = link.group(1).rstrip("/").split("/")[-1].split("-", 1)[1]  # "<uidb36>-<token>"
    assert default_token_generator.check_token(user, key)


def test_the_set_password_link_opens_and_the_parent_then_needs_mfa(care: CareCast, client: Client) -> None:
    partner = _partner(care)
    parent_invite(
        care.ctx(care.midwife),
        episode_id=care.family.public_id,
        person=partner,
        email="rik@ouder.test",
        link_base="http://testserver",
    )
    link = re.search(r"http://testserver(\S+)", str(mail.outbox[0].body))
    assert link is not None
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    # Signed in without an authenticator app, the family view is not reachable: MFA first.
    client.force_login(User.objects.get(email="rik@ouder.test"))
    page = client.get(reverse("care:parent_view"))
    assert page.status_code == 302 and page["Location"] == reverse("mfa_activate_totp")


def test_uses_the_persons_own_address_and_resends_until_a_password_is_set(care: CareCast) -> None:
    partner = _partner(care)
    Person.objects.filter(pk=partner.pk).update(email="rik@ouder.test")
    ctx = care.ctx(care.midwife)
    parent_invite(ctx, episode_id=care.family.public_id, person=partner)
    parent_invite(ctx, episode_id=care.family.public_id, person=partner)
    assert len(mail.outbox) == 2 and User.objects.filter(email="rik@ouder.test").count() == 1


def test_refusals(care: CareCast) -> None:
    ctx = care.ctx(care.midwife)
    fam = care.family.public_id
    with pytest.raises(ValidationError) as exc:
        parent_invite(ctx, episode_id=fam, person=_partner(care))
    assert exc.value.message_dict["email"] == [str(NO_EMAIL)]
    parent = care.family.persons.get(role=PersonRole.PARENT)
    with pytest.raises(ValidationError) as exc:
        parent_invite(ctx, episode_id=fam, person=parent, email="roos@ouder.test")
    assert exc.value.messages == [str(ALREADY_LINKED)]
    with pytest.raises(ValidationError) as exc:  # a work account is never linked as a parent's
        parent_invite(ctx, episode_id=fam, person=_partner(care), email=care.nurse.email)
    assert exc.value.message_dict["email"] == [str(ACCOUNT_HAS_ROLES)]
    with pytest.raises(ValidationError):
        parent_invite(ctx, episode_id=fam, person=_partner(care), email=care.midwife.email)
    child = Person.objects.create(episode=care.family, role=PersonRole.CHILD, given_name="Kind")
    with pytest.raises(ValidationError) as exc:
        parent_invite(ctx, episode_id=fam, person=child, email="kind@ouder.test")
    assert exc.value.messages == [str(CHILD_NO_ACCOUNT)]
    other = care.other_family.persons.get(role=PersonRole.PARENT)
    with pytest.raises(ValidationError):
        parent_invite(ctx, episode_id=fam, person=other, email="x@ouder.test")
    assert not mail.outbox and not User.objects.filter(email__endswith="@ouder.test", password="").exists()


def test_a_team_without_identification_or_without_relation_cannot_invite(care: CareCast) -> None:
    with pytest.raises(Http404):
        parent_invite(care.ctx(care.social_worker), episode_id=care.family.public_id, person=_partner(care))
    care.share_with_nurse(["screening"])
    with pytest.raises(PermissionDenied):
        parent_invite(
            care.ctx(care.nurse),
            episode_id=care.family.public_id,
            person=_partner(care),
            email="r@ouder.test",
        )
    assert not mail.outbox


def test_the_invite_view(care: CareCast, client: Client) -> None:
    partner = _partner(care)
    url = reverse("care:parent_invite", args=[care.family.public_id, partner.public_id])
    assert client.post(url, {"email": "rik@ouder.test"}).status_code == 302  # anonymous: to login
    assert "/account/login/" in client.post(url)["Location"]
    for outsider in (care.social_worker, care.colleague, care.coordinator, care.national, care.parent):
        client.force_login(outsider)
        assert client.post(url, {"email": "rik@ouder.test"}).status_code == 404
    client.force_login(care.midwife)
    assert client.get(url).status_code == 405
    response = client.post(url, {"email": "rik@ouder.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("care:family", args=[care.family.public_id])
    partner.refresh_from_db()
    assert partner.account is not None and partner.account.email == "rik@ouder.test"
    # A person of another family through this family's address: 404.
    other = care.other_family.persons.get(role=PersonRole.PARENT)
    wrong = reverse("care:parent_invite", args=[care.family.public_id, other.public_id])
    assert client.post(wrong, {"email": "anna2@ouder.test"}).status_code == 404
