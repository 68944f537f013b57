"""Build the Wegwijzer of one municipality as plain data: the page, the PDF, the CLI and the API share it.

Sources, and nothing else: the confirmed coalitions covering the municipality
(`coalitions.selectors.confirmation`), their public offers (`interventions.selectors.wegwijzer`, confirmed
by the partner itself) and their published klantroutes (`routes.selectors.published_routes`, without
the professionals' contacts). Where that leaves a theme empty, the national fallback (`national.py`).

The built data is cached in the shared default cache under a key that includes a version of the sources
(a few aggregate queries), so a published route or a confirmed offer shows on the next request, on every
worker, without a deploy.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import caches
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import get_language, get_language_info

from kansrijk.areas.models import Area, Phase
from kansrijk.areas.selectors import municipalities_current
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.confirmation import confirmed_coalitions
from kansrijk.interventions.models import LocalOffer, Need, OfferCost, ReferralNeeded
from kansrijk.interventions.selectors.wegwijzer import (
    offer_needs,
    only_national_needs,
    public_offers,
    public_offers_version,
)
from kansrijk.interventions.services.menukaart import MENU_PHASES
from kansrijk.routes.models import Klantroute
from kansrijk.routes.selectors import published_routes
from kansrijk.wegwijzer import texts
from kansrijk.wegwijzer.national import EMERGENCY, FIRST_STEP_THEME, FIRST_STEPS, helplines_for

_REFERRAL_TEXTS = {ReferralNeeded.JA.value: texts.REFERRAL_YES, ReferralNeeded.NEE.value: texts.REFERRAL_NO}
CACHE_SECONDS = 24 * 3600
SCHEMA = 1  # bump when the shape of the data changes, so old cache entries are not read


def covering_coalitions(municipality: Area) -> list[Coalition]:
    """The confirmed coalitions that cover this municipality (one query)."""
    return list(confirmed_coalitions().filter(municipalities=municipality).order_by("name"))


def _routes_version(ids: list[int]) -> tuple[object, ...]:
    # Published routes change only by publishing (a new version) or by removal: count and latest time
    # catch both. Steps of a published version cannot be edited (routes.services._ensure_editable).
    found = Klantroute.objects.filter(coalition_id__in=ids).aggregate(
        at=Max("updated_at"), published=Max("published_at")
    )
    return (found["at"], found["published"])


def _direction(code: str) -> str:
    try:
        return "rtl" if get_language_info(code)["bidi"] else "ltr"
    except KeyError:
        return "ltr"


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


def _offer(offer: LocalOffer, content_language: str) -> dict[str, Any]:
    translation = (offer.public_translations or {}).get(content_language, {}) if content_language else {}
    description = translation.get("description") or offer.public_description or offer.intervention.summary
    language = content_language if translation.get("description") else "nl"
    return {
        "id": str(offer.public_id),
        "naam": offer.intervention.name,
        "organisatie": offer.partner.organisation.name,
        "wat": description,
        "taal": language,
        "richting": _direction(language),
        "telefoon": offer.public_phone,
        "adres": offer.public_address,
        "website": offer.public_website,
        "kosten": offer.cost,
        "kosten_tekst": str(texts.COST_TEXTS.get(offer.cost, texts.COST_TEXTS[OfferCost.ONBEKEND])),
        "verwijzing": offer.referral_needed,
        "verwijzing_tekst": str(_REFERRAL_TEXTS.get(offer.referral_needed, texts.REFERRAL_UNKNOWN)),
        "fases": [p for p in MENU_PHASES if p in offer.phases],
        "themas": offer_needs(offer),
    }


def _routes(coalitions: list[Coalition]) -> dict[str, list[dict[str, str]]]:
    """Per theme, the steps of the published klantroutes: what happens and who does it. The step's
    contact is the professionals' and stays in the workspace."""
    steps: dict[str, list[dict[str, str]]] = {}
    for coalition in coalitions:
        for route in published_routes(coalition=coalition):
            for step in route.steps.all():
                steps.setdefault(route.need, []).append(
                    {
                        "stap": step.title,
                        "wat": step.description,
                        "organisatie": step.partner.organisation.name,
                    }
                )
    return steps


def _languages(offers: list[LocalOffer]) -> list[dict[str, str]]:
    codes = sorted({code for o in offers for code, t in (o.public_translations or {}).items() if t})
    return [{"code": c, "naam": _language_name(c), "richting": _direction(c)} for c in codes]


def build(municipality: Area, coalitions: list[Coalition], content_language: str = "") -> dict[str, Any]:
    """The Wegwijzer of one municipality (uncached). Texts in the active interface language."""
    offers = list(public_offers(coalitions=coalitions, municipality=municipality)) if coalitions else []
    data = [_offer(o, content_language) for o in offers]
    routes = _routes(coalitions)
    national_only = set(only_national_needs(offers))
    phases = [
        {
            "code": phase,
            "naam": str(Phase(phase).label),
            "eerste_stap": str(FIRST_STEPS[phase]),
            "aanbod": [{"id": o["id"], "naam": o["naam"]} for o in data if phase in o["fases"]],
        }
        for phase in MENU_PHASES
        if phase in FIRST_STEPS
    ]
    themes = []
    for need in Need.values:
        title, explanation = texts.THEMES[need]
        local = [o for o in data if need in o["themas"]]
        themes.append(
            {
                "code": need,
                "naam": str(title),
                "uitleg": str(explanation),
                "alleen_landelijk": need in national_only,
                "aanbod": local,
                "route": routes.get(need, []),
                # National help stays visible next to local help: a helpline is open at night.
                "landelijk": helplines_for(need),
                "eerste_stap": str(FIRST_STEP_THEME),
            }
        )
    return {
        "gemeente": {"code": municipality.code, "naam": municipality.name},
        "versie": "lokaal" if coalitions else "landelijk",
        "demo": any(c.is_demo for c in coalitions),
        "coalities": [c.name for c in coalitions],
        "taal": get_language() or "nl",
        "inhoud_taal": content_language or "nl",
        "talen": _languages(offers),
        "noodgeval": str(EMERGENCY),
        "fases": phases,
        "themas": themes,
    }


def wegwijzer_data(municipality: Area, content_language: str = "") -> dict[str, Any]:
    """`build`, through the shared cache; the key carries the version of every source (5 queries when
    cached: coalitions, offers, menukaart, routes, the cache itself)."""
    coalitions = covering_coalitions(municipality)
    ids = [c.pk for c in coalitions]
    version = (ids, public_offers_version(ids), _routes_version(ids)) if ids else ()
    digest = hashlib.sha256(repr((SCHEMA, version)).encode()).hexdigest()[:24]
    key = f"wegwijzer:{municipality.code}:{get_language()}:{content_language or '-'}:{digest}"
    cache = caches["default"]
    data = cache.get(key)
    if data is None:
        data = build(municipality, coalitions, content_language)
        cache.set(key, data, CACHE_SECONDS)
    return data


def municipality_by_slug(slug: str) -> Area | None:
    """The current municipality whose name slugifies to `slug` ("utrecht", "s-hertogenbosch")."""
    for area in municipalities_current().only("code", "name"):
        if slugify(area.name) == slug:
            return area
    return None


def national_note(data: dict[str, Any]) -> str:
    return str(texts.LOCAL if data["versie"] == "lokaal" else texts.NATIONAL)
