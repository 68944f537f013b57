"""The organisation admin's care teams: only the admin (or the platform admin for an organisation
without one) manages them; only people with the care role can join."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.care.models import CareTeam, CareTeamMember
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def test_org_admin_sees_teams_members_and_candidates(client: Client, care: CareCast) -> None:
    client.force_login(care.org_admin)
    response = client.get(reverse("care:teams"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "JGZ Zorgtest" in body and "Team Noord" in body and "Team Zuid" in body
    assert care.nurse.email in body and care.colleague.email in body
    assert "Praktijk Oost" not in body  # another organisation's teams


def test_org_admin_creates_a_team_adds_and_removes_a_member(client: Client, care: CareCast) -> None:
    client.force_login(care.org_admin)
    response = client.post(reverse("care:team_create", args=[care.jgz.public_id]), {"name": "Oost"})
    assert response.status_code == 302
    team = CareTeam.objects.get(organisation=care.jgz, name="Oost")
    assert AuditEvent.objects.filter(action="care_team.created").exists()
    duplicate = client.post(reverse("care:team_create", args=[care.jgz.public_id]), {"name": "oost"})
    assert duplicate.status_code == 422 and "al een team" in duplicate.content.decode()
    add = reverse("care:team_member_add", args=[team.public_id])
    assert client.post(add, {"user": str(care.nurse.public_id)}).status_code == 302
    assert CareTeamMember.objects.filter(team=team, user=care.nurse).exists()
    # Only people with the care role in this organisation: the log manager and a midwife are refused.
    for outsider in (care.log_manager, care.midwife):
        response = client.post(add, {"user": str(outsider.public_id)})
        assert response.status_code == 422
        assert not CareTeamMember.objects.filter(team=team, user=outsider).exists()
    remove = reverse("care:team_member_remove", args=[team.public_id, care.nurse.public_id])
    assert client.post(remove).status_code == 302
    assert not CareTeamMember.objects.filter(team=team, user=care.nurse).exists()


@pytest.mark.parametrize("persona", ["nurse", "midwife", "coordinator", "national", "log_manager", "parent"])
def test_others_cannot_manage_teams(client: Client, care: CareCast, persona: str) -> None:
    client.force_login(getattr(care, persona))
    assert client.get(reverse("care:teams")).status_code == 403
    assert (
        client.post(reverse("care:team_create", args=[care.jgz.public_id]), {"name": "X"}).status_code == 404
    )
    add = reverse("care:team_member_add", args=[care.nurse_team.public_id])
    assert client.post(add, {"user": str(care.colleague.public_id)}).status_code == 404
    remove = reverse("care:team_member_remove", args=[care.nurse_team.public_id, care.nurse.public_id])
    assert client.post(remove).status_code == 404
    assert CareTeamMember.objects.filter(team=care.nurse_team, user=care.nurse).exists()
    assert not CareTeam.objects.filter(name="X").exists()


def test_platform_admin_manages_only_organisations_without_an_admin(client: Client, care: CareCast) -> None:
    client.force_login(care.platform_admin)
    body = client.get(reverse("care:teams")).content.decode()
    assert "Verloskunde Zorgtest" in body and "JGZ Zorgtest" not in body  # JGZ has its own admin
    remove = reverse("care:team_member_remove", args=[care.nurse_team.public_id, care.nurse.public_id])
    assert client.post(remove).status_code == 404
    response = client.post(reverse("care:team_create", args=[care.midwifery.public_id]), {"name": "West"})
    assert response.status_code == 302


def test_anonymous_is_sent_to_login(client: Client, care: CareCast) -> None:
    assert client.get(reverse("care:teams")).status_code == 302
