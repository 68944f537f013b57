"""Pydantic schemas of the startfoto API: the exact shape of `exports.startfoto_to_dict`, so the
OpenAPI document describes what the CLI and the download give as well."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema


class Error(Schema):
    detail: str = Field(..., examples=["Onbekende gemeentecode: GM9999 (verwacht bijv. GM0363)."])


class ValidationErrorOut(Schema):
    """django-ninja's body for an invalid parameter (422): one entry per problem."""

    detail: list[dict[str, Any]]


class Gemeente(Schema):
    code: str = Field(..., examples=["GM0363"])
    naam: str = Field(..., examples=["Amsterdam"])
    provincie: str | None
    ggd_regio: str | None
    vergelijkbare_gemeenten: str | None = Field(None, description="naam van de groep vergelijkbare gemeenten")
    provincie_code: str | None
    ggd_regio_code: str | None
    vergelijkbare_gemeenten_code: str | None
    inwoners: int | None
    inwoners_jaar: int | None = Field(None, description="jaar van `inwoners` (1 januari)")


class Vergelijking(Schema):
    """Dezelfde indicator en hetzelfde jaar voor de referentiegebieden; null = niet beschikbaar."""

    ggd_regio: float | None
    provincie: float | None
    nederland: float | None
    vergelijkbare_gemeenten: float | None


class VergelijkingGebied(Schema):
    code: str
    naam: str
    waarde: float | None
    teller: float | None
    noemer: float | None
    benadering: bool
    toelichting: str = Field("", description="bijv. 'gebaseerd op 340 van 342 gemeenten'")


class TrendPunt(Schema):
    jaar: int
    waarde: float | None
    nederland: float | None
    toelichting: str


class Indicator(Schema):
    key: str
    titel: str
    eenheid: str
    jaar: int | None = Field(..., description="null: geen cijfer voor deze gemeente (zie toelichting)")
    waarde: float | None
    teller: float | None = Field(..., description="alleen naast een gepubliceerde waarde")
    noemer: float | None
    bron: str = Field(..., description="bron van dit cijfer, met jaar of editie")
    vergelijking: Vergelijking
    vergelijking_gebieden: dict[str, VergelijkingGebied]
    definitie: str
    fase: str
    thema: str
    richting: str = Field(..., description="hoger_beter | hoger_ongunstiger | neutraal")
    teller_omschrijving: str
    noemer_omschrijving: str
    benadering: bool = Field(..., description="berekend met een vervangende noemer of afgeronde invoer")
    afgeleid: bool = Field(..., description="door Kansrijk berekend uit andere gepubliceerde cijfers")
    toelichting: str
    wijkniveau: bool
    trend: list[TrendPunt]
    ondergrens: float | None = Field(None, description="schattingen (afgeleide geboorten): ondergrens")
    bovengrens: float | None = Field(None, description="schattingen (afgeleide geboorten): bovengrens")


class Referentie(Schema):
    key: str
    titel: str
    eenheid: str
    waarde: float
    jaar: int
    bron: str


class Perinataal(Schema):
    status: str = Field(..., description="geladen | niet_geladen")
    toelichting: str
    indicatoren: list[Indicator]
    landelijke_referenties: list[Referentie]


class StartfotoOut(Schema):
    gemeente: Gemeente
    indicatoren: list[Indicator]
    perinataal: Perinataal
    bron_vermelding: str = Field(..., examples=["Bron: CBS / PDOK, CC BY 4.0"])


class GemeenteKort(Schema):
    code: str
    naam: str
    provincie: str | None


class GemeentenOut(Schema):
    gemeenten: list[GemeenteKort] = Field(..., description="gevonden gemeenten; zonder q: alle huidige")
    suggesties: list[GemeenteKort] = Field(..., description="lijkt op q (tikfout), alleen als niets gevonden")
    bron_vermelding: str
