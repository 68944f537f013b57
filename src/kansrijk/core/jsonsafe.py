"""JSON from outside (uploads, request bodies) with a nesting limit.

`json.loads` on 10,000 nested lists raises RecursionError, which is not a ValueError and so becomes a
500. `json_depth` counts the nesting in one pass over the text, without recursion, before parsing.
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_DEPTH = 20


class JSONTooDeepError(ValueError):
    def __init__(self, max_depth: int) -> None:
        super().__init__(f"JSON is dieper genest dan {max_depth} niveaus")
        self.max_depth = max_depth


def json_depth(text: str) -> int:
    """The deepest nesting of [ and { in `text`, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def loads_limited(text: str | bytes, *, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """`json.loads`, but JSONTooDeepError (a ValueError) when nested deeper than `max_depth`."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8-sig")
    if json_depth(text) > max_depth:
        raise JSONTooDeepError(max_depth)
    return json.loads(text)
