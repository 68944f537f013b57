"""Only the partner organisation itself confirms what goes on the Wegwijzer; the coordinator proposes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kansrijk.accounts.models import Role
from kansrijk.accounts.services import membership_grant, user_create
from kansrijk.audit.models import AuditEvent
from kansrijk.interventions.services.offer_public import offer_public_confirm, offer_public_withdraw
from tests.mfa import give_totp
from tests.personas import PASSWORD
from tests.system import TESTS
from tests.wegwijzer.conftest import Wegwijzer, client_for, make_intervention, make_offer


@pytest.fixture
def proposed(ww: Wegwijzer):  # type: ignore[no-untyped-def]
    intervention = make_intervention("rookstop-test", "Rookstop Test", ["roken"], ["zwangerschap"])
    return make_offer(ww.cast, ww.jgz, intervention)


def test_the_partners_member_confirms_and_it_is_audited(ww: Wegwijzer, proposed) -> None:  # type: ignore[no-untyped-def]
    assert proposed.show_on_wegwijzer and proposed.public_confirmed_at is None
    offer = offer_public_confirm(offer=proposed, actor=ww.cast.partner_member)
    assert offer.public_confirmed_by == ww.cast.partner_member and offer.public_confirmed_at is not None
    event = AuditEvent.objects.filter(
        action="aanbod.wegwijzer_confirmed", object_id=str(offer.public_id)
    ).get()
    assert event.actor == ww.cast.partner_member and event.changes["public_phone"] == "030-1234567"
    offer_public_withdraw(offer=offer, actor=ww.cast.partner_member)
    offer.refresh_from_db()
    assert offer.public_confirmed_at is None
    assert AuditEvent.objects.filter(action="aanbod.wegwijzer_withdrawn").exists()


def test_the_partners_org_admin_confirms(ww: Wegwijzer, proposed) -> None:  # type: ignore[no-untyped-def]
    admin = user_create(email="beheer@jgz-test.nl", password=PASSWORD, actor=TESTS)
    membership_grant(user=admin, organisation=ww.jgz.organisation, role=Role.ORG_ADMIN, actor=TESTS)
    assert offer_public_confirm(offer=proposed, actor=admin).public_confirmed_by == admin


@pytest.mark.parametrize("who", ["coordinator", "other_coordinator", "professional", "national"])
def test_nobody_else_confirms(ww: Wegwijzer, proposed, who: str) -> None:  # type: ignore[no-untyped-def]
    # The coalition's own coordinator (another organisation), a member of another organisation, an outsider.
    with pytest.raises(PermissionDenied):
        offer_public_confirm(offer=proposed, actor=getattr(ww.cast, who))
    with pytest.raises(PermissionDenied):
        offer_public_withdraw(offer=ww.offer, actor=getattr(ww.cast, who))
    proposed.refresh_from_db()
    assert proposed.public_confirmed_at is None


def test_an_offer_not_switched_on_cannot_be_confirmed(ww: Wegwijzer) -> None:
    intervention = make_intervention("stil-test", "Stil Test", ["roken"], ["zwangerschap"])
    hidden = make_offer(ww.cast, ww.jgz, intervention, show_on_wegwijzer=False)
    with pytest.raises(ValidationError):
        offer_public_confirm(offer=hidden, actor=ww.cast.partner_member)


def test_switching_it_on_needs_a_public_contact(ww: Wegwijzer) -> None:
    intervention = make_intervention("leeg-test", "Leeg Test", ["roken"], ["zwangerschap"])
    with pytest.raises(ValidationError) as info:
        make_offer(ww.cast, ww.jgz, intervention, public_phone="", public_website="")
    assert "show_on_wegwijzer" in info.value.message_dict


def test_confirmation_pages(ww: Wegwijzer, proposed) -> None:  # type: ignore[no-untyped-def]
    url = f"/aanbod/{proposed.public_id}/wegwijzer/"
    for user in (ww.cast.coordinator, ww.cast.professional, ww.cast.other_coordinator):
        give_totp(user)
        client = client_for(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"besluit": "bevestigen"}).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    member = client_for(ww.cast.partner_member)
    assert "Rookstop Test" in member.get("/aanbod/wegwijzer/").content.decode()
    page = member.get(url).content.decode()
    assert "030-1234567" in page and "Achterlijn" not in page
    assert member.post(url, {"besluit": "bevestigen"}).status_code == 302
    proposed.refresh_from_db()
    assert proposed.public_confirmed_by == ww.cast.partner_member
    member.post(url, {"besluit": "intrekken"})
    proposed.refresh_from_db()
    assert proposed.public_confirmed_at is None


def test_the_coordinator_proposes_on_the_offer_form(ww: Wegwijzer) -> None:
    client = client_for(ww.cast.coordinator)
    page = client.get("/coalities/test/aanbod/nieuw/").content.decode()
    assert 'name="show_on_wegwijzer"' in page and 'name="public_phone"' in page
    listing = client.get("/coalities/test/aanbod/").content.decode()
    assert "openbaar, bevestigd door de partner" in listing
