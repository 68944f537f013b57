"""Instrument definitions: the shipped files, validation errors naming item and field, the upload by a
platform admin (all or nothing, audit event), and the pages (404 for everyone else)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.care.instruments import parse_definition, shipped_files, validate_definition
from kansrijk.care.models import Instrument
from kansrijk.care.services.screening import instrument_upload
from tests.care.personas import CareCast


def shipped(name: str = "kansrijk-brede-inventarisatie") -> dict[str, Any]:
    path = next(p for p in shipped_files() if p.name.startswith(name))
    return json.loads(path.read_text(encoding="utf-8"))


def test_shipped_files_are_valid_and_cover_the_domains() -> None:
    broad = parse_definition(validate_definition(shipped()))
    assert 24 <= len(broad.items) <= 32 and len(broad.by_domain()) == 8
    assert any(i.urgent for i in broad.items) and broad.asks_protective
    anamnesis = parse_definition(validate_definition(shipped("vvn-anamnese")))
    assert not anamnesis.validated and "V&VN" in anamnesis.content_owner


@pytest.mark.django_db
def test_the_data_migration_loaded_the_same_definitions() -> None:
    for path in shipped_files():
        clean = validate_definition(json.loads(path.read_text(encoding="utf-8")))
        stored = Instrument.objects.get(key=clean["key"], version=clean["version"])
        assert stored.definition == clean and not stored.validated


def _broken(mutate: Any) -> list[str]:
    data = copy.deepcopy(shipped())
    mutate(data)
    with pytest.raises(ValidationError) as excinfo:
        validate_definition(data)
    return excinfo.value.messages


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["items"][6].update(domain="geld"),
            'Vraag 7 ("w-schulden"), veld "domain": "geld" kan niet',
        ),
        (lambda d: d["items"][6].update(category="geheim"), 'Vraag 7 ("w-schulden"), veld "category"'),
        (lambda d: d["items"][6].update(kind="soms"), 'Vraag 7 ("w-schulden"), veld "kind"'),
        (lambda d: d["items"][6].update(need="geluk"), 'Vraag 7 ("w-schulden"), veld "need"'),
        (lambda d: d["items"][6].pop("need"), 'Vraag 7 ("w-schulden"), veld "need"'),
        (lambda d: d["items"][6].pop("text"), 'Vraag 7 ("w-schulden"), veld "text": dit veld ontbreekt'),
        (lambda d: d["items"][6].update(present=["misschien"]), 'Vraag 7 ("w-schulden"), veld "present"'),
        (lambda d: d["items"][6].update(options="jaja"), 'Vraag 7 ("w-schulden"), veld "options"'),
        (lambda d: d["items"][6].update(urgent="ja"), 'Vraag 7 ("w-schulden"), veld "urgent"'),
        (lambda d: d["items"][5].update(urgent=True), 'Vraag 6 ("g-steun"), veld "urgent"'),
        (lambda d: d["items"][6].update(kleur="rood"), 'Vraag 7 ("w-schulden"), veld "kleur"'),
        (lambda d: d["items"][7].update(id="w-schulden"), 'Vraag 8 ("w-schulden"), veld "id"'),
        (lambda d: d.update(validated=True), 'veld "validated"'),
        (lambda d: d.update(version="2"), 'veld "version"'),
        (lambda d: d.update(items=[]), 'veld "items"'),
    ],
)
def test_validation_names_the_item_and_the_field(mutate: Any, expected: str) -> None:
    messages = _broken(mutate)
    assert any(expected in m for m in messages), messages


def test_all_problems_are_listed_at_once() -> None:
    def two(d: dict[str, Any]) -> None:
        d["items"][0]["domain"] = "x"
        d["items"][3]["kind"] = "y"

    assert len(_broken(two)) == 2


def _v2(version: int = 2) -> bytes:
    data = shipped()
    data["version"] = version
    data["items"] = data["items"][:5]
    return json.dumps(data).encode()


def test_upload_by_platform_admin_replaces_the_version_in_use(care: CareCast) -> None:
    new = instrument_upload(actor=care.platform_admin, source=_v2())
    old = Instrument.objects.get(key=new.key, version=1)
    assert new.is_active and not old.is_active and not new.validated
    event = AuditEvent.objects.get(action="care.instrument_uploaded")
    assert event.changes["version"] == 2 and event.changes["replaces"] == [1]


def test_upload_refuses_an_old_version_and_writes_nothing(care: CareCast) -> None:
    before = Instrument.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        instrument_upload(actor=care.platform_admin, source=_v2(1))
    assert "hoogste bestaande versie (1)" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        instrument_upload(actor=care.platform_admin, source=b"{niet json")
    assert (
        Instrument.objects.count() == before
        and not AuditEvent.objects.filter(action="care.instrument_uploaded").exists()
    )


@pytest.mark.parametrize("persona", ["midwife", "org_admin", "coordinator", "national"])
def test_only_platform_admins_upload(care: CareCast, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        instrument_upload(actor=getattr(care, persona), source=_v2())


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_platform_admin_pages_list_view_and_upload(care: CareCast) -> None:
    client = _client(care.platform_admin)
    listing = client.get(reverse("care:instruments"))
    assert listing.status_code == 200 and "niet gevalideerd" in listing.content.decode()
    inst = Instrument.objects.get(key="vvn-anamnese")
    assert client.get(reverse("care:instrument", args=[inst.public_id])).status_code == 200
    assert client.get(reverse("care:instrument_fhir", args=[inst.public_id])).status_code == 200
    upload = reverse("care:instrument_upload")
    assert client.get(upload).status_code == 200
    data = shipped()
    data["items"][6]["domain"] = "geld"
    bad = client.post(upload, {"file": SimpleUploadedFile("v2.json", json.dumps(data).encode())})
    assert bad.status_code == 422 and "Vraag 7" in bad.content.decode()
    assert not Instrument.objects.filter(version=2).exists()
    good = client.post(upload, {"file": SimpleUploadedFile("v2.json", _v2())})
    assert good.status_code == 302 and Instrument.objects.filter(version=2).exists()


@pytest.mark.parametrize(
    "persona", ["midwife", "nurse", "org_admin", "log_manager", "coordinator", "national", "parent"]
)
def test_instrument_pages_are_404_for_everyone_else(care: CareCast, persona: str) -> None:
    client = _client(getattr(care, persona))
    inst = Instrument.objects.get(key="vvn-anamnese")
    for url in (
        reverse("care:instruments"),
        reverse("care:instrument_upload"),
        reverse("care:instrument", args=[inst.public_id]),
        reverse("care:instrument_fhir", args=[inst.public_id]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("care:instrument_upload"), {"file": SimpleUploadedFile("v2.json", _v2())})
    assert response.status_code == 404 and not Instrument.objects.filter(version=2).exists()
