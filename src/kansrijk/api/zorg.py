"""GET /api/v1/zorg/…: the care layer, read only, with the same access context and access log as the pages.

Session login (the same account as the site, MFA included): 401 without login, 404 for everything that is
not visible — also for anyone without a care team (coordinators, the national programme, admins never
learn which families exist). A professional acts for one team: `?team=<uuid>` as on the pages, else
their first team. Every call that shows a family's data writes its access-log entry through care's
selectors (a list: one search entry naming the families shown).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.security import django_auth

from kansrijk.accounts.models import User
from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext, parent_context, professional_context, teams_of
from kansrijk.care.fhir_consent import consents_bundle
from kansrijk.care.selectors.families import family_page, level_label, worklist
from kansrijk.care.selectors.family_view import family_view

router = Router(tags=["zorg"], auth=django_auth)


class Error(Schema):
    detail: str


class GezinKort(Schema):
    id: UUID
    fase: str
    status: str
    fictief: bool
    naam: str | None = None
    uitgerekende_datum: date | None = None
    geboortedatum: date | None = None
    categorieen: list[str]


class Gezinnen(Schema):
    pagina: int
    paginas: int
    gezinnen: list[GezinKort]


class Persoon(Schema):
    id: UUID
    rol: str
    voornaam: str
    achternaam: str
    geboortedatum: date | None = None


class Zorgrelatie(Schema):
    organisatie: str
    team: str
    grondslag: str
    sinds: datetime


class Niveau(Schema):
    niveau: str
    voorgesteld: str
    besloten_op: datetime
    opnieuw_bekijken_op: date | None = None


class Gebeurtenis(Schema):
    organisatie: str
    wanneer: datetime
    tekst: str
    categorie: str


class Gezin(Schema):
    id: UUID
    fase: str
    status: str
    fictief: bool
    categorieen: list[str]
    personen: list[Persoon] | None = None
    zorgteam: list[Zorgrelatie]
    niveau: Niveau | None = None
    tijdlijn: list[Gebeurtenis]


class Organisatie(Schema):
    naam: str
    team: str
    sinds: datetime
    tot: datetime | None = None
    waarom: str
    gegevens: list[str]


class Toegang(Schema):
    wanneer: datetime
    wie: str
    wat: str
    waarom: str


class Toestemming(Schema):
    id: UUID
    ontvanger: str
    gegevens: list[str]
    doel: str
    gegeven_op: date
    actief: bool
    ingetrokken_op: datetime | None = None


class MijnGegevens(Schema):
    gezin: UUID
    fictief: bool
    andere_gezinnen: list[UUID]
    organisaties: list[Organisatie]
    toestemmingen: list[Toestemming]
    toegang: list[Toegang]


class TeamFilter(Schema):
    team: UUID | None = None


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # django_auth let only a signed-in user through
    return user


def _professional(request: HttpRequest, team: UUID | None) -> AccessContext:
    """The professional's context for the chosen team (else their first), 404 without a care team."""
    teams = teams_of(_user(request))
    if not teams:
        raise Http404
    chosen = next((t for t in teams if t.public_id == team), teams[0])
    return professional_context(_user(request), team=chosen)


@router.get(
    "/gezinnen",
    response={200: Gezinnen, 401: Error, 404: Error},
    summary="De gezinnen van uw team (alleen naam en datum, als de grondslag dat toelaat)",
    operation_id="zorg_gezinnen",
)
def gezinnen(request: HttpRequest, filters: Query[TeamFilter], pagina: int = 1) -> Any:
    result = worklist(_professional(request, filters.team), page_number=pagina)
    return {
        "pagina": result.page.number,
        "paginas": result.page.paginator.num_pages,
        "gezinnen": [
            {
                "id": row.episode.public_id,
                "fase": row.episode.stage,
                "status": row.episode.status,
                "fictief": row.episode.is_synthetic,
                "naam": row.name or None,
                "uitgerekende_datum": row.due_date,
                "geboortedatum": row.birth_date,
                "categorieen": sorted(row.categories),
            }
            for row in result.rows
        ],
    }


@router.get(
    "/gezinnen/{public_id}",
    response={200: Gezin, 401: Error, 404: Error},
    summary="Eén gezin: alleen de soorten gegevens die uw grondslag dekt",
    operation_id="zorg_gezin",
)
def gezin(request: HttpRequest, public_id: UUID, filters: Query[TeamFilter]) -> Any:
    page = family_page(_professional(request, filters.team), public_id)
    episode = page.episode
    level = page.level
    return {
        "id": episode.public_id,
        "fase": episode.stage,
        "status": episode.status,
        "fictief": episode.is_synthetic,
        "categorieen": page.shown,
        "personen": [
            {
                "id": row.person.public_id,
                "rol": row.person.role,
                "voornaam": row.person.given_name,
                "achternaam": row.person.family_name,
                "geboortedatum": row.person.birth_date,
            }
            for row in page.persons
        ]
        if page.access.may_see(DataCategory.IDENTIFICATION)
        else None,
        "zorgteam": [
            {
                "organisatie": row.relation.organisation.name,
                "team": row.relation.team.name,
                "grondslag": row.basis_text,
                "sinds": row.relation.created_at,
            }
            for row in page.care_team
        ],
        "niveau": {
            "niveau": level_label(level.level),
            "voorgesteld": level_label(level.proposed_level),
            "besloten_op": level.created_at,
            "opnieuw_bekijken_op": level.reassess_on,
        }
        if level is not None
        else None,
        "tijdlijn": [
            {"organisatie": org, "wanneer": e.created_at, "tekst": e.text, "categorie": e.category}
            for org, events in page.timeline
            for e in events
        ],
    }


@router.get(
    "/gezinnen/{public_id}/toestemmingen",
    response={200: dict[str, Any], 401: Error, 404: Error},
    summary="De toestemmingen van een gezin als FHIR R4B Bundle van Consent-resources",
    operation_id="zorg_toestemmingen",
)
def toestemmingen(request: HttpRequest, public_id: UUID, filters: Query[TeamFilter]) -> Any:
    bundle = consents_bundle(_professional(request, filters.team), public_id)
    return bundle.model_dump(mode="json", by_alias=True, exclude_none=True)


@router.get(
    "/mijn-gegevens",
    response={200: MijnGegevens, 401: Error, 404: Error},
    summary="Voor een ouder: wie uw gegevens heeft, wie ze bekeek, en uw toestemmingen",
    operation_id="zorg_mijn_gegevens",
)
def mijn_gegevens(request: HttpRequest, gezin: UUID | None = None) -> Any:
    view = family_view(parent_context(_user(request)), gezin)
    return {
        "gezin": view.episode.public_id,
        "fictief": view.episode.is_synthetic,
        "andere_gezinnen": [e.public_id for e in view.other_families],
        "organisaties": [
            {
                "naam": o.name,
                "team": o.team,
                "sinds": o.since,
                "tot": o.until,
                "waarom": o.basis,
                "gegevens": o.categories,
            }
            for o in view.organisations
        ],
        "toestemmingen": [
            {
                "id": row.consent.public_id,
                "ontvanger": row.consent.receiving_organisation.name,
                "gegevens": row.categories,
                "doel": row.purpose,
                "gegeven_op": row.consent.given_on,
                "actief": row.is_active,
                "ingetrokken_op": row.consent.withdrawn_at,
            }
            for row in view.consents
        ],
        "toegang": [
            {"wanneer": r.occurred_at, "wie": r.who, "wat": r.what, "waarom": r.why} for r in view.log
        ],
    }
