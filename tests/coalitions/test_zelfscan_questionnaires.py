"""Questionnaire management: import (all or nothing, clear errors), activate, download; the pages are
for the platform admin only."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import kansrijk.coalitions
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.models import Questionnaire, Statement, ZelfscanTheme
from kansrijk.coalitions.selectors.questionnaires import questionnaire_as_json
from kansrijk.coalitions.services import zelfscan as svc
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import make_platform_admin
from tests.personas import Cast

V1 = json.loads(
    (Path(kansrijk.coalitions.__file__).parent / "data" / "zelfscan_v1.json").read_text(encoding="utf-8")
)


def _v2() -> dict[str, Any]:
    data = copy.deepcopy(V1)
    data["version"] = 2
    data["title"] = "Kansrijk-zelfscan versie 2"
    return data


def _state() -> tuple[int, int, int, int]:
    return (
        Questionnaire.objects.count(),
        ZelfscanTheme.objects.count(),
        Statement.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def admin(db: None) -> Any:
    return make_platform_admin()


def test_import_a_new_version(cast: Cast, admin: Any) -> None:
    q = svc.questionnaire_import(source=json.dumps(_v2()).encode(), actor=admin)
    assert q.version == 2 and not q.is_active
    assert q.themes.count() == len(V1["themes"])
    assert Statement.objects.filter(theme__questionnaire=q).count() == sum(
        len(t["statements"]) for t in V1["themes"]
    )
    event = AuditEvent.objects.get(action="zelfscan.questionnaire_imported")
    assert event.actor == admin and event.changes["version"] == 2
    # The download of the new version is the uploaded file again (texts were already clean).
    assert questionnaire_as_json(q) == {**_v2(), "themes": V1["themes"]}


def test_download_is_the_shipped_file(db: None) -> None:
    assert questionnaire_as_json(Questionnaire.objects.get(version=1)) == V1


@pytest.mark.parametrize("who", ["coordinator", "partner_member", "national", "outsider"])
def test_only_the_platform_admin_imports_and_activates(cast: Cast, admin: Any, who: str) -> None:
    actor = getattr(cast, who)
    before = _state()
    with pytest.raises(PermissionDenied):
        svc.questionnaire_import(source=_v2(), actor=actor)
    assert _state() == before
    q2 = svc.questionnaire_import(source=_v2(), actor=admin)
    before = _state()
    with pytest.raises(PermissionDenied):
        svc.questionnaire_activate(questionnaire=q2, actor=actor)
    assert _state() == before
    assert Questionnaire.objects.get(is_active=True).version == 1


def _mutate(fn: Any) -> dict[str, Any]:
    data = _v2()
    fn(data)
    return data


BAD: list[tuple[str, Any, list[str]]] = [
    (
        "geen json",
        b"{version: 2",
        [svc.Q_INVALID_JSON.format(line=1, col=2, msg="Expecting property name enclosed in double quotes")],
    ),
    ("geen utf-8", '{"title": "caf\u00e9"}'.encode("latin-1"), [svc.Q_NOT_UTF8]),
    ("te groot", b" " * (svc.MAX_UPLOAD_BYTES + 1), [svc.Q_TOO_LARGE.format(max=200)]),
    ("een lijst", b"[1, 2]", [svc.Q_NOT_OBJECT]),
    (
        "versie ontbreekt",
        _mutate(lambda d: d.pop("version")),
        [svc.Q_MISSING_KEY.format(where="Het bestand", key="version")],
    ),
    ("versie is tekst", _mutate(lambda d: d.update(version="2")), [svc.Q_VERSION_TYPE]),
    ("versie bestaat", _mutate(lambda d: d.update(version=1)), [svc.Q_VERSION_EXISTS.format(version=1)]),
    (
        "lege titel",
        _mutate(lambda d: d.update(title="  ")),
        [svc.Q_EMPTY_TEXT.format(where="Het bestand", key="title")],
    ),
    (
        "onbekende sleutel",
        _mutate(lambda d: d.update(thema=[])),
        [
            svc.Q_UNKNOWN_KEYS.format(
                where="Het bestand", keys="thema", allowed="version, title, description, themes"
            )
        ],
    ),
    ("geen thema's", _mutate(lambda d: d.update(themes=[])), [svc.Q_NO_THEMES]),
    (
        "thema zonder stellingen",
        _mutate(lambda d: d["themes"][1].update(statements=[])),
        [svc.Q_NO_STATEMENTS.format(where="Thema 2 (ambitie-en-doelen)")],
    ),
    (
        "lege stelling",
        _mutate(lambda d: d["themes"][6]["statements"][1].update(text="")),
        [svc.Q_EMPTY_TEXT.format(where="Thema 7 (borging), stelling 2 (structureel)", key="text")],
    ),
    (
        "dubbele themasleutel",
        _mutate(lambda d: d["themes"][2].update(key="doelgroep")),
        [svc.Q_DUPLICATE_KEY.format(where="Thema 4 (doelgroep)", key="doelgroep")],
    ),
    (
        "dubbele stellingsleutel",
        _mutate(lambda d: d["themes"][0]["statements"][1].update(key="kartrekker")),
        [
            svc.Q_DUPLICATE_KEY.format(
                where="Thema 1 (kartrekker-en-samenwerking), stelling 2 (kartrekker)", key="kartrekker"
            )
        ],
    ),
    (
        "sleutel met spatie",
        _mutate(lambda d: d["themes"][0].update(key="met spatie")),
        [svc.Q_BAD_KEY.format(where="Thema 1 (met spatie)", key="met spatie")],
    ),
    (
        "stelling is geen object",
        _mutate(lambda d: d["themes"][0]["statements"].append("tekst")),
        [svc.Q_NOT_AN_OBJECT.format(where="Thema 1 (kartrekker-en-samenwerking), stelling 5")],
    ),
    (
        "tekst is geen tekst",
        _mutate(lambda d: d["themes"][0]["statements"][0].update(text=5)),
        [
            svc.Q_NOT_TEXT.format(
                where="Thema 1 (kartrekker-en-samenwerking), stelling 1 (kartrekker)", key="text"
            )
        ],
    ),
    (
        "te lange stelling",
        _mutate(lambda d: d["themes"][0]["statements"][0].update(text="x" * 401)),
        [
            svc.Q_TOO_LONG.format(
                where="Thema 1 (kartrekker-en-samenwerking), stelling 1 (kartrekker)",
                key="text",
                length=401,
                max=400,
            )
        ],
    ),
    (
        "twee fouten tegelijk",
        _mutate(lambda d: (d.update(title=""), d["themes"][0]["statements"][0].pop("text"))),
        [
            svc.Q_EMPTY_TEXT.format(where="Het bestand", key="title"),
            svc.Q_MISSING_KEY.format(
                where="Thema 1 (kartrekker-en-samenwerking), stelling 1 (kartrekker)", key="text"
            ),
        ],
    ),
]


@pytest.mark.parametrize(("label", "source", "messages"), BAD, ids=[b[0] for b in BAD])
def test_bad_questionnaire_is_refused_whole_with_clear_errors(
    admin: Any, label: str, source: Any, messages: list[str]
) -> None:
    if isinstance(source, dict):
        source = json.dumps(source).encode()
    before = _state()
    with pytest.raises(ValidationError) as exc:
        svc.questionnaire_import(source=source, actor=admin)
    assert exc.value.messages == messages
    assert _state() == before


def test_version_must_be_higher_than_the_highest(admin: Any) -> None:
    svc.questionnaire_import(source={**_v2(), "version": 5}, actor=admin)
    before = _state()
    with pytest.raises(ValidationError) as exc:
        svc.questionnaire_import(source={**_v2(), "version": 3}, actor=admin)
    assert exc.value.messages == [svc.Q_VERSION_NOT_HIGHER.format(version=3, highest=5)]
    assert _state() == before


def test_activate(admin: Any) -> None:
    q2 = svc.questionnaire_import(source=_v2(), actor=admin)
    svc.questionnaire_activate(questionnaire=q2, actor=admin)
    assert list(Questionnaire.objects.filter(is_active=True).values_list("version", flat=True)) == [2]
    event = AuditEvent.objects.get(action="zelfscan.questionnaire_activated")
    assert event.changes == {"active_version": [1, 2]}
    before = _state()
    with pytest.raises(ValidationError) as exc:
        svc.questionnaire_activate(questionnaire=q2, actor=admin)
    assert exc.value.messages == [svc.QUESTIONNAIRE_ALREADY_ACTIVE.format(version=2)]
    assert _state() == before


# --- pages -----------------------------------------------------------------------------------------


def _urls() -> dict[str, tuple[str, str]]:
    q = Questionnaire.objects.get(version=1)
    return {
        "list": ("get", reverse("coalitions:vragenlijsten")),
        "detail": ("get", reverse("coalitions:vragenlijst", args=[q.public_id])),
        "download": ("get", reverse("coalitions:vragenlijst_download", args=[q.public_id])),
        "upload": ("post", reverse("coalitions:vragenlijst_upload")),
        "activate": ("post", reverse("coalitions:vragenlijst_activate", args=[q.public_id])),
    }


@pytest.mark.parametrize(
    "who", ["coordinator", "partner_member", "national", "other_coordinator", "outsider"]
)
def test_pages_are_denied_to_everyone_but_the_platform_admin(cast: Cast, who: str) -> None:
    client = client_for(getattr(cast, who))
    before = _state()
    for name, (method, url) in _urls().items():
        response = getattr(client, method)(url)
        assert response.status_code == 403, (who, name)
    assert _state() == before


def test_pages_need_login(db: None) -> None:
    for method, url in _urls().values():
        response = getattr(Client(), method)(url)
        assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_admin_pages(admin: Any) -> None:
    client = client_for(admin)
    urls = _urls()
    page = client.get(urls["list"][1]).content.decode()
    assert "Zelfscan-vragenlijsten" in page and "Vragenlijst uploaden" in page
    assert "Vragenlijst (JSON-bestand)" in page and "eigen vragenlijst van Kansrijk" in page
    detail = client.get(urls["detail"][1]).content.decode()
    assert V1["themes"][0]["statements"][0]["text"] in detail and "eigen vragenlijst van Kansrijk" in detail
    download = client.get(urls["download"][1])
    assert download["Content-Disposition"] == 'attachment; filename="kansrijk-zelfscan-v1.json"'
    assert json.loads(download.content) == V1


def test_upload_and_activate_through_the_pages(admin: Any) -> None:
    client = client_for(admin)
    upload = SimpleUploadedFile("v2.json", json.dumps(_v2()).encode(), content_type="application/json")
    response = client.post(reverse("coalitions:vragenlijst_upload"), {"file": upload})
    q2 = Questionnaire.objects.get(version=2)
    assert response.status_code == 302 and response["Location"] == reverse(
        "coalitions:vragenlijst", args=[q2.public_id]
    )
    response = client.post(reverse("coalitions:vragenlijst_activate", args=[q2.public_id]))
    assert response.status_code == 302
    q2.refresh_from_db()
    assert q2.is_active


def test_bad_upload_through_the_page_is_422_and_changes_nothing(admin: Any) -> None:
    client = client_for(admin)
    data = _mutate(lambda d: d["themes"][6]["statements"][1].update(text=""))
    upload = SimpleUploadedFile("v2.json", json.dumps(data).encode(), content_type="application/json")
    before = _state()
    response = client.post(reverse("coalitions:vragenlijst_upload"), {"file": upload})
    assert response.status_code == 422
    message = svc.Q_EMPTY_TEXT.format(where="Thema 7 (borging), stelling 2 (structureel)", key="text")
    assert message in response.content.decode()
    assert _state() == before
    response = client.post(reverse("coalitions:vragenlijst_upload"), {})
    assert response.status_code == 422
    assert _state() == before
