"""The coalition as JSON, shared by `kansrijk coalitie` and `/api/v1/coalities/…`.

Only coalition-level data: partner organisations and their professional contacts, the zelfscan
aggregates, the plan and the agreements. Never personal data of families (design.md §2).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.agreements import agreements_export
from kansrijk.coalitions.selectors.network import coalition_summary, missing_partner_kinds, partners_export
from kansrijk.coalitions.selectors.plan import ambitions_export, loose_actions_export
from kansrijk.coalitions.selectors.zelfscan import zelfscan_export

UNKNOWN_SLUG = "Onbekende coalitie: {slug}. Zie `kansrijk coalitie list`."


def coalition_list_item(coalition: Coalition) -> dict[str, Any]:
    summary = coalition_summary(coalition)
    return {"slug": summary["slug"], "naam": summary["naam"], "gemeenten": summary["gemeenten"]}


def coalitions_list_export(coalitions: QuerySet[Coalition]) -> list[dict[str, Any]]:
    return [coalition_list_item(c) for c in coalitions.prefetch_related("municipalities").order_by("name")]


def coalition_export(coalition: Coalition) -> dict[str, Any]:
    """The whole workspace of one coalition in the shape of the issue's contract (Dutch keys)."""
    return {
        "coalitie": coalition_summary(coalition),
        "partners": partners_export(coalition),
        "ontbrekende_partnersoorten": missing_partner_kinds(coalition),
        "zelfscan": zelfscan_export(coalition),
        "ambities": ambitions_export(coalition),
        "acties_zonder_doel": loose_actions_export(coalition),
        "afspraken": agreements_export(coalition),
    }
