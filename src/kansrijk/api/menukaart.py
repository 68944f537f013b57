"""GET /api/v1/menukaart: the national menukaart, public (no login). The same JSON as
`kansrijk menukaart --format json`. Unknown facts are null or empty, never guessed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from kansrijk.interventions.exports_menukaart import menukaart_export

router = Router(tags=["menukaart"])


class Uitvoering(Schema):
    soorten: list[str]
    domein: str
    tekst: str


class Erkenning(Schema):
    oordeel: str | None
    datum: str | None
    databank: str | None
    toelichting: str


class Interventie(Schema):
    naam: str
    slug: str
    fases: list[str]
    themas: list[str]
    samenvatting: str
    doelgroep: str
    voorwaarden: str
    uitvoering: Uitvoering
    erkenning: Erkenning
    licentiehouder: str
    bron: str
    meer_bronnen: list[str]


@router.get(
    "",
    response={200: list[Interventie]},
    summary="De landelijke menukaart: interventies met fases, thema’s en erkenning",
    operation_id="menukaart_lijst",
    url_name="menukaart",
    auth=None,
)
def menukaart(request: HttpRequest) -> Any:
    """Alle actieve interventies. `fases` en `themas` zijn codes (zwangerschap, roken …); `erkenning.datum`
    is de datum van het oordeel in de databank (ISO 8601) of null als die niet gevonden is."""
    return menukaart_export()
