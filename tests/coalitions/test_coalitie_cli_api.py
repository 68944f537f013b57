"""`kansrijk coalitie list|export` and `/api/v1/coalities/…`: the same JSON, scoped to who asks."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from kansrijk.accounts.models import OrganisationKind
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.api.coalitions import NOT_YOURS
from kansrijk.coalitions.exports import UNKNOWN_SLUG
from kansrijk.coalitions.services.agreements import agreement_create
from kansrijk.coalitions.services.plan import ambition_create
from tests.coalitions.conftest import client_for
from tests.personas import Cast, accepted_partner
from tests.system import TESTS

KANSRIJK = str(Path(sys.executable).parent / "kansrijk")
EXPORT_KEYS = {
    "coalitie",
    "partners",
    "ontbrekende_partnersoorten",
    "zelfscan",
    "ambities",
    "acties_zonder_doel",
    "afspraken",
}


def _cli(*args: str) -> object:
    out = io.StringIO()
    call_command("coalitie", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def filled(cast: Cast) -> Cast:
    """The test coalition with a second partner, an ambition and an agreement between two partners."""
    other = organisation_get_or_create(name="Kraamzorg Test", kind=OrganisationKind.KRAAMZORG, actor=TESTS)
    accepted_partner(cast.coalition, other)
    ambition_create(coalition=cast.coalition, title="Minder stress over geld", actor=cast.coordinator)
    agreement_create(
        coalition=cast.coalition,
        level="uitvoering",
        topic="Warme overdracht",
        text="De verloskundige belt de JGZ bij elk signaal.",
        partners=list(cast.coalition.partners.exclude(organisation__name="Gemeente Test")),
        start_date=date(2026, 1, 1),
        review_date=date(2027, 1, 1),
        actor=cast.coordinator,
    )
    return cast


def test_cli_list_gives_slug_name_and_municipalities(cast: Cast) -> None:
    rows = _cli("list", "--format", "json")
    assert {r["slug"] for r in rows} == {"test", "elders"}
    test = next(r for r in rows if r["slug"] == "test")
    assert test == {
        "slug": "test",
        "naam": "Coalitie Test",
        "gemeenten": [{"code": "GM0344", "naam": "Utrecht"}],
    }


def test_cli_list_as_a_member_shows_only_their_coalitions(cast: Cast) -> None:
    assert [r["slug"] for r in _cli("list", "--als", cast.partner_member.email)] == ["test"]
    assert _cli("list", "--als", cast.outsider.email) == []
    assert {r["slug"] for r in _cli("list", "--als", cast.national.email)} == {"test", "elders"}


def test_cli_export_has_the_contract_keys_and_content(filled: Cast) -> None:
    data = _cli("export", "test", "--format", "json")
    assert set(data) == EXPORT_KEYS
    assert data["coalitie"]["slug"] == "test" and data["coalitie"]["naam"] == "Coalitie Test"
    assert data["coalitie"]["gemeenten"] == [{"code": "GM0344", "naam": "Utrecht"}]
    names = {p["naam"] for p in data["partners"]}
    assert names == {"Gemeente Test", "JGZ Test", "Kraamzorg Test"}  # with the coordinator's municipality
    jgz = next(p for p in data["partners"] if p["naam"] == "JGZ Test")
    assert jgz["soort"] == "jgz" and jgz["domein"] == "medisch"
    missing = {m["soort"] for m in data["ontbrekende_partnersoorten"]}
    assert "huisartsenpraktijk" in missing and "jgz" not in missing and "kraamzorg" not in missing
    assert [a["titel"] for a in data["ambities"]] == ["Minder stress over geld"]
    assert data["afspraken"][0]["onderwerp"] == "Warme overdracht"
    assert set(data["afspraken"][0]["partners"]) == {"JGZ Test", "Kraamzorg Test"}
    assert data["zelfscan"] == []


def test_cli_export_as_someone_outside_is_refused_like_unknown(cast: Cast) -> None:
    with pytest.raises(SystemExit) as exc:
        call_command(
            "coalitie", "export", "test", "--als", cast.other_coordinator.email, stderr=io.StringIO()
        )
    assert exc.value.code == 2


def test_console_script_unknown_slug_exits_2_with_one_dutch_line(tmp_path: Path) -> None:
    env = {**os.environ, "KANSRIJK_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "kansrijk.settings"}
    env.pop("DATABASE_URL", None)
    subprocess.run([KANSRIJK, "migrate", "-v", "0"], env=env, check=True, capture_output=True, timeout=300)
    result = subprocess.run(
        [KANSRIJK, "coalitie", "export", "bestaat-niet"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines() == [UNKNOWN_SLUG.format(slug="bestaat-niet")]


def test_api_needs_login(cast: Cast) -> None:
    anonymous = Client()
    assert anonymous.get("/api/v1/coalities").status_code == 401
    assert anonymous.get("/api/v1/coalities/test").status_code == 401


def test_api_lists_what_the_user_takes_part_in(cast: Cast) -> None:
    assert [r["slug"] for r in client_for(cast.partner_member).get("/api/v1/coalities").json()] == ["test"]
    assert client_for(cast.outsider).get("/api/v1/coalities").json() == []
    national = client_for(cast.national).get("/api/v1/coalities").json()
    assert {r["slug"] for r in national} == {"test", "elders"}


def test_api_export_equals_the_cli_and_is_403_for_others(filled: Cast) -> None:
    for user in (filled.coordinator, filled.partner_member, filled.national):
        response = client_for(user).get("/api/v1/coalities/test")
        assert response.status_code == 200, user
        assert response.json() == _cli("export", "test")
    for user in (filled.other_coordinator, filled.outsider):
        response = client_for(user).get("/api/v1/coalities/test")
        assert response.status_code == 403 and response.json() == {"detail": NOT_YOURS}


def test_api_unknown_coalition_is_404(cast: Cast) -> None:
    assert client_for(cast.national).get("/api/v1/coalities/bestaat-niet").status_code == 404


def test_openapi_documents_the_coalition_routes_with_their_errors(cast: Cast) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    responses = spec["paths"]["/api/v1/coalities/{slug}"]["get"]["responses"]
    assert {"200", "401", "403", "404"} <= set(responses)
