"""GET /api/v1/wegwijzer/{code}: the public Wegwijzer of a municipality, for municipal websites to embed.

Public (no login), the same JSON as `kansrijk wegwijzer CODE --format json`. Only what the Wegwijzer page
shows: the public offer its partner organisations confirmed, published klantroute steps without contacts,
and the national helplines. No personal data, no cookies.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Path, Query, Router, Schema, Status

from kansrijk.areas.selectors import municipality_by_code
from kansrijk.wegwijzer.page import wegwijzer_data

router = Router(tags=["wegwijzer"])

UNKNOWN = "Onbekende gemeente: {code}."


class Error(Schema):
    detail: str


class Gemeente(Schema):
    code: str
    naam: str


class Taal(Schema):
    code: str
    naam: str
    richting: str


class AanbodKort(Schema):
    id: str
    naam: str


class Fase(Schema):
    code: str
    naam: str
    eerste_stap: str
    aanbod: list[AanbodKort]


class Aanbod(Schema):
    id: str
    naam: str
    organisatie: str
    wat: str
    taal: str
    richting: str
    telefoon: str
    adres: str
    website: str
    kosten: str
    kosten_tekst: str
    verwijzing: str
    verwijzing_tekst: str
    fases: list[str]
    themas: list[str]


class Stap(Schema):
    stap: str
    wat: str
    organisatie: str


class Hulplijn(Schema):
    naam: str
    wat: str
    telefoon: str
    website: str
    bron: str


class Thema(Schema):
    code: str
    naam: str
    uitleg: str
    alleen_landelijk: bool
    aanbod: list[Aanbod]
    route: list[Stap]
    landelijk: list[Hulplijn]
    eerste_stap: str


class Wegwijzer(Schema):
    gemeente: Gemeente
    versie: str
    demo: bool
    coalities: list[str]
    taal: str
    inhoud_taal: str
    talen: list[Taal]
    noodgeval: str
    fases: list[Fase]
    themas: list[Thema]


@router.get(
    "/{code}",
    response={200: Wegwijzer, 404: Error},
    summary="De openbare Wegwijzer gezond zwanger worden van één gemeente",
    operation_id="wegwijzer",
)
def wegwijzer(
    request: HttpRequest,
    code: str = Path(..., max_length=6, example="GM0344"),
    taal: str = Query("", max_length=10, description="taal van de inhoud, als de coalitie die vertaalde"),
) -> Any:
    municipality = municipality_by_code(code)
    if municipality is None:
        return Status(404, {"detail": UNKNOWN.format(code=code)})
    # The same texts as the CLI: Dutch, whatever the caller's browser asks.
    with translation.override("nl"):
        return wegwijzer_data(municipality, taal.strip().lower())
