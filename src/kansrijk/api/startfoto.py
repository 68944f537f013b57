"""GET /api/v1/startfoto/{code} and GET /api/v1/gemeenten: the startfoto as JSON and municipality search.

The startfoto body is `exports.startfoto_to_dict`, the same as `kansrijk startfoto CODE --format json`.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from kansrijk.api.schemas import Error, GemeenteKort, GemeentenOut, StartfotoOut, ValidationErrorOut
from kansrijk.areas.models import Area
from kansrijk.areas.selectors import area_names, municipalities_current, municipality_search
from kansrijk.startfoto.exports import CREDIT, UNKNOWN_CODE, startfoto_for_code, startfoto_to_dict

router = Router(tags=["startfoto"])


@router.get(
    "/startfoto/{code}",
    response={200: StartfotoOut, 404: Error},
    summary="Startfoto van een gemeente",
    operation_id="startfoto_gemeente",
)
def startfoto(
    request: HttpRequest,
    code: str = Path(..., max_length=16, description="CBS-gemeentecode", example="GM0363"),
) -> Status:
    """Alle indicatoren met jaar, bron, teller en noemer, vergeleken met GGD-regio, provincie, Nederland en
    vergelijkbare gemeenten; plus de perinatale cijfers (of waarom ze ontbreken). Ontbrekend = null."""
    sf = startfoto_for_code(code)
    if sf is None:
        return Status(404, {"detail": UNKNOWN_CODE.format(code=code.upper())})
    return Status(200, startfoto_to_dict(sf))


def _short(areas: list[Area]) -> list[GemeenteKort]:
    # One query for the province names instead of one per municipality.
    provinces = area_names(a.province_id for a in areas)
    return [
        GemeenteKort(
            code=a.code,
            naam=a.name,
            provincie=None if a.province_id is None else provinces.get(a.province_id),
        )
        for a in areas
    ]


@router.get(
    "/gemeenten",
    response={200: GemeentenOut, 422: ValidationErrorOut},
    summary="Gemeenten zoeken op naam, postcode of code",
    operation_id="gemeenten_zoeken",
)
def gemeenten(
    request: HttpRequest,
    q: str = Query(
        "", max_length=100, description="naam, postcode of code, tolerant voor tikfouten; leeg: alle"
    ),
) -> GemeentenOut:
    """Zoekt op naam (ook zonder accenten of toevoeging als "(O.)", of een gangbare naam als "Den Haag"),
    postcode (1012 of 1012 AB: de gemeente van nu) of CBS-code (344, GM0344)."""
    if not q.strip():
        found, suggestions = list(municipalities_current()), []
    else:
        result = municipality_search(q, limit=50)
        found, suggestions = result.matches, ([] if result.matches else result.suggestions)
    return GemeentenOut(
        gemeenten=_short(found),
        suggesties=_short(suggestions),
        bron_vermelding=CREDIT,
    )
