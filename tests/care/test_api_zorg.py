"""GET /api/v1/zorg/…: the care API, read only, with the pages' context and logging. 401 without login,
404 for what is not visible; the role matrix includes consent given and withdrawn."""

from __future__ import annotations

import pytest
from django.test import Client
from fhir.resources.R4B.bundle import Bundle

from kansrijk.care.context import parent_context
from kansrijk.care.models import AccessEvent, AccessLogEntry
from kansrijk.care.services.consent import consent_withdraw
from tests.care.personas import CareCast

API = "/api/v1/zorg"


def _urls(care: CareCast) -> list[str]:
    fam = care.family.public_id
    return [
        f"{API}/gezinnen",
        f"{API}/gezinnen/{fam}",
        f"{API}/gezinnen/{fam}/toestemmingen",
        f"{API}/mijn-gegevens",
    ]


def test_anonymous_gets_401_everywhere(care: CareCast, client: Client) -> None:
    for url in _urls(care):
        assert client.get(url).status_code == 401, url
    assert not AccessLogEntry.objects.filter(event=AccessEvent.SEARCH).exists()


@pytest.mark.parametrize("who", ["coordinator", "national", "platform_admin", "org_admin", "log_manager"])
def test_no_care_role_gets_404_everywhere(care: CareCast, client: Client, who: str) -> None:
    client.force_login(getattr(care, who))
    for url in _urls(care):
        assert client.get(url).status_code == 404, url


def test_the_registering_team_lists_its_families_with_one_search_entry(
    care: CareCast, client: Client
) -> None:
    client.force_login(care.midwife)
    before = AccessLogEntry.objects.count()
    body = client.get(f"{API}/gezinnen").json()
    ids = {row["id"] for row in body["gezinnen"]}
    assert ids == {str(care.family.public_id), str(care.other_family.public_id)}
    row = next(r for r in body["gezinnen"] if r["id"] == str(care.family.public_id))
    assert row["naam"] == "Roos Reuring" and row["fictief"] is True
    assert set(row) == {
        "id",
        "fase",
        "status",
        "fictief",
        "naam",
        "uitgerekende_datum",
        "geboortedatum",
        "categorieen",
    }
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.get(event=AccessEvent.SEARCH)
    assert set(entry.episodes) == ids


def test_family_detail_shows_only_covered_categories_and_logs_a_read(care: CareCast, client: Client) -> None:
    care.share_with_nurse(["screening", "sociaal"])  # no identification
    client.force_login(care.nurse)
    listing = client.get(f"{API}/gezinnen").json()["gezinnen"]
    assert [r["naam"] for r in listing] == [None]
    body = client.get(f"{API}/gezinnen/{care.family.public_id}").json()
    assert body["categorieen"] == ["screening", "sociaal"] and body["personen"] is None
    assert "Roos" not in str(body)
    read = AccessLogEntry.objects.filter(
        episode_id=care.family.public_id, event=AccessEvent.READ, user_id=care.nurse.pk
    )
    assert read.count() == 1


def test_nurse_before_consent_after_consent_and_after_withdrawal(care: CareCast, client: Client) -> None:
    detail = f"{API}/gezinnen/{care.family.public_id}"
    client.force_login(care.nurse)
    assert client.get(detail).status_code == 404
    assert client.get(f"{API}/gezinnen").json()["gezinnen"] == []
    consent = care.share_with_nurse()
    assert client.get(detail).status_code == 200
    assert client.get(detail + "/toestemmingen").status_code == 200
    consent_withdraw(parent_context(care.parent), consent=consent)  # type: ignore[arg-type]
    assert client.get(detail).status_code == 404
    assert client.get(detail + "/toestemmingen").status_code == 404
    client.force_login(care.colleague)  # other team of the same organisation: never
    assert client.get(detail).status_code == 404


def test_team_choice_with_the_team_parameter(care: CareCast, client: Client) -> None:
    from kansrijk.care.services.teams import team_member_add
    from tests.system import TESTS

    care.share_with_nurse()
    team_member_add(team=care.colleague_team, user=care.nurse, actor=TESTS)
    client.force_login(care.nurse)
    detail = f"{API}/gezinnen/{care.family.public_id}"
    assert client.get(detail, {"team": str(care.nurse_team.public_id)}).status_code == 200
    assert client.get(detail, {"team": str(care.colleague_team.public_id)}).status_code == 404
    zuid = AccessLogEntry.objects.filter(event=AccessEvent.READ, team_label="Zuid")
    assert not zuid.exists()


def test_consents_as_a_fhir_bundle(care: CareCast, client: Client) -> None:
    consent = care.share_with_nurse()
    client.force_login(care.midwife)
    body = client.get(f"{API}/gezinnen/{care.family.public_id}/toestemmingen").json()
    bundle = Bundle.model_validate(body)
    assert bundle.type == "collection" and len(bundle.entry or []) == 1
    resource = body["entry"][0]["resource"]
    assert resource["resourceType"] == "Consent" and resource["id"] == str(consent.public_id)  # type: ignore[attr-defined]
    assert AccessLogEntry.objects.filter(event=AccessEvent.EXPORT, user_id=care.midwife.pk).count() == 1
    client.force_login(care.social_worker)
    assert client.get(f"{API}/gezinnen/{care.family.public_id}/toestemmingen").status_code == 404


def test_my_data_for_the_parent_only(care: CareCast, client: Client) -> None:
    care.share_with_nurse()
    client.force_login(care.parent)
    body = client.get(f"{API}/mijn-gegevens").json()
    assert body["gezin"] == str(care.family.public_id) and body["fictief"] is True
    assert {o["naam"] for o in body["organisaties"]} == {"Verloskunde Zorgtest", "JGZ Zorgtest"}
    assert [t["actief"] for t in body["toestemmingen"]] == [True]
    assert AccessLogEntry.objects.filter(user_id=care.parent.pk, purpose="eigen_inzage").count() == 1
    assert client.get(f"{API}/gezinnen").status_code == 404  # a parent is no professional
    client.force_login(care.other_parent)
    assert client.get(f"{API}/mijn-gegevens", {"gezin": str(care.family.public_id)}).status_code == 404
    assert client.get(f"{API}/mijn-gegevens").json()["gezin"] == str(care.other_family.public_id)
    for user in (care.nurse, care.midwife):
        client.force_login(user)
        assert client.get(f"{API}/mijn-gegevens").status_code == 404
