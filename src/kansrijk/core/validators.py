"""Validators for text that people type: no control characters where they can break something.

A line break in a single-line field (a coalition name, a role, a title) ends up in mail subjects,
CSV cells and log lines, where it breaks headers or splits records. Multi-line fields may hold line
breaks and tabs, but never the other control characters (NUL, escape codes, ...).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Cc (C0, DEL, C1) plus the Unicode line and paragraph separators, which mail and CSV treat as breaks.
_SINGLE_LINE_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same, minus tab, line feed and carriage return.
_MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")

SINGLE_LINE_MESSAGE = _("Gebruik één regel: zonder regeleinden, tabs of andere stuurtekens.")
MULTI_LINE_MESSAGE = _("De tekst bevat een onzichtbaar stuurteken. Haal het weg en probeer het opnieuw.")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    pattern = _MULTI_LINE_FORBIDDEN if multiline else _SINGLE_LINE_FORBIDDEN
    return bool(pattern.search(value))


def no_line_breaks(value: str) -> None:
    """For single-line fields: refuse line breaks, tabs and every other control character."""
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(SINGLE_LINE_MESSAGE, code="line_break")


def no_control_characters(value: str) -> None:
    """For multi-line fields: line breaks and tabs are fine, other control characters are not."""
    if isinstance(value, str) and has_control_characters(value, multiline=True):
        raise ValidationError(MULTI_LINE_MESSAGE, code="control_character")
