"""Shared form fields: every text a person types has a length limit and no stray control characters.

Use `SingleLineCharField` for anything shown as a single-line input (names, roles, titles) and
`MultiLineCharField` for notes and descriptions. Both give a clear Dutch error instead of letting a
100,000-character text or a line break in a name reach a mail header, a CSV export or a batch job.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.core.validators import no_control_characters, no_line_breaks

NAME_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000

MAX_LENGTH_MESSAGE = _("Gebruik maximaal %(limit_value)d tekens (nu %(show_value)d).")


def _with_max_length_message(kwargs: dict[str, Any]) -> dict[str, Any]:
    messages = dict(kwargs.pop("error_messages", None) or {})
    messages.setdefault("max_length", MAX_LENGTH_MESSAGE)
    return {**kwargs, "error_messages": messages}


class SingleLineCharField(forms.CharField):
    """A one-line text: at most 200 characters unless told otherwise, no line breaks."""

    default_validators = [no_line_breaks]

    def __init__(self, *, max_length: int = NAME_MAX_LENGTH, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **_with_max_length_message(kwargs))


class MultiLineCharField(forms.CharField):
    """A note or description: a textarea, at most 5,000 characters unless told otherwise."""

    default_validators = [no_control_characters]

    def __init__(self, *, max_length: int = TEXT_MAX_LENGTH, rows: int = 3, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **_with_max_length_message(kwargs))
