"""The zelfscan comparison with other coalitions: computed only into periodic snapshots, shown only as
bands (see docs/security.md, "Zelfscan-vergelijking").

The old comparison showed the live, exact mean of the other coalitions' theme means. That could be read
back (issue "Ready for personal data", item 10): five fake coalitions answering all 1s make the mean
m = (victim + 5·1)/6 of six, so victim = 6m − 5; and comparing the mean just before and just after one
coalition submits gives that coalition's scores by subtraction. Now:

- only confirmed, non-demo coalitions count (a fake coalition is not confirmed, so it does not count);
- the page never reads live data of other coalitions: it reads the latest snapshot
  (`ZelfscanComparisonSnapshot`), taken at most once a month by `kansrijk zelfscan-peiling`, so
  "before and after one submission" look the same until the next snapshot, a month later;
- a snapshot holds per theme only the band of the middle half of the coalitions (first to third
  quartile of their theme means), rounded outwards to half points, and only when at least
  `COMPARISON_MIN_COALITIONS` coalitions count. A quartile barely moves when one coalition changes, and
  rounding to 0.5 hides what movement is left, so no single coalition's score can be derived from it;
- the page compares the coalition's own (live, its own) mean with that band: below, within or above.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kansrijk.coalitions.models import (
    Coalition,
    CoalitionStatus,
    Questionnaire,
    ZelfscanAnswer,
    ZelfscanComparisonSnapshot,
    ZelfscanRound,
)
from kansrijk.coalitions.selectors.confirmation import comparable_coalitions
from kansrijk.coalitions.selectors.zelfscan import (
    RoundResults,
    _theme_spreads,
    _themes_of,
    spread_from,
    zelfscan_results,
)

# A band is computed only over at least this many coalitions (the viewer's own included): the middle
# half of ten or more coalitions, rounded to half points, says nothing about any one of them.
COMPARISON_MIN_COALITIONS = 10
BAND_STEP = 0.5

# Why a comparison is not shown (the template words each one).
REASON_NO_SNAPSHOT = "geen-peiling"
REASON_TOO_FEW = "te-weinig"
REASON_DEMO = "demo"
REASON_NOT_CONFIRMED = "niet-bevestigd"

POSITION_BELOW = "lager"
POSITION_WITHIN = "binnen"
POSITION_ABOVE = "hoger"


# --- computing bands (for the snapshot service) ----------------------------------------------------------


def _latest_rounds(questionnaire: Questionnaire, coalitions: QuerySet[Coalition]) -> list[int]:
    """Per coalition the id of its latest round with answers on this questionnaire version."""
    answered = ZelfscanAnswer.objects.filter(
        response__round__questionnaire=questionnaire, response__round__coalition__in=coalitions
    ).values("response__round_id")
    latest: dict[int, tuple[Any, ...]] = {}
    for coalition_id, round_id, opened_on, created_at in (
        ZelfscanRound.objects.filter(pk__in=answered)
        .values_list("coalition_id", "pk", "opened_on", "created_at")
        .order_by()
    ):
        candidate = (opened_on, created_at, round_id)
        if coalition_id not in latest or candidate > latest[coalition_id]:
            latest[coalition_id] = candidate
    return [c[2] for c in latest.values()]


def _band(values: list[float]) -> dict[str, float]:
    """The first to third quartile, rounded outwards to BAND_STEP (so the band always holds the true
    middle half). round(…, 9) first: 2.5 computed as 2.4999999 must not become 2.0."""
    q1, _median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    low = math.floor(round(q1 / BAND_STEP, 9)) * BAND_STEP
    high = math.ceil(round(q3 / BAND_STEP, 9)) * BAND_STEP
    return {"laag": low, "hoog": high}


def comparison_bands_compute(questionnaire: Questionnaire) -> tuple[int, dict[str, dict[str, float]]]:
    """(number of coalitions that count, bands per theme key) from today's data, for a snapshot.

    Each coalition weighs the same, however many people answered: per coalition its latest round on this
    version, its mean per theme, and the band over those means. No bands below the minimum."""
    round_ids = _latest_rounds(questionnaire, comparable_coalitions())
    if len(round_ids) < COMPARISON_MIN_COALITIONS:
        return len(round_ids), {}
    spreads = _theme_spreads(ZelfscanAnswer.objects.filter(response__round_id__in=round_ids))
    bands: dict[str, dict[str, float]] = {}
    for theme in _themes_of([questionnaire.pk])[questionnaire.pk]:
        means = [
            m for rid in round_ids if (m := spreads.get((rid, theme.pk), spread_from()).mean) is not None
        ]
        if len(means) >= COMPARISON_MIN_COALITIONS:
            bands[theme.key] = _band(means)
    return len(round_ids), bands


# --- reading (for the results page) -----------------------------------------------------------------------


def snapshot_latest(
    questionnaire: Questionnaire, *, on: dt.date | None = None
) -> ZelfscanComparisonSnapshot | None:
    snapshots = ZelfscanComparisonSnapshot.objects.filter(questionnaire=questionnaire)
    if on is not None:
        snapshots = snapshots.filter(taken_on__lte=on)
    return snapshots.order_by("-taken_on").first()


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    title: str
    own: float | None  # this round's own mean (the coalition's own data)
    low: float | None  # the band of the middle half of the coalitions, from the snapshot
    high: float | None
    position: str  # POSITION_* or "" when either side is missing


@dataclass(frozen=True)
class Comparison:
    shown: bool
    reason: str  # REASON_* when not shown, else ""
    taken_on: dt.date | None  # the snapshot's date
    coalition_count: int  # how many coalitions the snapshot spans (never which)
    minimum: int
    rows: list[ComparisonRow]


def _position(own: float | None, band: dict[str, float] | None) -> str:
    if own is None or band is None:
        return ""
    if own < band["laag"]:
        return POSITION_BELOW
    if own > band["hoog"]:
        return POSITION_ABOVE
    return POSITION_WITHIN


def zelfscan_comparison(round: ZelfscanRound, own: RoundResults | None = None) -> Comparison:
    """This round's theme means against the bands of the latest snapshot for the same questionnaire.

    Never reads another coalition's answers: only the snapshot. A demo or not (yet) confirmed coalition
    sees no comparison (it does not count in one either)."""
    coalition = round.coalition
    snapshot = snapshot_latest(round.questionnaire, on=timezone.localdate())
    taken_on = snapshot.taken_on if snapshot else None
    count = snapshot.coalition_count if snapshot else 0

    def absent(reason: str) -> Comparison:
        return Comparison(False, reason, taken_on, count, COMPARISON_MIN_COALITIONS, [])

    if coalition.is_demo:
        return absent(REASON_DEMO)
    if coalition.status != CoalitionStatus.CONFIRMED:
        return absent(REASON_NOT_CONFIRMED)
    if snapshot is None:
        return absent(REASON_NO_SNAPSHOT)
    if count < COMPARISON_MIN_COALITIONS or not snapshot.bands:
        return absent(REASON_TOO_FEW)
    own = own or zelfscan_results(round)
    own_means = {t.key: t.spread.mean for t in own.themes}
    rows = []
    for theme in _themes_of([round.questionnaire_id])[round.questionnaire_id]:
        band = snapshot.bands.get(theme.key)
        mean = own_means.get(theme.key)
        rows.append(
            ComparisonRow(
                key=theme.key,
                title=theme.title,
                own=mean,
                low=band["laag"] if band else None,
                high=band["hoog"] if band else None,
                position=_position(mean, band),
            )
        )
    return Comparison(True, "", taken_on, count, COMPARISON_MIN_COALITIONS, rows)
