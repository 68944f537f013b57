"""GET /api/v1/atlas/{gemeentecode}: the municipality's atlas estimate (registered in api/api.py)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Path, Router, Schema, Status

from kansrijk.atlas.selectors import atlas_payload
from kansrijk.atlas.services import atlas_model_ensure

router = Router(tags=["atlas"])


class Error(Schema):
    detail: str


class Driver(Schema):
    invoer: str
    tekst: str
    richting: str


class Estimate(Schema):
    code: str
    naam: str
    geboorten: int | str  # "<10" below ten
    # The estimate fields are null for a wijk where nobody lives; `geen_schatting` then says so.
    aandeel: float | None
    ondergrens: float | None
    bovengrens: float | None
    aantal: int | str | None
    aantal_ondergrens: int | str | None
    aantal_bovengrens: int | str | None
    drijfveren: list[Driver]
    geen_schatting: str | None = None


class Calibration(Schema):
    doel: str
    omschrijving: str
    bron: str
    waarde: float | None


class Input(Schema):
    sleutel: str
    omschrijving: str
    niveau: str
    jaar: int
    bron: str


class ModelInfo(Schema):
    versie: int
    soort: str
    gemaakt_op: str
    kalibratie: Calibration
    invoer: list[Input]
    interval: str
    geboorten: str


class AtlasOut(Schema):
    gemeente: Estimate
    model: ModelInfo
    wijken: list[Estimate]
    toelichting: str
    bron: str


@router.get(
    "/{gemeentecode}", response={200: AtlasOut, 404: Error}, summary="Atlas kwetsbaarheid van een gemeente"
)
def atlas_gemeente(
    request: HttpRequest, gemeentecode: str = Path(..., pattern=r"^[Gg][Mm]\d{4}$", example="GM0599")
) -> Status:
    """Schatting per wijk (geen telling): aandeel, 90%-interval, verwacht aantal en drijfveren.
    Een wijk waar niemand woont heeft geen schatting: die velden zijn null en `geen_schatting` zegt waarom."""
    payload = atlas_payload(model=atlas_model_ensure(), code=gemeentecode)
    if payload is None:
        return Status(404, {"detail": f"Onbekende gemeentecode: {gemeentecode.upper()}"})
    return Status(200, payload)
