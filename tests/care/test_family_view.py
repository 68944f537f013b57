"""The family's own view at /zorg/mijn-gegevens/: only the linked parent, one log entry per visit, consent
withdrawal that ends the professional's access at once, and the correction request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import User
from kansrijk.care.context import professional_context
from kansrijk.care.models import AccessEvent, AccessLogEntry, Consent, CorrectionRequest, Person, PersonRole
from kansrijk.care.selectors.families import family_page
from tests.care.personas import CareCast


def _share(care: CareCast, categories: list[str] | None = None) -> Consent:
    consent = care.share_with_nurse(categories)
    assert isinstance(consent, Consent)
    return consent


def _get(client: Client, user: User, url: str) -> Any:
    client.force_login(user)
    return client.get(url)


def test_the_parent_sees_organisations_consent_and_log_and_the_visit_is_logged(
    care: CareCast, client: Client
) -> None:
    _share(care, ["identificatie", "sociaal"])
    family_page(care.ctx(care.midwife), care.family.public_id)  # the midwife looks at the family
    before = AccessLogEntry.objects.filter(episode_id=care.family.public_id).count()
    response = _get(client, care.parent, reverse("care:parent_view"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fictief gezin" in html
    assert "Verloskunde Zorgtest" in html and "JGZ Zorgtest" in html
    assert "U heeft toestemming gegeven." in html and "Geld, wonen en veiligheid" in html
    assert "Heeft uw gegevens bekeken" in html  # the midwife's read, in plain words
    assert "Toestemming intrekken" in html
    assert "Rik" not in html  # the partner's own details are the partner's
    entries = AccessLogEntry.objects.filter(episode_id=care.family.public_id)
    assert entries.count() == before + 1
    entry = entries.order_by("-occurred_at", "-seq").first()
    assert entry is not None
    assert (entry.event, entry.purpose, entry.user_id) == (AccessEvent.READ, "eigen_inzage", care.parent.pk)


@pytest.mark.parametrize(
    "who", ["nurse", "midwife", "coordinator", "national", "platform_admin", "org_admin", "log_manager"]
)
def test_anyone_who_is_no_linked_parent_gets_404(care: CareCast, client: Client, who: str) -> None:
    response = _get(client, getattr(care, who), reverse("care:parent_view"))
    assert response.status_code == 404


def test_another_parent_gets_404_on_everything_of_the_family(care: CareCast, client: Client) -> None:
    consent = _share(care)
    fam = care.family.public_id
    client.force_login(care.other_parent)
    own = client.get(reverse("care:parent_view"))
    assert own.status_code == 200 and "Reuring" not in own.content.decode()
    assert client.get(reverse("care:parent_family", args=[fam])).status_code == 404
    withdraw = reverse("care:parent_consent_withdraw", args=[fam, consent.public_id])
    assert client.get(withdraw).status_code == 404
    assert client.post(withdraw).status_code == 404
    parent = care.family.persons.get(role=PersonRole.PARENT)
    correction = reverse("care:parent_correction", args=[fam])
    assert client.post(correction, {"person": parent.public_id, "text": "x"}).status_code == 404
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is None
    assert not CorrectionRequest.objects.exists()
    # Nor can one parent reach the other's family through their own family's address.
    other_consent = reverse(
        "care:parent_consent_withdraw", args=[care.other_family.public_id, consent.public_id]
    )
    assert client.get(other_consent).status_code == 404


def test_anonymous_is_sent_to_login(care: CareCast, client: Client) -> None:
    response = client.get(reverse("care:parent_view"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_withdrawal_on_the_parent_page_ends_the_nurses_access_at_once(care: CareCast, client: Client) -> None:
    consent = _share(care)
    fam = care.family.public_id
    family_url = reverse("care:family", args=[fam])
    client.force_login(care.nurse)
    assert client.get(family_url).status_code == 200
    client.force_login(care.parent)
    url = reverse("care:parent_consent_withdraw", args=[fam, consent.public_id])
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Ja, toestemming intrekken" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("care:parent_family", args=[fam])
    assert Consent.objects.get(pk=consent.pk).withdrawn_at is not None
    assert AccessLogEntry.objects.filter(episode_id=fam, action="toestemming.intrekken").count() == 1
    client.force_login(care.nurse)
    assert client.get(family_url).status_code == 404
    page = _get(client, care.parent, reverse("care:parent_view"))
    assert "ingetrokken" in page.content.decode()
    # Withdrawing twice is refused with a message, not an error page.
    again = client.post(url, follow=True)
    assert again.status_code == 200 and "al ingetrokken" in again.content.decode()


def test_the_partner_consent_is_not_the_parents_to_withdraw(care: CareCast, client: Client) -> None:
    partner = care.family.persons.get(role=PersonRole.PARTNER)
    parent_person = care.family.persons.get(role=PersonRole.PARENT)
    consent = _share(care)
    Consent.objects.filter(pk=consent.pk).update(subject=partner, given_by=partner)
    client.force_login(care.parent)
    url = reverse("care:parent_consent_withdraw", args=[care.family.public_id, consent.public_id])
    assert client.post(url).status_code == 404
    assert parent_person.account == care.parent


def test_correction_request_from_the_page(care: CareCast, client: Client) -> None:
    fam = care.family.public_id
    parent = care.family.persons.get(role=PersonRole.PARENT)
    partner = care.family.persons.get(role=PersonRole.PARTNER)
    client.force_login(care.parent)
    url = reverse("care:parent_correction", args=[fam])
    empty = client.post(url, {"person": parent.public_id, "text": ""})
    assert empty.status_code == 422
    not_mine = client.post(url, {"person": partner.public_id, "text": "Zijn adres klopt niet"})
    assert not_mine.status_code == 422  # not a choice: the partner asks for themselves
    response = client.post(url, {"person": parent.public_id, "text": "Mijn postcode is 3512 AB"})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert (request.person, request.team) == (parent, care.midwife_team)
    page = client.get(reverse("care:parent_view")).content.decode()
    assert "Mijn postcode is 3512 AB" in page


def test_a_parent_with_two_families_can_switch(care: CareCast, client: Client) -> None:
    Person.objects.filter(episode=care.other_family, role=PersonRole.PARENT).update(account=care.parent)
    client.force_login(care.parent)
    page = client.get(reverse("care:parent_view")).content.decode()
    assert reverse("care:parent_family", args=[care.family.public_id]) in page
    assert client.get(reverse("care:parent_family", args=[care.family.public_id])).status_code == 200


def test_nurse_context_never_reaches_the_family_view(care: CareCast) -> None:
    from django.http import Http404

    from kansrijk.care.selectors.family_view import family_view

    with pytest.raises(Http404):
        family_view(professional_context(care.midwife, team=care.midwife_team), care.family.public_id)
