"""GET /api/v1/klantroutes/{slug}: the published klantroutes (sociale kaart) of a coalition.

Session login (the same account as the site): 401 without login, 403 for a coalition the user does not
take part in (the national programme reads all), 404 for an unknown coalition. Concepts are never served.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema, Status
from ninja.security import django_auth

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalitions_visible_to
from kansrijk.routes.exports import klantroutes_export

router = Router(tags=["klantroutes"], auth=django_auth)

NOT_YOURS = "U neemt niet deel aan deze coalitie."
UNKNOWN = "Onbekende coalitie: {slug}."


class Error(Schema):
    detail: str


class Stap(Schema):
    volgorde: int
    stap: str
    wat: str
    partner: str
    partner_soort: str
    contact: str
    niveaus: list[str]
    dagen_tot_eerste_contact: int | None
    aanbod: str | None
    afspraak: str | None


class Klantroute(Schema):
    thema: str
    thema_label: str
    titel: str
    versie: int
    status: str
    gepubliceerd_op: str | None
    toelichting: str
    stappen: list[Stap]


@router.get(
    "/{slug}",
    response={200: list[Klantroute], 401: Error, 403: Error, 404: Error},
    summary="De gepubliceerde klantroutes (sociale kaart) van één coalitie",
    operation_id="klantroutes_export",
)
def klantroutes(request: HttpRequest, slug: str = Path(..., max_length=80, example="demo-utrecht")) -> Any:
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        return Status(404, {"detail": UNKNOWN.format(slug=slug)})
    if not coalitions_visible_to(request.user).filter(pk=coalition.pk).exists():
        return Status(403, {"detail": NOT_YOURS})
    return Status(200, klantroutes_export(coalition))
