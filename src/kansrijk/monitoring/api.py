"""GET /api/v1/monitor/coalities/{slug} and /api/v1/monitor/landelijk: the published chain-process figures
(closed periods only, suppressed cells null), in the CLI's shape. Registered in api/api.py.

Session login (the site's account): 401 without it. The same rules as the monitor pages
(`monitoring.access`): a coalition's figures for those who see that coalition (its members and the national
programme), the national figures for the national programme and the platform admin; 404 for anyone else,
so an outsider cannot tell which coalitions exist.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema, Status
from ninja.security import django_auth

from kansrijk.monitoring.access import monitor_coalition_by_slug, require_national
from kansrijk.monitoring.selectors import monitor_rows

router = Router(tags=["monitor"], auth=django_auth)

NOT_FOUND = "Niet gevonden."


class Error(Schema):
    detail: str


class Rij(Schema):
    key: str
    periode: str
    gebied: str
    teller: int | None
    noemer: int | None
    waarde: float | None
    onderdrukt: bool


class Monitor(Schema):
    indicatoren: list[Rij]


@router.get(
    "/coalities/{slug}",
    response={200: Monitor, 401: Error, 404: Error},
    summary="Ketencijfers van een coalitie per gesloten periode",
    operation_id="monitor_coalitie",
)
def monitor_coalitie(
    request: HttpRequest,
    slug: str = Path(..., max_length=80, example="demo-utrecht"),
    perioden: int = Query(12, ge=1, le=60),
) -> Status:
    """De coalitie en haar gemeenten; onderdrukte cellen hebben teller, noemer en waarde null."""
    try:
        coalition = monitor_coalition_by_slug(request.user, slug)
    except Http404:
        return Status(404, {"detail": NOT_FOUND})
    return Status(200, {"indicatoren": monitor_rows(coalition=coalition, periods=perioden)})


@router.get(
    "/landelijk",
    response={200: Monitor, 401: Error, 404: Error},
    summary="Landelijke ketencijfers per gesloten periode",
    operation_id="monitor_landelijk",
)
def monitor_landelijk(request: HttpRequest, perioden: int = Query(12, ge=1, le=60)) -> Status:
    """Nederland, de GGD-regio's en de coalities (voor het landelijk programma)."""
    try:
        require_national(request.user)
    except Http404:
        return Status(404, {"detail": NOT_FOUND})
    return Status(200, {"indicatoren": monitor_rows(landelijk=True, periods=perioden)})
