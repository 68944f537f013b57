"""Helpers for every page with a form: the POST data, a service's errors on the form, a date field.

Public and layer-free (they know Django only), so any app may import them; the form and confirm pages
of the coalition workspace build on them in `kansrijk.coalitions.pages`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:  # django-stubs: a str or a lazy translation
    from django_stubs_ext import StrOrPromise

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
