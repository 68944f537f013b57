"""The zelfscan block on the coalition home page: the latest round's theme means and the trend."""

from __future__ import annotations

from dataclasses import dataclass

from kansrijk.coalitions.models import SCALE_MAX, SCALE_MIN, Coalition, ZelfscanResponse, ZelfscanRound
from kansrijk.coalitions.selectors.access import AnyUser
from kansrijk.coalitions.selectors.zelfscan import (
    Trend,
    TrendRow,
    user_may_answer,
    zelfscan_open_round,
    zelfscan_trend,
)


@dataclass(frozen=True)
class HomeThemeRow:
    title: str
    latest: float | None
    previous: float | None

    @property
    def change(self) -> float | None:
        if self.latest is None or self.previous is None:
            return None
        return self.latest - self.previous

    @property
    def bar_width(self) -> str:
        """Width of the little bar on the home page: 1 is empty, 5 is full (63 px). A string with a
        decimal point, so the Dutch number format never reaches the SVG attribute."""
        if self.latest is None:
            return "0"
        return f"{(self.latest - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 63:.1f}"


@dataclass(frozen=True)
class HomeSummary:
    trend: Trend
    latest: TrendRow | None
    previous: TrendRow | None
    rows: list[HomeThemeRow]
    open_round: ZelfscanRound | None
    user_answered_open_round: bool
    user_may_answer: bool


def zelfscan_home_summary(*, coalition: Coalition, user: AnyUser) -> HomeSummary:
    trend = zelfscan_trend(coalition)
    latest = trend.rows[-1] if trend.rows else None
    previous = trend.rows[-2] if len(trend.rows) > 1 else None
    rows = []
    if latest is not None:
        for i, theme in enumerate(trend.themes):
            if latest.means[i] is None:
                continue  # not in the latest questionnaire version
            rows.append(
                HomeThemeRow(
                    title=theme.title,
                    latest=latest.means[i],
                    previous=previous.means[i] if previous else None,
                )
            )
    open_round = zelfscan_open_round(coalition)
    answered = bool(
        open_round
        and user.is_authenticated
        and ZelfscanResponse.objects.filter(round=open_round, user=user).exists()
    )
    return HomeSummary(
        trend=trend,
        latest=latest,
        previous=previous,
        rows=rows,
        open_round=open_round,
        user_answered_open_round=answered,
        user_may_answer=user_may_answer(user, coalition),
    )
