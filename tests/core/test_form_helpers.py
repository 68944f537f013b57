"""`submit` and `confirm`: the one way a page handles a form or a confirmation. A valid form calls the
service and redirects with a message; an invalid form, or a service that refuses, gives None (the caller
shows the form again) and never a message; a GET on a confirm page performs nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.test import RequestFactory

from kansrijk.core.form_helpers import confirm, posted, submit


class NameForm(forms.Form):
    name = forms.CharField()
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def _request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    request = factory.post("/x", data or {}) if method == "POST" else factory.get("/x")
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _texts(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_submit_saves_and_redirects_with_the_result() -> None:
    request = _request("POST", {"name": "Lotus"})
    saved: list[dict[str, Any]] = []

    def save(data: dict[str, Any]) -> str:
        saved.append(data)
        return data["name"].upper()

    response = submit(
        request,
        NameForm(posted(request)),
        save=save,
        success=lambda result: f"{result} opgeslagen",
        next_url=lambda result: f"/klaar/{result}",
    )
    assert response is not None
    assert response.status_code == 302
    assert response["Location"] == "/klaar/LOTUS"
    assert saved == [{"name": "Lotus", "token": ""}]
    assert _texts(request) == ["LOTUS opgeslagen"]


def test_submit_on_get_or_invalid_form_does_not_save() -> None:
    def save(data: dict[str, Any]) -> None:
        raise AssertionError("must not be called")

    for request in (_request("GET"), _request("POST", {"name": ""})):
        form = NameForm(posted(request))
        assert submit(request, form, save=save, success="ok", next_url="/") is None
        assert _texts(request) == []


@pytest.mark.parametrize(
    ("error", "field_errors", "form_errors"),
    [
        (ValidationError({"name": "Bestaat al."}), ["Bestaat al."], []),
        # A hidden field's error would be invisible: it goes above the form.
        (ValidationError({"token": "Verlopen."}), [], ["Verlopen."]),
        (ValidationError("Mag niet."), [], ["Mag niet."]),
    ],
)
def test_submit_puts_a_service_refusal_on_the_form(
    error: ValidationError, field_errors: list[str], form_errors: list[str]
) -> None:
    request = _request("POST", {"name": "Lotus"})
    form = NameForm(posted(request))

    def save(data: dict[str, Any]) -> None:
        raise error

    assert submit(request, form, save=save, success="ok", next_url="/") is None
    assert form.errors.get("name", []) == field_errors
    assert form.non_field_errors() == form_errors
    assert _texts(request) == []


def test_confirm_performs_only_on_post() -> None:
    done: list[str] = []
    get = _request("GET")
    assert confirm(get, do=lambda: done.append("x"), success="Weg.", next_url="/lijst") is None
    assert done == []

    post = _request("POST")
    response = confirm(post, do=lambda: done.append("x"), success="Weg.", next_url="/lijst")
    assert response is not None
    assert response["Location"] == "/lijst"
    assert done == ["x"]
    assert _texts(post) == ["Weg."]
