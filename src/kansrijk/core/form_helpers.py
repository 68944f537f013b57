"""Helpers for every page with a form: the POST data, a service's errors on the form, a date field, and
the one way to handle a submitted form (`submit`) or a confirmation (`confirm`).

Public and layer-free (they know Django only), so any app may import them; the form and confirm pages
of the coalition workspace build on them in `kansrijk.coalitions.pages`.

A form view reads:

    form = ThingForm(posted(request), initial=...)
    done = submit(request, form, save=lambda data: services.thing_create(actor=..., **data),
                  success=_("Saved."), next_url=lambda thing: thing_url(thing))
    return done or form_page(request, form=form, ...)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs: a str or a lazy translation
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")

# For `require_http_methods(GET_POST)` on a page that shows a form and handles it.
GET_POST = ["GET", "POST"]

INVALID_DATE = _("Vul een geldige datum in (dag-maand-jaar).")


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST (also an empty one, so it is validated), None for a GET."""
    return request.POST if request.method == "POST" else None


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError next to the matching visible field, else above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        visible = name in form.fields and not form.fields[name].widget.is_hidden
        form.add_error(name if visible else None, errors)


def date_field(label: StrOrPromise, *, required: bool, help_text: StrOrPromise = "") -> forms.DateField:
    """A date with the browser's date picker (ISO in the HTML) and a Dutch error for a bad date."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": INVALID_DATE},
    )


def submit(
    request: HttpRequest,
    form: forms.Form,
    *,
    save: Callable[[dict[str, Any]], T],
    success: StrOrPromise | Callable[[T], StrOrPromise],
    next_url: str | Callable[[T], str],
) -> HttpResponse | None:
    """Handle a form: when valid, `save(form.cleaned_data)` (a service call) → the success message and the
    redirect; None when unbound, invalid, or the service refused (its errors are then on the form).

    `success` and `next_url` may take the service's result; they are evaluated after the write, so a
    message names the object as it is saved. On None the caller renders the form page (422 when bound).
    """
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None
    return _done(request, result, success, next_url)


def confirm(
    request: HttpRequest,
    *,
    do: Callable[[], T],
    success: StrOrPromise | Callable[[T], StrOrPromise],
    next_url: str | Callable[[T], str],
) -> HttpResponse | None:
    """A confirmation page: a POST performs `do()` → the success message and the redirect; a GET gets
    None, so the caller shows the question. A service's ValidationError is not caught here: pages that
    expect one handle it themselves."""
    if request.method != "POST":
        return None
    return _done(request, do(), success, next_url)


def _done(
    request: HttpRequest,
    result: T,
    success: StrOrPromise | Callable[[T], StrOrPromise],
    next_url: str | Callable[[T], str],
) -> HttpResponse:
    # A lazy translation is not callable, so `callable` tells a message from a function that makes one.
    messages.success(request, success(result) if callable(success) else success)
    return redirect(next_url(result) if callable(next_url) else next_url)
