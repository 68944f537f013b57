"""Time from signal to first contact per klantroute (issue 12), for the monitor (issue 14).

Pure counts and durations over a coalition's referrals: no family, no referral, no team is named. A
median and p90 are given only over at least `MIN_REFERRALS` referrals with a first contact; below that
the figure is "te weinig" (a figure over a handful of referrals can point to a family). The monitor
applies its own suppression on top.

- `days` = first_contact_on − signalled_on (the signal: the screening that found the need).
- median and p90: linear interpolation between the closest ranks (`statistics.quantiles`, method
  "inclusive"; the same as numpy's default percentile).
- on time: the share of referrals with a first contact and a due date (sent date + the route's expected
  days) whose first contact came on or before that date; accepted in time: the share of sent referrals
  whose answer is known (accepted, or due date passed) that were accepted on or before the due date.
  Each share needs `MIN_REFERRALS` in its own denominator too.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.models import Referral
from kansrijk.coalitions.models import Coalition

MIN_REFERRALS = 10
TOO_FEW = _("te weinig")
NO_ROUTE = _("zonder klantroute")


@dataclass
class RouteTiming:
    need: str
    route_title: str  # "" for referrals made without a route step
    referrals: int = 0  # sent (concepts are not counted)
    with_first_contact: int = 0
    median_days: float | None = None  # None: fewer than MIN_REFERRALS with a first contact
    p90_days: float | None = None
    on_time_share: float | None = None  # first contact on or before the due date
    on_time_base: int = 0
    accepted_in_time_share: float | None = None  # accepted on or before the due date
    accepted_in_time_base: int = 0

    @property
    def enough(self) -> bool:
        return self.median_days is not None

    @property
    def route_label(self) -> str:
        return self.route_title or str(NO_ROUTE)

    def text(self, value: float | None) -> str:
        """A figure for a page or an export: the number, or "te weinig"."""
        return str(TOO_FEW) if value is None else f"{value:g}"


def percentile(values: list[int], q: int) -> float:
    """The q-th percentile (1..99) by linear interpolation between the closest ranks."""
    if len(values) == 1:
        return float(values[0])
    return float(statistics.quantiles(sorted(values), n=100, method="inclusive")[q - 1])


def _share(hits: int, base: int) -> float | None:
    return round(hits / base, 4) if base >= MIN_REFERRALS else None


def first_contact_times(coalition: Coalition, *, today: date | None = None) -> list[RouteTiming]:
    """Per route (theme and route title) of the coalition: how many referrals were sent, and the median
    and p90 days from signal to first contact (only over ≥ MIN_REFERRALS), plus the shares on time.
    Sorted by theme and route title. One query."""
    today = today or timezone.localdate()
    rows = (
        Referral.objects.filter(coalition=coalition, sent_at__isnull=False)
        .values_list("need", "route_title", "signalled_on", "first_contact_on", "due_on", "accepted_at")
        .order_by()
    )
    timings: dict[tuple[str, str], RouteTiming] = {}
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for need, route_title, signalled_on, first_contact_on, due_on, accepted_at in rows.iterator(
        chunk_size=5000
    ):
        key = (need, route_title)
        timing = timings.get(key)
        if timing is None:
            timing = timings[key] = RouteTiming(need=need, route_title=route_title)
        timing.referrals += 1
        if first_contact_on is not None:
            timing.with_first_contact += 1
            days[key].append(max((first_contact_on - signalled_on).days, 0))
            if due_on is not None:
                timing.on_time_base += 1
                hits[key][0] += first_contact_on <= due_on
        if due_on is not None:
            accepted_on = timezone.localtime(accepted_at).date() if accepted_at is not None else None
            if accepted_on is not None or due_on < today:
                timing.accepted_in_time_base += 1
                hits[key][1] += accepted_on is not None and accepted_on <= due_on
    for key, timing in timings.items():
        if len(days[key]) >= MIN_REFERRALS:
            timing.median_days = float(statistics.median(days[key]))
            timing.p90_days = percentile(days[key], 90)
        timing.on_time_share = _share(hits[key][0], timing.on_time_base)
        timing.accepted_in_time_share = _share(hits[key][1], timing.accepted_in_time_base)
    return [timings[key] for key in sorted(timings)]
