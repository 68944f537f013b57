"""Helpers for mail: text from the database that ends up in a header must stay on one line."""

from __future__ import annotations

import re

_BREAKS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(text: object) -> str:
    """`text` with every run of line breaks and other control characters replaced by one space.

    Django refuses a subject with a line break (BadHeaderError), so one coalition saved before the form
    refused line breaks would otherwise break the mail for everyone after it in a batch.
    """
    return " ".join(_BREAKS.sub(" ", str(text)).split())
