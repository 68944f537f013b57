"""GET /api/v1/coalities and /api/v1/coalities/{slug}: coalition-level data for logged-in users.

Session login (the same account as the site): 401 without login, 403 for a coalition the user does
not take part in (the national programme reads all coalitions). Never personal data of families.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema, Status
from ninja.security import django_auth

from kansrijk.coalitions.exports import coalition_export, coalitions_list_export
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalitions_visible_to

router = Router(tags=["coalities"], auth=django_auth)

NOT_YOURS = "U neemt niet deel aan deze coalitie."
UNKNOWN = "Onbekende coalitie: {slug}."


class Error(Schema):
    detail: str


class GemeenteRef(Schema):
    code: str
    naam: str


class CoalitieKort(Schema):
    slug: str
    naam: str
    gemeenten: list[GemeenteRef]


class CoalitieExport(Schema):
    coalitie: dict[str, Any]
    partners: list[dict[str, Any]]
    ontbrekende_partnersoorten: list[dict[str, Any]]
    zelfscan: list[dict[str, Any]]
    ambities: list[dict[str, Any]]
    acties_zonder_doel: list[dict[str, Any]]
    afspraken: list[dict[str, Any]]


@router.get(
    "",
    response={200: list[CoalitieKort], 401: Error},
    summary="Coalities waaraan u deelneemt",
    operation_id="coalities_lijst",
)
def coalities(request: HttpRequest) -> Any:
    """Het landelijk programma ziet alle coalities; anderen de coalities waaraan ze deelnemen."""
    return coalitions_list_export(coalitions_visible_to(request.user))


@router.get(
    "/{slug}",
    response={200: CoalitieExport, 401: Error, 403: Error, 404: Error},
    summary="Alles van één coalitie: partners, zelfscan, plan, afspraken",
    operation_id="coalitie_export",
)
def coalitie(request: HttpRequest, slug: str = Path(..., max_length=80, example="demo-utrecht")) -> Status:
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        return Status(404, {"detail": UNKNOWN.format(slug=slug)})
    if not coalitions_visible_to(request.user).filter(pk=coalition.pk).exists():
        return Status(403, {"detail": NOT_YOURS})
    return Status(200, coalition_export(coalition))
