"""Reads of the ketenafspraken: grouped by level, due for review, the regional checklist, and the export."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kansrijk.coalitions.models import Agreement, AgreementLevel, Coalition, CoalitionPartner
from kansrijk.coalitions.models.agreements import REVIEW_NOTICE_DAYS, AgreementStatus
from kansrijk.coalitions.templates_data import regional_checklist


def agreements_of(coalition: Coalition) -> QuerySet[Agreement]:
    partners = CoalitionPartner.objects.select_related("organisation")
    return Agreement.objects.filter(coalition=coalition).prefetch_related(
        Prefetch("partners", queryset=partners)
    )


@dataclass(frozen=True)
class AgreementGroup:
    level: str
    label: str
    agreements: list[Agreement]


def agreements_by_level(*, coalition: Coalition) -> list[AgreementGroup]:
    """All three levels of the Handreiking ketenaanpak, in its order (uitvoering, organisatie, bestuur),
    also when a level has no agreements yet: an empty level is itself worth seeing. Two queries."""
    rows = list(agreements_of(coalition))
    return [
        AgreementGroup(level=value, label=str(label), agreements=[a for a in rows if a.level == value])
        for value, label in AgreementLevel.choices
    ]


def agreements_due_for_review(*, coalition: Coalition, today: datetime.date | None = None) -> list[Agreement]:
    """Agreed agreements whose review date has passed or falls within REVIEW_NOTICE_DAYS, soonest first."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=REVIEW_NOTICE_DAYS)
    return list(
        agreements_of(coalition)
        .filter(status=AgreementStatus.AGREED, review_date__lte=horizon)
        .order_by("review_date", "topic")
    )


# --- the regional checklist (Kansrijk's own template) ------------------------------------------------


@dataclass(frozen=True)
class ChecklistPoint:
    number: int
    level: str
    level_label: str
    topic: str
    text: str
    used: bool  # an agreement of this coalition was already drafted from it


def checklist_title() -> str:
    return str(regional_checklist()["titel"])


def checklist_explanation() -> str:
    return str(regional_checklist()["toelichting"])


def checklist_points(*, coalition: Coalition | None = None) -> list[ChecklistPoint]:
    used: set[int] = set()
    if coalition is not None:
        used = {
            point
            for point in Agreement.objects.filter(
                coalition=coalition, checklist_point__isnull=False
            ).values_list("checklist_point", flat=True)
            if point is not None
        }
    labels = dict(AgreementLevel.choices)
    return [
        ChecklistPoint(
            number=p["nummer"],
            level=p["niveau"],
            level_label=str(labels[p["niveau"]]),
            topic=p["onderwerp"],
            text=p["tekst"],
            used=p["nummer"] in used,
        )
        for p in regional_checklist()["punten"]
    ]


def checklist_point(number: int) -> dict[str, Any] | None:
    return next((p for p in regional_checklist()["punten"] if p["nummer"] == number), None)


# --- export (CLI and API) -----------------------------------------------------------------------------


def agreements_export(coalition: Coalition, today: datetime.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    return [
        {
            "onderwerp": a.topic,
            "niveau": a.level,
            "status": a.status,
            "tekst": a.text,
            "partners": sorted(p.organisation.name for p in a.partners.all()),
            "ingangsdatum": a.start_date.isoformat(),
            "evaluatiedatum": a.review_date.isoformat(),
            "evaluatie_nodig": a.review_due(today),
        }
        for a in agreements_of(coalition)
    ]
