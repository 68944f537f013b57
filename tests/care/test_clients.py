"""System clients (koppelingen) and organisation identifiers: only the organisation's own admin manages
them; the secret is shown once and stored hashed; a revoked client is refused at once."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import Organisation
from kansrijk.audit.models import AuditEvent
from kansrijk.care.models import SystemClient
from kansrijk.care.services.clients import client_authenticate, client_create, client_revoke
from tests.care.personas import CareCast

pytestmark = pytest.mark.django_db


def test_create_shows_the_secret_once_and_stores_only_its_hash(client: Client, care: CareCast) -> None:
    client.force_login(care.org_admin)
    page = client.get(reverse("care:clients"))
    assert page.status_code == 200 and "JGZ Zorgtest" in page.content.decode()
    assert "Verloskunde Zorgtest" not in page.content.decode()  # not their organisation
    response = client.post(reverse("care:client_create", args=[care.jgz.public_id]), {"name": "Dossier JGZ"})
    assert response.status_code == 302
    stored = SystemClient.objects.get(organisation=care.jgz, name="Dossier JGZ")
    assert stored.created_by == care.org_admin
    assert AuditEvent.objects.filter(action="system_client.created").count() == 1

    first = client.get(reverse("care:clients"))
    body = first.content.decode()
    token = body.split(stored.key_id + ".", 1)[1].split("<", 1)[0]
    secret = token.strip()
    assert len(secret) >= 40
    assert "no-store" in first["Cache-Control"]
    # Stored as a hash only: the secret itself is nowhere in the row.
    assert stored.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.secret_hash, stored.key_id, stored.name}
    assert client_authenticate(f"{stored.key_id}.{secret}") == stored
    # Shown once: the next view of the page no longer has it.
    again = client.get(reverse("care:clients")).content.decode()
    assert secret not in again and stored.key_id in again


def test_duplicate_or_empty_name_is_refused_with_422(client: Client, care: CareCast) -> None:
    client.force_login(care.org_admin)
    url = reverse("care:client_create", args=[care.jgz.public_id])
    assert client.post(url, {"name": "Dossier"}).status_code == 302
    duplicate = client.post(url, {"name": "dossier"})
    assert duplicate.status_code == 422 and "al een koppeling" in duplicate.content.decode()
    assert client.post(url, {"name": ""}).status_code == 422
    assert SystemClient.objects.filter(organisation=care.jgz).count() == 1


def test_revoke_works_at_once(client: Client, care: CareCast) -> None:
    made, token = client_create(organisation=care.jgz, name="Dossier", actor=care.org_admin)
    assert client_authenticate(token) == made
    client.force_login(care.org_admin)
    response = client.post(reverse("care:client_revoke", args=[made.public_id]))
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.revoked_at is not None
    assert client_authenticate(token) is None
    assert AuditEvent.objects.filter(action="system_client.revoked").count() == 1
    # Revoking twice says so; nothing changes.
    client.post(reverse("care:client_revoke", args=[made.public_id]))
    assert AuditEvent.objects.filter(action="system_client.revoked").count() == 1


def test_wrong_or_malformed_tokens_are_refused(care: CareCast) -> None:
    made, token = client_create(organisation=care.jgz, name="Dossier", actor=care.org_admin)
    key_id, secret = token.split(".", 1)
    for wrong in (
        f"{key_id}.{secret}x",
        f"{key_id}.",
        secret,
        "",
        f"kr_0000000000000000.{secret}",
        f"{key_id}",
    ):
        assert client_authenticate(wrong) is None


def test_identifiers_are_validated_unique_and_audited(client: Client, care: CareCast) -> None:
    client.force_login(care.org_admin)
    url = reverse("care:organisation_identifiers", args=[care.jgz.public_id])
    assert client.post(url, {"ura": "12345678", "agb": "", "kvk": "87654321"}).status_code == 302
    care.jgz.refresh_from_db()
    assert (care.jgz.ura, care.jgz.agb, care.jgz.kvk) == ("12345678", "", "87654321")
    assert AuditEvent.objects.filter(action="organisation.identifiers_changed").count() == 1
    bad = client.post(url, {"ura": "1234", "agb": "abcdefgh", "kvk": ""})
    assert bad.status_code == 422 and "8 cijfers" in bad.content.decode()
    Organisation.objects.filter(pk=care.midwifery.pk).update(agb="11112222")
    taken = client.post(url, {"ura": "12345678", "agb": "11112222", "kvk": "87654321"})
    assert taken.status_code == 422 and "andere organisatie" in taken.content.decode()
    care.jgz.refresh_from_db()
    assert care.jgz.agb == ""


@pytest.mark.parametrize(
    "persona", ["nurse", "midwife", "coordinator", "national", "log_manager", "parent", "platform_admin"]
)
def test_only_the_organisations_own_admin(client: Client, care: CareCast, persona: str) -> None:
    made, token = client_create(organisation=care.jgz, name="Dossier", actor=care.org_admin)
    client.force_login(getattr(care, persona))
    assert client.get(reverse("care:clients")).status_code == 403
    create = reverse("care:client_create", args=[care.jgz.public_id])
    assert client.post(create, {"name": "Indringer"}).status_code == 404
    assert client.post(reverse("care:client_revoke", args=[made.public_id])).status_code == 404
    ids = reverse("care:organisation_identifiers", args=[care.jgz.public_id])
    assert client.post(ids, {"ura": "12345678", "agb": "", "kvk": ""}).status_code == 404
    made.refresh_from_db()
    care.jgz.refresh_from_db()
    assert made.revoked_at is None and care.jgz.ura == ""
    assert not SystemClient.objects.filter(name="Indringer").exists()
    assert client_authenticate(token) == made


def test_admin_of_another_organisation_gets_404(client: Client, care: CareCast) -> None:
    from kansrijk.accounts.models import Role
    from kansrijk.accounts.services import membership_grant
    from tests.system import TESTS

    membership_grant(user=care.midwife, organisation=care.midwifery, role=Role.ORG_ADMIN, actor=TESTS)
    made, _token = client_create(organisation=care.jgz, name="Dossier", actor=care.org_admin)
    client.force_login(care.midwife)
    page = client.get(reverse("care:clients")).content.decode()
    assert "Verloskunde Zorgtest" in page and "Dossier" not in page
    assert client.post(reverse("care:client_revoke", args=[made.public_id])).status_code == 404
    with pytest.raises(Exception, match="beheerder"):
        client_revoke(client=made, actor=care.midwife)


def test_every_clients_pattern_is_covered_here(client: Client, care: CareCast) -> None:
    """The clients pages hold configuration, no family's data (no access-log entry): anonymous visitors go
    to the login page, and the four patterns are the ones the tests above exercise."""
    from kansrijk.care.paths import clients as clients_paths

    assert {p.name for p in clients_paths.urlpatterns} == {
        "clients",
        "client_create",
        "client_revoke",
        "organisation_identifiers",
    }
    made, _token = client_create(organisation=care.jgz, name="Dossier", actor=care.org_admin)
    for url, method in (
        (reverse("care:clients"), "get"),
        (reverse("care:client_create", args=[care.jgz.public_id]), "post"),
        (reverse("care:client_revoke", args=[made.public_id]), "post"),
        (reverse("care:organisation_identifiers", args=[care.jgz.public_id]), "post"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/account/" in response["Location"], url
