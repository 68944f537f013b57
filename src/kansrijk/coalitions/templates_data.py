"""Shipped templates read from JSON data files: the 14 national actions and the regional checklist."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def national_actions() -> list[dict[str, Any]]:
    return list(_load("landelijke_acties.json")["acties"])


def national_actions_source() -> str:
    return str(_load("landelijke_acties.json")["bron"])


def national_action(number: int) -> dict[str, Any] | None:
    return next((a for a in national_actions() if a["nummer"] == number), None)


def regional_checklist() -> dict[str, Any]:
    return _load("regionale_checklist.json")


def zelfscan_default() -> dict[str, Any]:
    return _load("zelfscan_v1.json")
