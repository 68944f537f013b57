"""The balans as plain JSON: one object for the CLI (`kansrijk balans SLUG`) and the API."""

from __future__ import annotations

from typing import Any

from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.selectors.balans import Balans, Cell, NeedFigure, balans_get
from kansrijk.interventions.selectors.needs import RULE_TEXT

UNKNOWN_SLUG = "Onbekende coalitie: {slug}. Zie `kansrijk coalitie list`."


def _figure(f: NeedFigure) -> dict[str, Any]:
    return {
        "titel": f.title,
        "gemeente": f.municipality,
        "waarde": f.value,
        "eenheid": f.unit,
        "nederland": f.nederland,
        "jaar": f.year,
        "bron": f.source,
        "niveau": f.level,
        "benadering": f.proxy,
        "reden": f.reason,
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "fase": cell.phase,
        "thema": cell.need,
        "behoefte": {
            "niveau": cell.behoefte.level,
            "indicatoren": [_figure(f) for f in cell.behoefte.figures],
            "toelichting": cell.behoefte.explanation,
        },
        "aanbod": [
            {
                "interventie": o.intervention,
                "partner": o.partner,
                "capaciteit_per_jaar": o.capacity_per_year,
                "wachttijd_dagen": o.waiting_days,
            }
            for o in cell.offers
        ],
        "gat": cell.gap,
        "wat_gaat_goed": cell.goes_well,
        "hiaten": cell.gaps,
    }


def balans_to_dict(balans: Balans) -> dict[str, Any]:
    return {
        "coalitie": balans.coalition.slug,
        "regel": RULE_TEXT,
        "aantal_gaten": balans.gap_count,
        "cellen": [_cell(c) for c in balans.cells],
        "bron": balans.credit,
    }


def balans_export(coalition: Coalition) -> dict[str, Any]:
    return balans_to_dict(balans_get(coalition=coalition))
