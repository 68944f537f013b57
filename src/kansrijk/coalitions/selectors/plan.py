"""Reads of the coalition plan: the ambitions → goals → actions tree, the figures of a goal's
indicators, the home block, the national actions template and the exports for the CLI and API.

The tree is read with a fixed number of queries whatever its size (prefetches; no N+1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from kansrijk.areas.models import Area, AreaLevel, Indicator, IndicatorSource
from kansrijk.areas.selectors import nederland, observation_rows
from kansrijk.coalitions.models import Action, ActionStatus, Ambition, Coalition, Goal
from kansrijk.coalitions.models.plan import FINAL_STATUSES
from kansrijk.coalitions.selectors.access import AnyUser, user_coordinates
from kansrijk.coalitions.templates_data import national_actions, national_actions_source
from kansrijk.startfoto.presentation import format_value

NO_FIGURE = "geen cijfer beschikbaar"
NOT_IMPORTED = "Perined-cijfers zijn (nog) niet geïmporteerd; zie Over de data"
NATIONAL_REFERENCE = "landelijke referentie"


# --- permissions used by both the pages and the services -------------------------------------------


@dataclass(frozen=True)
class PlanRights:
    """What one user may do in one coalition's plan. Built once per request; the services use the same rule."""

    is_coordinator: bool
    organisation_ids: frozenset[int]

    def may_edit(self) -> bool:
        return self.is_coordinator

    def may_change_status(self, action: Action) -> bool:
        # Coordinators steer the whole plan; a partner moves the actions its own organisation owns.
        if self.is_coordinator:
            return True
        owner = action.owner
        return owner is not None and owner.organisation_id in self.organisation_ids


def plan_rights(user: AnyUser, coalition: Coalition) -> PlanRights:
    if not user.is_authenticated:
        return PlanRights(is_coordinator=False, organisation_ids=frozenset())
    org_ids = frozenset(user.memberships.values_list("organisation_id", flat=True))
    return PlanRights(is_coordinator=user_coordinates(user, coalition), organisation_ids=org_ids)


# --- the tree -----------------------------------------------------------------------------------------


def _actions_qs() -> QuerySet[Action]:
    return Action.objects.select_related("owner__organisation")


@dataclass(frozen=True)
class PlanTree:
    ambitions: list[Ambition]
    loose_actions: list[Action]  # actions without a goal (e.g. a national action adopted as is)

    @property
    def all_actions(self) -> list[Action]:
        nested = [a for amb in self.ambitions for g in amb.goals.all() for a in g.actions.all()]
        return nested + self.loose_actions

    @property
    def all_goals(self) -> list[Goal]:
        return [g for amb in self.ambitions for g in amb.goals.all()]


def plan_tree(*, coalition: Coalition) -> PlanTree:
    """Ambitions with their goals (and the goals' indicators and actions), plus the loose actions: 5 queries."""
    goals = Goal.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order", "key")),
        Prefetch("actions", queryset=_actions_qs()),
    )
    ambitions = list(
        Ambition.objects.filter(coalition=coalition).prefetch_related(Prefetch("goals", queryset=goals))
    )
    loose = list(_actions_qs().filter(coalition=coalition, goal__isnull=True))
    return PlanTree(ambitions=ambitions, loose_actions=loose)


def goals_of(coalition: Coalition) -> QuerySet[Goal]:
    return Goal.objects.filter(ambition__coalition=coalition).select_related("ambition")


# --- figures of a goal's indicators -------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFigure:
    area: str
    display: str  # the value with its unit in Dutch notation, or NO_FIGURE
    year: int | None
    source: str
    note: str = ""


@dataclass(frozen=True)
class IndicatorFigures:
    key: str
    title: str
    unit: str
    rows: list[AreaFigure] = field(default_factory=list)


def indicator_figures(
    *, coalition: Coalition, indicators: Iterable[Indicator]
) -> dict[str, IndicatorFigures]:
    """Per indicator key: the latest published value for each municipality of the coalition and for
    Nederland, each with its own year and source. Three queries for any number of indicators."""
    indicators = list({i.pk: i for i in indicators}.values())
    if not indicators:
        return {}
    areas = list(coalition.municipalities.order_by("name"))
    nl = nederland()
    if nl is not None:
        areas.append(nl)
    latest: dict[tuple[int, int], tuple[int, float, bool, str]] = {}
    rows = observation_rows(
        area_ids=[a.pk for a in areas], indicator_ids=[i.pk for i in indicators], with_value=True
    )
    for area_id, indicator_id, year, value, approximate, _note, source in rows:
        assert value is not None  # with_value=True
        latest.setdefault((area_id, indicator_id), (year, value, approximate, source))
    out: dict[str, IndicatorFigures] = {}
    for indicator in indicators:
        figures = IndicatorFigures(key=indicator.key, title=indicator.title, unit=indicator.unit)
        for area in areas:
            figures.rows.append(_area_figure(indicator, area, latest.get((area.pk, indicator.pk))))
        out[indicator.key] = figures
    return out


def _area_figure(indicator: Indicator, area: Area, obs: tuple[int, float, bool, str] | None) -> AreaFigure:
    if obs is not None:
        year, value, approximate, source = obs
        return AreaFigure(
            area=area.name,
            display=format_value(value, indicator.unit),
            year=year,
            source=source or indicator.source,
            note="benadering" if approximate else "",
        )
    if area.level == AreaLevel.NL and indicator.reference_value is not None:
        # Perinatal figures that were not imported: the published national reference, labelled as such.
        return AreaFigure(
            area=area.name,
            display=format_value(indicator.reference_value, indicator.unit),
            year=indicator.reference_year,
            source=indicator.reference_source,
            note=NATIONAL_REFERENCE,
        )
    # Say why there is no figure, and never show a source for a value that is not there.
    note = NOT_IMPORTED if indicator.source_kind == IndicatorSource.PERINATAL else ""
    return AreaFigure(area=area.name, display=NO_FIGURE, year=None, source="", note=note)


# --- the home block -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int
    percent: int  # share of all actions, for the bar (the number is always shown too)


@dataclass(frozen=True)
class PlanSummary:
    total: int
    per_status: list[StatusCount]
    overdue: list[Action]
    next_due: Action | None


def plan_summary(*, coalition: Coalition, today: datetime.date | None = None) -> PlanSummary:
    today = today or timezone.localdate()
    counts = dict(
        Action.objects.filter(coalition=coalition)
        .order_by()  # no default ordering in the GROUP BY
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    total = sum(counts.values())
    per_status = [
        StatusCount(
            status=value,
            label=str(label),
            count=counts.get(value, 0),
            percent=round(100 * counts.get(value, 0) / total) if total else 0,
        )
        for value, label in ActionStatus.choices
    ]
    open_actions = _actions_qs().filter(coalition=coalition).exclude(status__in=FINAL_STATUSES)
    overdue = list(open_actions.filter(due_date__lt=today).order_by("due_date")[:10])
    next_due = open_actions.filter(due_date__gte=today).order_by("due_date", "created_at").first()
    return PlanSummary(total=total, per_status=per_status, overdue=overdue, next_due=next_due)


# --- the national actions template --------------------------------------------------------------------


@dataclass(frozen=True)
class NationalActionRow:
    number: int
    title: str
    line: str  # the actielijn of the vervolgaanpak it belongs to
    adopted: Action | None


def national_actions_overview(*, coalition: Coalition) -> list[NationalActionRow]:
    adopted = {
        a.national_action: a for a in _actions_qs().filter(coalition=coalition, national_action__isnull=False)
    }
    return [
        NationalActionRow(
            number=a["nummer"], title=a["titel"], line=a["lijn"], adopted=adopted.get(a["nummer"])
        )
        for a in national_actions()
    ]


def national_source() -> str:
    return national_actions_source()


# --- exports (CLI and API) ----------------------------------------------------------------------------


def _action_export(action: Action) -> dict[str, Any]:
    return {
        "titel": action.title,
        "eigenaar": action.owner.organisation.name if action.owner else None,
        "status": action.status,
        "klaar_op": action.due_date.isoformat() if action.due_date else None,
        "landelijke_actie": action.national_action,
    }


def ambitions_export(coalition: Coalition) -> list[dict[str, Any]]:
    """The plan as plain data: ambitions → goals (with indicator keys) → actions. Actions without a goal:
    `loose_actions_export`."""
    tree = plan_tree(coalition=coalition)
    return [
        {
            "titel": ambition.title,
            "toelichting": ambition.description,
            "doelen": [
                {
                    "titel": goal.title,
                    "toelichting": goal.description,
                    "indicatoren": [i.key for i in goal.indicators.all()],
                    "acties": [_action_export(a) for a in goal.actions.all()],
                }
                for goal in ambition.goals.all()
            ],
        }
        for ambition in tree.ambitions
    ]


def loose_actions_export(coalition: Coalition) -> list[dict[str, Any]]:
    """Actions not (yet) tied to a goal, in the same shape as the actions in `ambitions_export`."""
    return [_action_export(a) for a in _actions_qs().filter(coalition=coalition, goal__isnull=True)]
