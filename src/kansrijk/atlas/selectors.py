"""Reads of the atlas (public area data: no visibility rules). Results are cached per model version."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.areas.selectors import geometries_by_code
from kansrijk.atlas.compute import NO_ESTIMATE
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.core.cache import page_cache as cache
from kansrijk.core.precision import round_derived_count  # per-process; see core/cache.py

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"
# Marked for translation (the page translates it; the API keeps Dutch).
ESTIMATE_NOTE = gettext_noop(
    "Dit is een schatting over gebieden, geen telling: berekend uit open CBS-cijfers over wijken en "
    "gemeenten, niet uit gegevens van personen. "
    "Het zegt niets over een gezin en wordt nooit gebruikt om iemand te labelen."
)
SUPPRESS_BELOW = 10
CACHE_SECONDS = 24 * 3600
INTERVAL_NOTE = (
    "90%-interval. Bij het aandeel: onzekerheid van het model (de gewichten en het landelijk doel). "
    "Bij het aantal komt daar toeval bij: hoeveel van de geboorten kwetsbaar zijn. Niet meegenomen: fouten "
    "in de invoer, kenmerken die niet in het model zitten, de afronding van de geboorten en "
    "grenswijzigingen tussen de jaren van de invoer."
)


def count_label(value: float) -> str:
    """Counts below 10 are never shown exactly (as Regiobeeld does)."""
    return "<10" if round(value) < SUPPRESS_BELOW else f"{round(value):,}".replace(",", ".")


def births_label(value: float) -> str:
    """Derived births: "<10", or "≈ 9.900" at the precision the rounded birth rate supports."""
    if round(value) < SUPPRESS_BELOW:
        return "<10"
    return "≈ " + f"{round_derived_count(value):,}".replace(",", ".")


def count_value(value: float) -> int | str:
    return "<10" if round(value) < SUPPRESS_BELOW else int(round(value))


def atlas_model_latest() -> AtlasModel | None:
    return AtlasModel.objects.order_by("-version").first()


def atlas_model_version() -> int | None:
    """The active (newest) model version without loading its JSON: part of page cache keys."""
    return AtlasModel.objects.order_by("-version").values_list("version", flat=True).first()


def atlas_model_version_query() -> QuerySet[AtlasModel, Any]:
    """The active model version as a one-value query, for a caller that reads it inside its own query
    (the startfoto's cache key reads it together with the import run: one query, not two)."""
    return AtlasModel.objects.order_by("-version").values("version")[:1]


def atlas_models_history(limit: int = 10) -> list[AtlasModel]:
    return list(AtlasModel.objects.order_by("-version")[:limit])


@dataclass(frozen=True)
class NoEstimate:
    """A wijk where nobody lives: listed with its name, but without share, interval, number or drivers.
    The same attribute names as AtlasEstimate, so a table can show both kinds of row."""

    code: str
    name: str
    parent_code: str
    level: str = "wijk"
    births: float = 0.0
    share: None = None
    share_lower: None = None
    share_upper: None = None
    number: None = None
    number_lower: None = None
    number_upper: None = None
    drivers: tuple[()] = ()
    reason: str = NO_ESTIMATE


@dataclass(frozen=True)
class MunicipalityAtlas:
    municipality: AtlasEstimate
    wijken: list[AtlasEstimate]  # the wijken with an estimate
    unpopulated: list[NoEstimate] = field(default_factory=list)  # wijken where nobody lives

    @property
    def rows(self) -> list[AtlasEstimate | NoEstimate]:
        """Every wijk of the municipality in code order, with and without an estimate."""
        return sorted([*self.wijken, *self.unpopulated], key=lambda w: w.code)


def no_estimate_wijken(*, model: AtlasModel, code: str) -> list[NoEstimate]:
    """The municipality's wijken that have no estimate under this model version (nobody lives there)."""
    return [
        NoEstimate(code=w["code"], name=w["naam"], parent_code=w["gemeentecode"])
        for w in model.summary.get("zonder_schatting", [])
        if w["gemeentecode"] == code
    ]


def atlas_national(*, model: AtlasModel) -> tuple[AtlasEstimate, list[AtlasEstimate]]:
    key = f"atlas:{model.cache_key}:national"
    hit = cache.get(key)
    if hit is None:
        rows = list(
            AtlasEstimate.objects.filter(model=model, level__in=["land", "gemeente"]).order_by("name")
        )
        hit = (next(r for r in rows if r.level == "land"), [r for r in rows if r.level == "gemeente"])
        cache.set(key, hit, CACHE_SECONDS)
    return hit


def atlas_municipality(*, model: AtlasModel, code: str) -> MunicipalityAtlas | None:
    code = code.upper()
    key = f"atlas:{model.cache_key}:gm:{code}"
    hit = cache.get(key)
    if hit is None:
        rows = list(AtlasEstimate.objects.filter(model=model, code=code, level="gemeente"))
        if not rows:
            return None
        wijken = list(
            AtlasEstimate.objects.filter(model=model, parent_code=code, level="wijk").order_by("code")
        )
        hit = MunicipalityAtlas(rows[0], wijken, no_estimate_wijken(model=model, code=code))
        cache.set(key, hit, CACHE_SECONDS)
    return hit


def _drivers_out(drivers: list[dict]) -> list[dict[str, Any]]:
    return [{"invoer": d["invoer"], "tekst": d["tekst"], "richting": d["richting"]} for d in drivers]


def _estimate_out(row: AtlasEstimate | NoEstimate) -> dict[str, Any]:
    if isinstance(row, NoEstimate):  # nobody lives here: null for every estimate, and the reason
        return {
            "code": row.code,
            "naam": row.name,
            "geboorten": 0,
            "aandeel": None,
            "ondergrens": None,
            "bovengrens": None,
            "aantal": None,
            "aantal_ondergrens": None,
            "aantal_bovengrens": None,
            "drijfveren": [],
            "geen_schatting": row.reason,
        }
    return {
        "code": row.code,
        "naam": row.name,
        "geboorten": count_value(row.births),
        "aandeel": round(row.share, 4),
        "ondergrens": round(row.share_lower, 4),
        "bovengrens": round(row.share_upper, 4),
        "aantal": count_value(row.number),
        "aantal_ondergrens": count_value(row.number_lower),
        "aantal_bovengrens": count_value(row.number_upper),
        "drijfveren": _drivers_out(row.drivers),
        "geen_schatting": None,
    }


def model_out(model: AtlasModel) -> dict[str, Any]:
    cal = model.calibration
    return {
        "versie": model.version,
        "soort": model.kind,
        "gemaakt_op": model.created_at.isoformat(),
        "kalibratie": {
            "doel": cal["doel"],
            "omschrijving": cal["omschrijving"],
            "bron": cal["bron"],
            "waarde": cal["waarde"],
        },
        "invoer": [
            {
                "sleutel": i["key"],
                "omschrijving": i["label"],
                "niveau": i["level"],
                "jaar": i["year"],
                "bron": i["source"],
            }
            for i in model.inputs
        ],
        "interval": INTERVAL_NOTE,
        "geboorten": model.summary.get("geboorten_toelichting", ""),
    }


def atlas_payload(*, model: AtlasModel, code: str) -> dict[str, Any] | None:
    """The JSON of one municipality: the same object for the CLI, the API and the CSV columns."""
    data = atlas_municipality(model=model, code=code)
    if data is None:
        return None
    return {
        "gemeente": _estimate_out(data.municipality),
        "model": model_out(model),
        "wijken": [_estimate_out(w) for w in data.rows],
        "toelichting": ESTIMATE_NOTE,
        "bron": CREDIT,
    }


def atlas_summary_for(municipality: Area | str) -> dict[str, Any] | None:
    """The municipality's estimate for the startfoto panel; None when there is no model yet (the panel
    then links to the atlas, which creates the default model on first use)."""
    model = atlas_model_latest()
    if model is None:
        return None
    code = municipality if isinstance(municipality, str) else municipality.code
    data = atlas_municipality(model=model, code=code)
    if data is None:
        return None
    return {
        "estimate": data.municipality,
        "model": model,
        "wijken": len(data.wijken),
        "number_label": count_label(data.municipality.number),
        # The same derived births as the startfoto card, at the same precision (core/precision.py).
        "births_label": births_label(data.municipality.births),
        "note": ESTIMATE_NOTE,
    }


@lru_cache(maxsize=1)
def _geometry_file(path: str) -> dict[str, str]:
    # Fallback for installations whose area import has no geometry: the PDOK file itself.
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    key = "wijkcode" if "wijk" in Path(path).name else "statcode"
    return {f["properties"].get(key): json.dumps(f["geometry"]) for f in data.get("features", [])}


def _geometries(codes: list[str], level: str) -> dict[str, str]:
    found = geometries_by_code(codes, level)
    if len(found) < len(codes):
        name = "wijk_2024.geojson" if level == AreaLevel.WIJK else "gemeente_2025.geojson"
        file_geoms = _geometry_file(str(Path(settings.KANSRIJK_DATA_DIR) / "grenzen" / name))
        for code in codes:
            if code not in found and code in file_geoms:
                found[code] = file_geoms[code]
    return found


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _feature_collection(rows: Sequence[AtlasEstimate | NoEstimate], level: str) -> str:
    geoms = _geometries([r.code for r in rows], level)
    features = []
    for r in rows:
        if r.code not in geoms:
            continue
        props = {
            "code": r.code,
            "naam": r.name,
            "aandeel": _pct(r.share),
            "ondergrens": _pct(r.share_lower),
            "bovengrens": _pct(r.share_upper),
            "aantal": None if r.number is None else count_label(r.number),
            "geen_schatting": r.reason if isinstance(r, NoEstimate) else None,
        }
        features.append(f'{{"type":"Feature","properties":{json.dumps(props)},"geometry":{geoms[r.code]}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(features) + "]}"


def atlas_geojson_wijken(*, model: AtlasModel, code: str) -> str | None:
    data = atlas_municipality(model=model, code=code)
    if data is None:
        return None
    key = f"atlas:{model.cache_key}:geo:{data.municipality.code}"
    hit = cache.get(key)
    if hit is None:
        hit = _feature_collection(data.rows, AreaLevel.WIJK)
        cache.set(key, hit, CACHE_SECONDS)
    return hit


def atlas_geojson_gemeenten(*, model: AtlasModel) -> str:
    key = f"atlas:{model.cache_key}:geo:nl"
    hit = cache.get(key)
    if hit is None:
        hit = _feature_collection(atlas_national(model=model)[1], AreaLevel.MUNICIPALITY)
        cache.set(key, hit, CACHE_SECONDS)
    return hit
