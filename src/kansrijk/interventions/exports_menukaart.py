"""The menukaart as plain data: one shape for `kansrijk menukaart --format json` and GET /api/v1/menukaart."""

from __future__ import annotations

from typing import Any

from kansrijk.interventions.models import Intervention
from kansrijk.interventions.selectors.menukaart import interventions_on_menukaart, needs_of, phases_of


def intervention_export(intervention: Intervention) -> dict[str, Any]:
    """Unknown facts are None or empty, never guessed."""
    return {
        "naam": intervention.name,
        "slug": intervention.slug,
        "fases": phases_of(intervention),
        "themas": needs_of(intervention),
        "samenvatting": intervention.summary,
        "doelgroep": intervention.target_group,
        "voorwaarden": intervention.eligibility,
        "uitvoering": {
            "soorten": list(intervention.executor_kinds),
            "domein": intervention.domain,
            "tekst": intervention.executor_text,
        },
        "erkenning": {
            "oordeel": intervention.recognition_rating or None,
            "datum": intervention.recognition_date.isoformat() if intervention.recognition_date else None,
            "databank": intervention.recognition_databank or None,
            "toelichting": intervention.recognition_note,
        },
        "licentiehouder": intervention.licence_holder,
        "bron": intervention.source_url,
        "meer_bronnen": list(intervention.more_sources),
    }


def menukaart_export() -> list[dict[str, Any]]:
    """Every active intervention on the menukaart, by name."""
    return [intervention_export(i) for i in interventions_on_menukaart()]
