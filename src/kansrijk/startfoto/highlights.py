""" "Wat valt op" (issue 10, §2): the few indicators where a municipality differs most from Nederland and
from comparable municipalities, shown first on the startfoto.

The rule, shown on the page in plain words and stable (no randomness, catalogue order breaks ties):
- only indicators with a direction (higher is better or worse) and a value this year;
- the municipality differs from Nederland AND from its peer group, in the same direction, by more than
  the rounding CBS applies (a whole percentage point for whole numbers);
- ordered by the relative difference with Nederland; at most three unfavourable and two favourable.
Never more than the data supports: with nothing that qualifies the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from kansrijk.areas.models import Direction
from kansrijk.startfoto.presentation import compare, format_value, tolerance
from kansrijk.startfoto.types import IndicatorFigure, Startfoto

MAX_UNFAVOURABLE = 3
MAX_FAVOURABLE = 2


@dataclass(frozen=True)
class Highlight:
    key: str
    title: str
    anchor: str
    value: str
    nederland: str
    peers: str
    verdict: str  # "hoger dan Nederland (ongunstiger)"
    favourable: bool
    year: int | None
    score: float  # relative difference with Nederland (for the order)


def _candidate(figure: IndicatorFigure) -> Highlight | None:
    if figure.direction == Direction.NEUTRAL or figure.value is None:
        return None
    nl, peers = figure.comparisons.get("nederland"), figure.comparisons.get("vergelijkbare_gemeenten")
    if nl is None or peers is None or nl.value is None or peers.value is None:
        return None
    margin = tolerance(figure.value)
    diff_nl, diff_peers = figure.value - nl.value, figure.value - peers.value
    if abs(diff_nl) < margin or abs(diff_peers) < margin or (diff_nl > 0) != (diff_peers > 0):
        return None
    higher = diff_nl > 0
    favourable = higher == (figure.direction == Direction.HIGHER_BETTER)
    return Highlight(
        key=figure.key,
        title=figure.title,
        anchor=f"indicator-{figure.key}",
        value=format_value(figure.value, figure.unit),
        nederland=format_value(nl.value, figure.unit),
        peers=format_value(peers.value, figure.unit),
        verdict=compare(figure, nl),
        favourable=favourable,
        year=figure.year,
        score=abs(diff_nl) / max(abs(nl.value), 1e-9),
    )


def highlights(startfoto: Startfoto) -> list[Highlight]:
    """The unfavourable highlights first, then the favourable ones, each by size of the difference."""
    found = [h for h in (_candidate(f) for f in startfoto.figures) if h is not None]
    order = {f.key: i for i, f in enumerate(startfoto.figures)}

    def ranked(favourable: bool, limit: int) -> list[Highlight]:
        chosen = [h for h in found if h.favourable == favourable]
        return sorted(chosen, key=lambda h: (-h.score, order[h.key]))[:limit]

    return ranked(False, MAX_UNFAVOURABLE) + ranked(True, MAX_FAVOURABLE)
