"""Reads of the zelfscan: rounds, results per round, the trend over rounds and the export. The home block
is in `zelfscan_home`, the questionnaire versions in `questionnaires`, the comparison with other
coalitions (snapshots and bands only) in `zelfscan_comparison`.

Every aggregate is computed from counts per answer value (one grouped query per page part), so the
number of queries does not grow with rounds, respondents or statements. Results show organisations
and counts, never which person answered what.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.coalitions.models import (
    SCALE_MAX,
    SCALE_MIN,
    Coalition,
    Questionnaire,
    ZelfscanAnswer,
    ZelfscanResponse,
    ZelfscanRound,
    ZelfscanTheme,
)
from kansrijk.coalitions.selectors.access import AnyUser, rounds_visible_to, user_is_member

SCALE = tuple(range(SCALE_MIN, SCALE_MAX + 1))


def user_may_answer(user: AnyUser, coalition: Coalition) -> bool:
    """Coordinators and users of partner organisations answer; the national programme only reads."""
    return user_is_member(user, coalition)


def zelfscan_round_get(*, user: AnyUser, coalition: Coalition, public_id: UUID) -> ZelfscanRound:
    rounds = rounds_visible_to(user).filter(coalition=coalition).select_related("questionnaire")
    return get_object_or_404(rounds, public_id=public_id)


# --- spreads ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """How often each value 1..5 was given, and the derived mean, minimum and maximum."""

    counts: dict[int, int]

    @property
    def n(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        n = self.n
        return sum(v * c for v, c in self.counts.items()) / n if n else None

    @property
    def minimum(self) -> int | None:
        return min((v for v, c in self.counts.items() if c), default=None)

    @property
    def maximum(self) -> int | None:
        return max((v for v, c in self.counts.items() if c), default=None)

    @property
    def ordered(self) -> list[int]:
        """The counts in scale order (1..5), for tables."""
        return [self.counts.get(v, 0) for v in SCALE]


def spread_from(counts: Mapping[int, int] | None = None) -> Spread:
    counts = counts or {}
    return Spread({v: int(counts.get(v, 0)) for v in SCALE})


def _merge(spreads: Iterable[Spread]) -> Spread:
    total: dict[int, int] = dict.fromkeys(SCALE, 0)
    for spread in spreads:
        for v, c in spread.counts.items():
            total[v] += c
    return Spread(total)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# --- rounds overview -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoundRow:
    round: ZelfscanRound
    respondents: int
    organisations: list[str]
    answered_by_user: bool


def zelfscan_rounds(*, coalition: Coalition, user: AnyUser) -> list[RoundRow]:
    """The coalition's rounds, newest first, with respondent counts and the organisations that answered."""
    rounds = list(
        ZelfscanRound.objects.filter(coalition=coalition)
        .select_related("questionnaire")
        .annotate(respondents=Count("responses"))
        .order_by("-opened_on", "-created_at")
    )
    orgs: dict[int, set[str]] = defaultdict(set)
    for round_id, name in (
        ZelfscanResponse.objects.filter(round__coalition=coalition)
        .values_list("round_id", "organisation__name")
        .distinct()
    ):
        orgs[round_id].add(name or "Organisatie onbekend")
    answered: set[int] = set()
    if user.is_authenticated:
        answered = set(
            ZelfscanResponse.objects.filter(round__coalition=coalition, user=user).values_list(
                "round_id", flat=True
            )
        )
    return [
        RoundRow(
            round=r,
            respondents=r.respondents,
            organisations=sorted(orgs[r.pk]),
            answered_by_user=r.pk in answered,
        )
        for r in rounds
    ]


def zelfscan_open_round(coalition: Coalition) -> ZelfscanRound | None:
    return (
        ZelfscanRound.objects.filter(coalition=coalition, closed=False)
        .select_related("questionnaire")
        .order_by("-opened_on", "-created_at")
        .first()
    )


def questionnaire_active() -> Questionnaire | None:
    return Questionnaire.objects.filter(is_active=True).first()


def questionnaire_themes(questionnaire: Questionnaire) -> list[ZelfscanTheme]:
    """Themes with their statements (two queries), in questionnaire order."""
    return list(
        ZelfscanTheme.objects.filter(questionnaire=questionnaire)
        .prefetch_related("statements")
        .order_by("order", "key")
    )


def response_answers(*, round: ZelfscanRound, user: AnyUser) -> dict[int, int]:
    """The user's own answers in a round (statement id → value), to fill the form when editing."""
    if not user.is_authenticated:
        return {}
    return dict(
        ZelfscanAnswer.objects.filter(response__round=round, response__user=user).values_list(
            "statement_id", "value"
        )
    )


# --- results of one round --------------------------------------------------------------------------


@dataclass(frozen=True)
class StatementResult:
    key: str
    text: str
    spread: Spread


@dataclass(frozen=True)
class ThemeResult:
    key: str
    title: str
    statements: list[StatementResult]
    spread: Spread


@dataclass(frozen=True)
class RoundResults:
    round: ZelfscanRound
    respondents: int
    organisations: list[str]
    themes: list[ThemeResult]


def zelfscan_results(round: ZelfscanRound) -> RoundResults:
    """Spread per statement and per theme. The theme spread pools every answer in the theme."""
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for statement_id, value, n in (
        ZelfscanAnswer.objects.filter(response__round=round)
        .values("statement_id", "value")
        .annotate(n=Count("id"))
        .values_list("statement_id", "value", "n")
    ):
        counts[statement_id][value] = n
    themes = []
    for theme in questionnaire_themes(round.questionnaire):
        statements = [
            StatementResult(key=s.key, text=s.text, spread=spread_from(counts.get(s.pk)))
            for s in theme.statements.all()
        ]
        themes.append(
            ThemeResult(
                key=theme.key,
                title=theme.title,
                statements=statements,
                spread=_merge(s.spread for s in statements),
            )
        )
    organisations = sorted(
        name or "Organisatie onbekend"
        for name in ZelfscanResponse.objects.filter(round=round)
        .values_list("organisation__name", flat=True)
        .distinct()
    )
    return RoundResults(
        round=round,
        respondents=ZelfscanResponse.objects.filter(round=round).count(),
        organisations=organisations,
        themes=themes,
    )


# --- theme spreads for many rounds at once ---------------------------------------------------------


def _theme_spreads(answers: QuerySet[ZelfscanAnswer]) -> dict[tuple[int, int], Spread]:
    """(round id, theme id) → spread, in one grouped query."""
    counts: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for round_id, theme_id, value, n in (
        answers.values("response__round_id", "statement__theme_id", "value")
        .annotate(n=Count("id"))
        .values_list("response__round_id", "statement__theme_id", "value", "n")
    ):
        counts[(round_id, theme_id)][value] = n
    return {key: spread_from(c) for key, c in counts.items()}


def _themes_of(questionnaire_ids: Iterable[int]) -> dict[int, list[ZelfscanTheme]]:
    by_questionnaire: dict[int, list[ZelfscanTheme]] = defaultdict(list)
    for theme in ZelfscanTheme.objects.filter(questionnaire_id__in=set(questionnaire_ids)).order_by(
        "questionnaire_id", "order", "key"
    ):
        by_questionnaire[theme.questionnaire_id].append(theme)
    return by_questionnaire


# --- trend over rounds -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendTheme:
    key: str
    title: str


@dataclass(frozen=True)
class TrendRow:
    round: ZelfscanRound
    respondents: int
    # Aligned with Trend.themes; None where the round's questionnaire has no such theme.
    means: list[float | None]


@dataclass(frozen=True)
class Trend:
    themes: list[TrendTheme]
    rows: list[TrendRow] = field(default_factory=list)


def zelfscan_trend(coalition: Coalition) -> Trend:
    """Mean per theme per round (open and closed rounds with at least one response), oldest first.

    Themes are matched over questionnaire versions by their key; a theme's title is taken from the
    newest version that has it.
    """
    rounds = list(
        ZelfscanRound.objects.filter(coalition=coalition)
        .select_related("questionnaire")
        .annotate(respondents=Count("responses"))
        .filter(respondents__gt=0)
        .order_by("opened_on", "created_at")
    )
    if not rounds:
        return Trend(themes=[])
    themes_by_q = _themes_of(r.questionnaire_id for r in rounds)
    spreads = _theme_spreads(ZelfscanAnswer.objects.filter(response__round__coalition=coalition))
    columns: dict[str, TrendTheme] = {}
    for q in sorted({r.questionnaire for r in rounds}, key=lambda q: -q.version):
        for theme in themes_by_q[q.pk]:
            columns.setdefault(theme.key, TrendTheme(key=theme.key, title=theme.title))
    keys = list(columns)
    rows = []
    for r in rounds:
        means: dict[str, float | None] = {
            t.key: spreads.get((r.pk, t.pk), spread_from()).mean for t in themes_by_q[r.questionnaire_id]
        }
        rows.append(
            TrendRow(
                round=r,
                respondents=r.respondents,
                means=[means.get(k) for k in keys],
            )
        )
    return Trend(themes=list(columns.values()), rows=rows)


# --- export ----------------------------------------------------------------------------------------


def zelfscan_export(coalition: Coalition) -> list[dict[str, Any]]:
    """All rounds of a coalition with the spread per theme, oldest first (for the CLI and the API).

    Counts of respondents and answers only: no persons, no organisations. Three queries in all.
    """
    rounds = list(
        ZelfscanRound.objects.filter(coalition=coalition)
        .select_related("questionnaire")
        .annotate(respondents=Count("responses"))
        .order_by("opened_on", "created_at")
    )
    themes_by_q = _themes_of(r.questionnaire_id for r in rounds)
    spreads = _theme_spreads(ZelfscanAnswer.objects.filter(response__round__coalition=coalition))
    items = []
    for r in rounds:
        themas = []
        for theme in themes_by_q[r.questionnaire_id]:
            spread = spreads.get((r.pk, theme.pk), spread_from())
            themas.append(
                {
                    "sleutel": theme.key,
                    "thema": theme.title,
                    "gemiddelde": _rounded(spread.mean),
                    "minimum": spread.minimum,
                    "maximum": spread.maximum,
                    "verdeling": {str(v): spread.counts[v] for v in SCALE},
                }
            )
        items.append(
            {
                "ronde": r.name,
                "datum": r.opened_on.isoformat(),
                "status": "gesloten" if r.closed else "open",
                "vragenlijst": {"versie": r.questionnaire.version, "titel": r.questionnaire.title},
                "respondenten": r.respondents,
                "themas": themas,
            }
        )
    return items
