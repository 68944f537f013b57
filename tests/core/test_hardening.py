"""Bad input never breaks anything: no line breaks in one-line fields, length limits on every text,
no 500 on deeply nested JSON, and production mode refuses debug mode and a weak secret key."""

from __future__ import annotations

import inspect
import json

import pytest
from django import forms
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

import kansrijk.coalitions.forms.agreements
import kansrijk.coalitions.forms.plan
import kansrijk.coalitions.forms.practices
import kansrijk.coalitions.forms.workspace
import kansrijk.coalitions.forms.zelfscan
import kansrijk.interventions.forms.balans
import kansrijk.interventions.forms.menukaart
import kansrijk.interventions.forms.offer
import kansrijk.routes.forms
import kansrijk.startfoto.forms
from kansrijk.coalitions.forms.workspace import CoalitionCreateForm, PartnerAddForm
from kansrijk.coalitions.models import PartnerLevel
from kansrijk.coalitions.services import zelfscan as zelfscan_svc
from kansrijk.core.forms import TEXT_MAX_LENGTH
from kansrijk.core.jsonsafe import JSONTooDeepError, json_depth, loads_limited
from kansrijk.core.validators import SINGLE_LINE_MESSAGE, no_line_breaks
from kansrijk.interventions.forms.balans import BalansNoteForm
from kansrijk.routes.forms import RouteEditForm
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import make_platform_admin
from tests.mfa import give_totp
from tests.personas import Cast

FORM_MODULES = [
    kansrijk.coalitions.forms.agreements,
    kansrijk.coalitions.forms.plan,
    kansrijk.coalitions.forms.practices,
    kansrijk.coalitions.forms.workspace,
    kansrijk.coalitions.forms.zelfscan,
    kansrijk.interventions.forms.balans,
    kansrijk.interventions.forms.menukaart,
    kansrijk.interventions.forms.offer,
    kansrijk.routes.forms,
    kansrijk.startfoto.forms,
]


# Fields whose own format check already refuses line breaks.
NOT_FREE_TEXT = (forms.EmailField, forms.URLField, forms.SlugField)


def _text_fields() -> list[tuple[str, forms.CharField]]:
    found = []
    for module in FORM_MODULES:
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, forms.BaseForm) or cls.__module__ != module.__name__:
                continue
            for field_name, field in cls.base_fields.items():
                if isinstance(field, forms.CharField) and not isinstance(field, NOT_FREE_TEXT):
                    found.append((f"{module.__name__}.{name}.{field_name}", field))
    return found


TEXT_FIELDS = _text_fields()


def test_the_walk_finds_the_forms() -> None:
    names = {name for name, _ in TEXT_FIELDS}
    assert "kansrijk.coalitions.forms.workspace.CoalitionCreateForm.name" in names
    assert "kansrijk.coalitions.forms.workspace._PartnerFieldsMixin.role" in names
    assert len(TEXT_FIELDS) > 30


@pytest.mark.parametrize(("name", "field"), TEXT_FIELDS, ids=[n for n, _ in TEXT_FIELDS])
def test_every_text_field_has_a_limit_and_one_line_fields_refuse_line_breaks(
    name: str, field: forms.CharField
) -> None:
    if isinstance(field.widget, forms.PasswordInput):
        return  # passwords are checked by the password validators and never shown
    assert field.max_length is not None and field.max_length <= TEXT_MAX_LENGTH, name
    if isinstance(field.widget, forms.Textarea):
        assert "\n" in field.clean("regel 1\nregel 2")
        with pytest.raises(ValidationError):
            field.clean("x" * (field.max_length + 1))
    else:
        with pytest.raises(ValidationError) as exc:
            field.clean("Naam\r\nBcc: iemand@example.com")
        assert SINGLE_LINE_MESSAGE in exc.value.messages


@pytest.mark.parametrize("bad", ["a\nb", "a\rb", "a\tb", "a\x1bb", "a\u2028b", "a\x85b"])
def test_no_line_breaks_refuses_control_characters(bad: str) -> None:
    with pytest.raises(ValidationError):
        no_line_breaks(bad)
    no_line_breaks("Kansrijke Start – Utrecht (’s-Hertogenbosch)")


def test_coalition_name_with_a_line_break_is_refused_with_a_dutch_message(cast: Cast) -> None:
    form = CoalitionCreateForm(
        data={"name": "Coalitie\nBcc: x@example.com", "municipalities": "GM0344", "lead_name": "Gemeente X"}
    )
    assert not form.is_valid()
    assert form.errors["name"] == [str(SINGLE_LINE_MESSAGE)]


def test_partner_role_and_contact_with_a_line_break_are_refused(cast: Cast) -> None:
    form = PartnerAddForm(
        data={
            "new_name": "Kraamzorg\nNieuw",
            "new_kind": "kraamzorg",
            "level": PartnerLevel.UITVOEREND,
            "role": "rol\r\nmet regeleinde",
            "contact_name": "Vera\x00",
        },
        prefix=None,
    )
    assert not form.is_valid()
    assert {"new_name", "role", "contact_name"} <= set(form.errors)
    assert form.errors["role"] == [str(SINGLE_LINE_MESSAGE)]


def test_a_100000_character_note_is_refused_with_a_clear_message() -> None:
    form = BalansNoteForm(data={"goes_well": "x" * 100_000, "gaps": ""})
    assert not form.is_valid()
    assert form.errors["goes_well"] == ["Gebruik maximaal 2000 tekens (nu 100000)."]
    route = RouteEditForm(data={"title": "t" * 201, "introduction": "y" * 5001})
    assert not route.is_valid()
    assert set(route.errors) == {"title", "introduction"}


def test_multi_line_fields_keep_line_breaks() -> None:
    form = BalansNoteForm(data={"goes_well": "Eerste regel\r\nTweede regel", "gaps": ""})
    assert form.is_valid(), form.errors
    assert "Tweede regel" in form.cleaned_data["goes_well"]


# --- nested JSON ---------------------------------------------------------------------------------

DEEP = "[" * 10_000 + "]" * 10_000


def test_json_depth_counts_without_recursion() -> None:
    assert json_depth(DEEP) == 10_000
    assert json_depth('{"a": "[[[[", "b": [1, {"c": []}]}') == 4
    assert json_depth('"\\"[["') == 0
    with pytest.raises(JSONTooDeepError):
        loads_limited(DEEP)
    assert loads_limited('{"a": [1]}') == {"a": [1]}


def test_deeply_nested_questionnaire_is_a_clear_error(db: None) -> None:
    with pytest.raises(ValidationError) as exc:
        zelfscan_svc.questionnaire_parse(DEEP.encode())
    assert exc.value.messages == [zelfscan_svc.Q_TOO_DEEP.format(max=20)]


def test_deeply_nested_questionnaire_upload_gives_422_not_500(cast: Cast) -> None:
    admin = make_platform_admin()
    give_totp(admin)  # idempotent; two-step verification is required for every signed-in user
    upload = SimpleUploadedFile("diep.json", DEEP.encode(), content_type="application/json")
    response = client_for(admin).post(reverse("coalitions:vragenlijst_upload"), {"file": upload})
    assert response.status_code == 422
    assert "te diep genest" in response.content.decode()


def test_deeply_nested_upload_is_still_refused_to_a_coordinator(cast: Cast) -> None:
    upload = SimpleUploadedFile("diep.json", DEEP.encode(), content_type="application/json")
    response = client_for(cast.coordinator).post(reverse("coalitions:vragenlijst_upload"), {"file": upload})
    assert response.status_code in (403, 404)


def test_ordinary_questionnaire_json_still_parses() -> None:
    data = zelfscan_svc.questionnaire_parse(json.dumps({"version": 9, "themes": [[[]]]}).encode())
    assert data["version"] == 9


# --- production checks ---------------------------------------------------------------------------

GOOD_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


def _kansrijk_ids() -> set[str]:
    return {m.id for m in run_checks() if (m.id or "").startswith("kansrijk.E01")}


def test_production_refuses_debug_a_short_key_and_no_hsts() -> None:
    with override_settings(PRODUCTION=True, DEBUG=True, SECRET_KEY="abcde", SECURE_HSTS_SECONDS=0):
        assert _kansrijk_ids() == {"kansrijk.E010", "kansrijk.E011", "kansrijk.E012"}


def test_production_refuses_the_local_fallback_key() -> None:
    from kansrijk import settings as project_settings

    with override_settings(PRODUCTION=True, SECRET_KEY=project_settings._LOCAL_KEY, SECURE_HSTS_SECONDS=3600):
        assert _kansrijk_ids() == {"kansrijk.E011"}


def test_production_with_good_settings_passes() -> None:
    with override_settings(PRODUCTION=True, DEBUG=False, SECRET_KEY=GOOD_KEY, SECURE_HSTS_SECONDS=31536000):
        assert _kansrijk_ids() == set()


def test_local_mode_allows_debug_and_the_local_key() -> None:
    with override_settings(PRODUCTION=False, DEBUG=True, SECRET_KEY="abcde", SECURE_HSTS_SECONDS=0):
        assert _kansrijk_ids() == set()
