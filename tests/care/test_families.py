"""The professional's worklist and family page: who sees what, and the access-log entry of each view."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.care.context import parent_context
from kansrijk.care.models import AccessEvent, AccessLogEntry, HomeVisit, LevelDecision
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.teams import team_member_add
from tests.care.personas import CareCast
from tests.system import TESTS

pytestmark = pytest.mark.django_db


def _get(client: Client, user: object, url: str) -> object:
    client.force_login(user)  # type: ignore[arg-type]
    return client.get(url)


def _family_url(care: CareCast) -> str:
    return reverse("care:family", args=[care.family.public_id])


def test_worklist_shows_the_team_s_families_and_logs_one_search_naming_them(
    client: Client, care: CareCast
) -> None:
    before = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).count()
    response = _get(client, care.midwife, reverse("care:worklist"))
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Roos Reuring" in body and "Anna Anders" in body and "fictief" in body
    entries = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH)
    assert entries.count() == before + 1
    entry = entries.order_by("-pk").first()
    assert entry is not None and entry.action == "gezinnen.lijst"
    assert sorted(entry.episodes) == sorted([str(care.family.public_id), str(care.other_family.public_id)])
    assert entry.team_label == "Praktijk Oost" and entry.user_id == care.midwife.pk


def test_worklist_filters_by_stage_and_name(client: Client, care: CareCast) -> None:
    body = _get(client, care.midwife, reverse("care:worklist") + "?zoek=reuring").content.decode()  # type: ignore[attr-defined]
    assert "Roos Reuring" in body and "Anna Anders" not in body
    entry = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("-pk").first()
    assert entry is not None and entry.episodes == [str(care.family.public_id)]
    assert "reuring" not in str(entry.detail).lower()  # the words searched for are never logged
    body = client.get(reverse("care:worklist") + "?fase=geboren").content.decode()
    assert "Roos Reuring" not in body and "Geen gezinnen gevonden" in body


def test_other_team_sees_an_empty_worklist(client: Client, care: CareCast) -> None:
    body = _get(client, care.colleague, reverse("care:worklist")).content.decode()  # type: ignore[attr-defined]
    assert "Reuring" not in body and "Anders" not in body
    entry = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("-pk").first()
    assert entry is not None and entry.episodes == []


def test_a_consent_without_names_hides_them_from_list_and_search(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["sociaal"])
    body = _get(client, care.nurse, reverse("care:worklist")).content.decode()  # type: ignore[attr-defined]
    assert "Reuring" not in body and "naam niet gedeeld" in body
    body = client.get(reverse("care:worklist") + "?zoek=Roos").content.decode()
    assert "naam niet gedeeld" not in body  # a search by name never finds a family behind a nameless consent


@pytest.mark.parametrize(
    "persona",
    ["coordinator", "national", "org_admin", "platform_admin", "log_manager", "parent", "other_parent"],
)
def test_people_without_a_care_team_get_404_on_worklist_and_family(
    client: Client, care: CareCast, persona: str
) -> None:
    user = getattr(care, persona)
    assert _get(client, user, reverse("care:worklist")).status_code == 404  # type: ignore[attr-defined]
    assert client.get(_family_url(care)).status_code == 404
    assert client.get(reverse("care:family_register")).status_code == 404


def test_anonymous_is_sent_to_login(client: Client, care: CareCast) -> None:
    response = client.get(_family_url(care))
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_midwife_sees_the_family_page_and_one_read_is_logged(client: Client, care: CareCast) -> None:
    before = AccessLogEntry.objects.filter(episode_id=care.family.public_id).count()
    response = _get(client, care.midwife, _family_url(care))
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Roos Reuring" in body and "Fictief gezin" in body and "Praktijk Oost" in body
    assert "3511AB" in body  # the postcode (identification category)
    entries = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq")
    assert entries.count() == before + 1
    last = entries.last()
    assert last is not None and last.event == AccessEvent.READ and last.action == "gezin.bekijken"
    assert last.detail["categorieen"] == [
        "identificatie", "screening", "niveau", "medisch", "sociaal", "overdracht",
    ]  # fmt: skip
    assert last.basis.startswith("eigen relatie:")


@pytest.mark.parametrize("persona", ["colleague", "social_worker", "nurse"])
def test_professionals_without_a_relation_get_404(client: Client, care: CareCast, persona: str) -> None:
    before = AccessLogEntry.objects.count()
    assert _get(client, getattr(care, persona), _family_url(care)).status_code == 404  # type: ignore[attr-defined]
    for name in ("care:share", "care:child_add", "care:family_close"):
        assert client.get(reverse(name, args=[care.family.public_id])).status_code == 404
    assert AccessLogEntry.objects.count() == before


def test_nurse_after_consent_sees_only_the_consented_sections_and_loses_them_on_withdrawal(
    client: Client, care: CareCast
) -> None:
    consent = care.share_with_nurse(["identificatie", "sociaal"])
    response = _get(client, care.nurse, _family_url(care))
    assert response.status_code == 200  # type: ignore[attr-defined]
    body = response.content.decode()  # type: ignore[attr-defined]
    assert "Roos Reuring" in body and 'id="personen"' in body
    assert 'id="niveau"' not in body  # the level decision is not covered
    assert "Gegevens delen met een andere organisatie" not in body  # a consent cannot be passed on
    last = AccessLogEntry.objects.filter(episode_id=care.family.public_id).order_by("seq").last()
    assert last is not None and last.detail["categorieen"] == ["identificatie", "sociaal"]
    assert last.basis == f"toestemming:{consent.public_id}"  # type: ignore[attr-defined]
    consent_withdraw(parent_context(care.parent), consent=consent)  # type: ignore[arg-type]
    assert client.get(_family_url(care)).status_code == 404


def test_nurse_with_consent_without_names_sees_no_persons(client: Client, care: CareCast) -> None:
    care.share_with_nurse(["niveau"])
    body = _get(client, care.nurse, _family_url(care)).content.decode()  # type: ignore[attr-defined]
    assert "Roos" not in body and 'id="personen"' not in body and 'id="niveau"' in body


def test_a_professional_in_two_teams_switches_and_acts_for_one_at_a_time(
    client: Client, care: CareCast
) -> None:
    team_member_add(team=care.colleague_team, user=care.nurse, actor=TESTS)
    care.share_with_nurse(["identificatie"])  # to team Noord only
    client.force_login(care.nurse)
    body = client.get(reverse("care:worklist") + f"?team={care.nurse_team.public_id}").content.decode()
    assert "Wissel van team" in body and "Roos Reuring" in body
    body = client.get(reverse("care:worklist") + f"?team={care.colleague_team.public_id}").content.decode()
    assert "Roos Reuring" not in body
    entry = AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).order_by("-pk").first()
    assert entry is not None and entry.team_label == "Zuid"
    # The choice is remembered: the family page now answers for team Zuid, which has no relation.
    assert client.get(_family_url(care)).status_code == 404


def test_level_and_visits_show_where_the_basis_covers_them(client: Client, care: CareCast) -> None:
    reassess = timezone.localdate() + timedelta(days=60)
    LevelDecision.objects.create(
        episode=care.family, proposed_level="zeer_kwetsbaar", level="zeer_kwetsbaar", decided_with_client=True,
        organisation=care.midwifery, decided_by=care.midwife, reassess_on=reassess,
    )  # fmt: skip
    HomeVisit.objects.create(
        episode=care.family, organisation=care.jgz, team=care.nurse_team, status="aangeboden"
    )
    client.force_login(care.midwife)
    body = client.get(reverse("care:worklist")).content.decode()
    assert "zeer kwetsbaar" in body
    body = client.get(_family_url(care)).content.decode()
    assert "zeer kwetsbaar" in body and 'id="huisbezoek"' in body and "Aangeboden" in body
    care.share_with_nurse(["identificatie"])
    client.force_login(care.nurse)
    body = client.get(reverse("care:worklist")).content.decode()
    assert "zeer kwetsbaar" not in body  # the level is not covered by this consent
    body = client.get(_family_url(care)).content.decode()
    assert "zeer kwetsbaar" not in body and 'id="huisbezoek"' in body  # JGZ's own visit record
