"""Screening instruments as versioned data: the definition format, its validation, and reading it back.

An instrument is a JSON document (the shipped ones live in care/data/instruments/; platform admins
upload new versions). Every item says what the level rule and the klantroute need to know of it:

    {"key": "kansrijk-brede-inventarisatie", "version": 1, "title": "...", "description": "...",
     "content_owner": "Kansrijk, inhoud ter toetsing door V&VN/NCJ", "validated": false,
     "options": {"ja_nee": [{"value": "ja", "label": "Ja"}, {"value": "nee", "label": "Nee"}]},
     "items": [{"id": "w-schulden", "text": "Heeft u schulden ...?", "label": "schulden",
                "domain": "werk_inkomen", "category": "sociaal", "kind": "risk", "urgent": false,
                "options": "ja_nee", "present": ["ja"], "need": "financien"}]}

- `domain`: one of the eight domains of the revised R4U (`Domain`); `category`: a `DataCategory`.
- `kind`: "risk" or "protective" (counted by the level rule), or "info" (recorded, not counted: an
  anamnesis also asks facts such as allergies that are no risk factor).
- `options`: the answer options inline, or the name of a shared set under the top-level "options".
- `present`: the answers that mean the factor is there; `label`: the factor in a few words, for the
  level rule's trace ("schulden en een klein netwerk").
- `need`: the menukaart theme (`interventions.Need`) a risk points to, so a need found can later follow
  the klantroute. Required for risks.

`validate_definition` checks all of it and raises ONE ValidationError listing every problem, each naming
the item (number and id) and the field, so the uploader can fix the file in one go. It is pure (no
database): the upload service adds the version check, the data migration uses the same files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.care.categories import DataCategory
from kansrijk.interventions.models import Need

SHIPPED_DIR = Path(__file__).resolve().parent / "data" / "instruments"
# Shown wherever an instrument or the level rule appears, until a professional body signs them off.
NOT_VALIDATED = _("niet gevalideerd — inhoud ter toetsing")
MAX_ITEMS = 200
MAX_OPTIONS = 12


class Domain(models.TextChoices):
    """The eight domains of the revised R4U (Erasmus MC, 2021–22): the grouping of every instrument."""

    FAMILY = "gezinssituatie", _("Gezinssituatie")
    WORK_INCOME = "werk_inkomen", _("Werk en inkomen")
    COMMUNICATION = "communicatie_opleiding", _("Communicatie & opleiding")
    LIFESTYLE = "leefstijl", _("Leefstijl")
    PREVIOUS_PREGNANCY = "vorige_zwangerschap", _("Vorige zwangerschap(pen)")
    CURRENT_PREGNANCY = "huidige_zwangerschap", _("Huidige zwangerschap")
    MENTAL = "mentaal_welzijn", _("Mentaal welzijn")
    PARENTING = "hechting_ouderschap", _("Hechting & ouderschap")


class FactorKind(models.TextChoices):
    RISK = "risk", _("risicofactor")
    PROTECTIVE = "protective", _("beschermende factor")
    INFO = "info", _("gegeven (telt niet mee)")


# --- the definition, read back ----------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    label: str


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    label: str
    domain: str
    category: str
    kind: str
    urgent: bool
    options: tuple[Option, ...]
    present: frozenset[str]
    need: str

    def is_present(self, answer: str | None) -> bool:
        return answer is not None and answer in self.present

    def option_label(self, value: str | None) -> str:
        return next((o.label for o in self.options if o.value == value), "")

    @property
    def domain_label(self) -> str:
        return str(Domain(self.domain).label)


@dataclass(frozen=True)
class Definition:
    key: str
    version: int
    title: str
    description: str
    content_owner: str
    validated: bool
    items: tuple[Item, ...]

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)

    def by_domain(self) -> list[tuple[str, str, list[Item]]]:
        """(domain, label, items) in the fixed R4U order, leaving out domains without items."""
        return [
            (domain.value, str(domain.label), [i for i in self.items if i.domain == domain.value])
            for domain in Domain
            if any(i.domain == domain.value for i in self.items)
        ]

    @property
    def categories(self) -> frozenset[str]:
        return frozenset(i.category for i in self.items)

    @property
    def asks_protective(self) -> bool:
        return any(i.kind == FactorKind.PROTECTIVE for i in self.items)


def parse_definition(data: Mapping[str, Any]) -> Definition:
    """A stored (already validated and normalised) definition as objects."""
    return Definition(
        key=data["key"],
        version=data["version"],
        title=data["title"],
        description=data.get("description", ""),
        content_owner=data["content_owner"],
        validated=bool(data.get("validated", False)),
        items=tuple(
            Item(
                id=i["id"],
                text=i["text"],
                label=i["label"],
                domain=i["domain"],
                category=i["category"],
                kind=i["kind"],
                urgent=bool(i["urgent"]),
                options=tuple(Option(value=o["value"], label=o["label"]) for o in i["options"]),
                present=frozenset(i["present"]),
                need=i.get("need", ""),
            )
            for i in data["items"]
        ),
    )


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.json"))


# --- validation ---------------------------------------------------------------------------------------

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
_TOP_KEYS = {"key", "version", "title", "description", "content_owner", "validated", "options", "items"}
_ITEM_KEYS = {"id", "text", "label", "domain", "category", "kind", "urgent", "options", "present", "need"}

E_NOT_JSON = _("Het bestand is geen geldige JSON: {error}")
E_NOT_OBJECT = _("{where}: dit moet een object zijn (tussen {{ }}).")
E_UNKNOWN_FIELD = _('{where}, veld "{field}": dit veld kennen we niet. Controleer de spelling.')
E_MISSING = _('{where}, veld "{field}": dit veld ontbreekt.')
E_TEXT = _('{where}, veld "{field}": vul een tekst in van hoogstens {max} tekens.')
E_ID = _('{where}, veld "{field}": gebruik alleen kleine letters, cijfers, - en _ (hoogstens 60 tekens).')
E_DUPLICATE = _('{where}, veld "{field}": "{value}" komt al eerder voor.')
E_VERSION = _('{where}, veld "version": vul een heel getal van 1 tot 32767 in.')
E_BOOL = _('{where}, veld "{field}": gebruik true of false.')
E_VALIDATED = _(
    '{where}, veld "validated": een vragenlijst is pas gevalideerd als een beroepsvereniging die heeft '
    "goedgekeurd. Dat legt Kansrijk nog niet vast: gebruik false."
)
E_CHOICE = _('{where}, veld "{field}": "{value}" kan niet. Kies uit: {choices}.')
E_NO_ITEMS = _('{where}, veld "items": geef een lijst met 1 tot {max} vragen.')
E_OPTIONS = _('{where}, veld "options": geef 2 tot {max} antwoorden, elk met value en label.')
E_OPTION_SET = _('{where}, veld "options": de antwoordset "{value}" staat niet bovenaan onder "options".')
E_PRESENT = _(
    '{where}, veld "present": geef een lijst met de antwoorden die betekenen dat de factor er is '
    "(waarden uit options)."
)
E_PRESENT_UNKNOWN = _('{where}, veld "present": "{value}" is geen antwoord van deze vraag.')
E_INFO_PRESENT = _('{where}, veld "present": een gegeven (kind "info") telt niet mee; laat de lijst leeg.')
E_URGENT_RISK = _('{where}, veld "urgent": alleen een risicofactor kan urgent zijn.')
E_NEED = _('{where}, veld "need": een risicofactor verwijst naar een thema van de menukaart.')


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, message: Any, **params: Any) -> None:
        self.errors.append(str(message).format(**params))

    def fields(
        self, where: str, obj: Mapping[str, Any], allowed: set[str], required: tuple[str, ...]
    ) -> None:
        for name in sorted(set(obj) - allowed):
            self.add(E_UNKNOWN_FIELD, where=where, field=name)
        for name in required:
            if name not in obj:
                self.add(E_MISSING, where=where, field=name)

    def text(self, where: str, obj: Mapping[str, Any], name: str, max_length: int, *, required: bool) -> str:
        value = obj.get(name, "")
        if name not in obj and required:
            return ""  # reported as missing
        if not isinstance(value, str) or (required and not value.strip()) or len(value) > max_length:
            self.add(E_TEXT, where=where, field=name, max=max_length)
            return ""
        return value.strip()

    def ident(self, where: str, obj: Mapping[str, Any], name: str, seen: set[str] | None = None) -> str:
        value = obj.get(name)
        if name not in obj:
            return ""
        if not isinstance(value, str) or not _ID.match(value):
            self.add(E_ID, where=where, field=name)
            return ""
        if seen is not None:
            if value in seen:
                self.add(E_DUPLICATE, where=where, field=name, value=value)
            seen.add(value)
        return value

    def choice(self, where: str, obj: Mapping[str, Any], name: str, choices: list[str]) -> str:
        value = obj.get(name)
        if name not in obj:
            return ""
        if value not in choices:
            self.add(E_CHOICE, where=where, field=name, value=value, choices=", ".join(choices))
            return ""
        return str(value)

    def options(self, where: str, raw: Any) -> list[dict[str, str]]:
        if not isinstance(raw, list) or not 2 <= len(raw) <= MAX_OPTIONS:
            self.add(E_OPTIONS, where=where, max=MAX_OPTIONS)
            return []
        clean: list[dict[str, str]] = []
        seen: set[str] = set()
        for number, option in enumerate(raw, start=1):
            o_where = f"{where}, antwoord {number}"
            if not isinstance(option, dict):
                self.add(E_NOT_OBJECT, where=o_where)
                continue
            self.fields(o_where, option, {"value", "label"}, ("value", "label"))
            clean.append(
                {
                    "value": self.ident(o_where, option, "value", seen),
                    "label": self.text(o_where, option, "label", 100, required=True),
                }
            )
        return clean


def parse_json(source: str | bytes) -> Any:
    try:
        return json.loads(source)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationError(str(E_NOT_JSON).format(error=exc)) from exc


def validate_definition(data: Any) -> dict[str, Any]:
    """Check an instrument definition and return it normalised (texts stripped, option sets inlined).

    Raises one ValidationError listing every problem, each naming the item and the field."""
    check = _Checker()
    where = str(_("Het bestand"))
    if not isinstance(data, dict):
        raise ValidationError(str(E_NOT_OBJECT).format(where=where))
    check.fields(where, data, _TOP_KEYS, ("key", "version", "title", "content_owner", "items"))
    version = data.get("version")
    if "version" in data and (
        not isinstance(version, int) or isinstance(version, bool) or not 1 <= version <= 32767
    ):
        check.add(E_VERSION, where=where)
    validated = data.get("validated", False)
    if not isinstance(validated, bool):
        check.add(E_BOOL, where=where, field="validated")
    elif validated:
        check.add(E_VALIDATED, where=where)
    option_sets = _option_sets(check, where, data.get("options", {}))
    clean: dict[str, Any] = {
        "key": check.ident(where, data, "key"),
        "version": version,
        "title": check.text(where, data, "title", 200, required=True),
        "description": check.text(where, data, "description", 2000, required=False),
        "content_owner": check.text(where, data, "content_owner", 200, required=True),
        "validated": False,
        "items": [],
    }
    items = data.get("items")
    if "items" in data and (not isinstance(items, list) or not 1 <= len(items) <= MAX_ITEMS):
        check.add(E_NO_ITEMS, where=where, max=MAX_ITEMS)
        items = []
    seen: set[str] = set()
    for number, item in enumerate(items or [], start=1):
        clean["items"].append(_item(check, number, item, option_sets, seen))
    if check.errors:
        raise ValidationError(check.errors)
    return clean


def _option_sets(check: _Checker, where: str, raw: Any) -> dict[str, list[dict[str, str]]]:
    if not isinstance(raw, dict):
        check.add(E_NOT_OBJECT, where=f'{where}, veld "options"')
        return {}
    sets: dict[str, list[dict[str, str]]] = {}
    for name, options in raw.items():
        if not isinstance(name, str) or not _ID.match(name):
            check.add(E_ID, where=where, field=f"options.{name}")
            continue
        sets[name] = check.options(f'{where}, antwoordset "{name}"', options)
    return sets


def _item(
    check: _Checker, number: int, item: Any, option_sets: dict[str, list[dict[str, str]]], seen: set[str]
) -> dict[str, Any]:
    where = str(_("Vraag {number}")).format(number=number)
    if not isinstance(item, dict):
        check.add(E_NOT_OBJECT, where=where)
        return {}
    if isinstance(item.get("id"), str):
        where = f'{where} ("{item["id"]}")'
    check.fields(where, item, _ITEM_KEYS, ("id", "text", "label", "domain", "category", "kind", "options"))
    kind = check.choice(where, item, "kind", list(FactorKind.values))
    urgent = item.get("urgent", False)
    if not isinstance(urgent, bool):
        check.add(E_BOOL, where=where, field="urgent")
        urgent = False
    elif urgent and kind and kind != FactorKind.RISK:
        check.add(E_URGENT_RISK, where=where)
    raw_options = item.get("options")
    if isinstance(raw_options, str):
        if raw_options not in option_sets:
            check.add(E_OPTION_SET, where=where, value=raw_options)
        options = option_sets.get(raw_options, [])
    elif "options" in item:
        options = check.options(where, raw_options)
    else:
        options = []
    present = _present(check, where, item, kind, {o["value"] for o in options})
    need = ""
    if item.get("need") not in ("", None):
        need = check.choice(where, item, "need", list(Need.values))
    elif kind == FactorKind.RISK:
        check.add(E_NEED, where=where)
    return {
        "id": check.ident(where, item, "id", seen),
        "text": check.text(where, item, "text", 400, required=True),
        "label": check.text(where, item, "label", 80, required=True),
        "domain": check.choice(where, item, "domain", list(Domain.values)),
        "category": check.choice(where, item, "category", list(DataCategory.values)),
        "kind": kind,
        "urgent": urgent,
        "options": options,
        "present": present,
        "need": need,
    }


def _present(check: _Checker, where: str, item: Mapping[str, Any], kind: str, values: set[str]) -> list[str]:
    present = item.get("present", [])
    if not isinstance(present, list) or not all(isinstance(v, str) for v in present):
        check.add(E_PRESENT, where=where)
        return []
    if kind == FactorKind.INFO:
        if present:
            check.add(E_INFO_PRESENT, where=where)
        return []
    if kind and not present:
        check.add(E_PRESENT, where=where)
    for value in present:
        if values and value not in values:
            check.add(E_PRESENT_UNKNOWN, where=where, value=value)
    return list(present)
