"""GET /api/v1/balans/{slug}: the balans of one coalition (need × offer per phase and theme).

Session login like `api/coalitions.py`: 401 without login, 403 for a coalition the user does not take
part in (the national programme reads all), 404 for an unknown slug.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema, Status
from ninja.security import django_auth

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalitions_visible_to
from kansrijk.interventions.exports_balans import balans_export

router = Router(tags=["balans"], auth=django_auth)

NOT_YOURS = "U neemt niet deel aan deze coalitie."
UNKNOWN = "Onbekende coalitie: {slug}."


class Error(Schema):
    detail: str


class BalansOut(Schema):
    coalitie: str
    regel: str
    aantal_gaten: int
    cellen: list[dict[str, Any]]
    bron: str


@router.get(
    "/{slug}",
    response={200: BalansOut, 401: Error, 403: Error, 404: Error},
    summary="De balans van een coalitie: behoefte, aanbod en gaten per fase en thema",
    operation_id="balans",
)
def balans(request: HttpRequest, slug: str = Path(..., max_length=80, example="demo-utrecht")) -> Status:
    coalition = Coalition.objects.filter(slug=slug).first()
    if coalition is None:
        return Status(404, {"detail": UNKNOWN.format(slug=slug)})
    if not coalitions_visible_to(request.user).filter(pk=coalition.pk).exists():
        return Status(403, {"detail": NOT_YOURS})
    return Status(200, balans_export(coalition))
