"""An explorable monitor for the demo coalition: six closed months of synthetic events (labelled as such
on every page), consumed and published exactly as real events are.

The volumes are made up to look like a mid-sized coalition; they are not an estimate of anything. A fixed
random seed keeps the demo the same on every machine. Idempotent: nothing is added when the coalition
already has monitor counts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from django.utils import timezone

from kansrijk.areas.selectors import wijken_of
from kansrijk.care.aggregation import SyntheticEvent, outbox_add_synthetic
from kansrijk.coalitions.models import Coalition
from kansrijk.monitoring.models import Tally
from kansrijk.monitoring.services.consume import monitor_consume
from kansrijk.monitoring.services.publish import monitor_publish

MONTHS = 6
LEVELS = (("zelfredzaam", 55), ("potentieel_kwetsbaar", 25), ("kwetsbaar", 14), ("zeer_kwetsbaar", 6))
THEMES = (("financien", 30), ("psychisch", 25), ("huisvesting", 15), ("sociaal_netwerk", 15), ("roken", 15))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _month_starts(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    starts = []
    for _ in range(months):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        starts.append(first)
    return sorted(starts)


def synthetic_events(coalition: Coalition, today: dt.date, months: int = MONTHS) -> Iterator[SyntheticEvent]:
    """Made-up events of the closed `months` before `today` for every municipality of the coalition (about
    75 registrations per municipality and month: the national volume when every municipality has one);
    the demo and the monitor benchmark use them."""
    rng = random.Random(f"kansrijk-demo-monitor-{coalition.slug}")  # noqa: S311 - fictional data, not secrets
    tz = timezone.get_current_timezone()
    for municipality in coalition.municipalities.order_by("code"):
        wijken: list[int | None] = list(wijken_of(municipality).values_list("pk", flat=True)) or [None]
        for start in _month_starts(today, months):
            days = ((start + dt.timedelta(days=32)).replace(day=1) - start).days
            growth = 1 + 0.06 * (start.month % 6)

            def at(_start: dt.date = start, _days: int = days) -> dt.datetime:
                day = _start + dt.timedelta(days=rng.randrange(_days))
                return dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), tzinfo=tz)

            def event(
                kind: str,
                _municipality_id: int = municipality.pk,
                _wijken: list[int | None] = wijken,
                **attrs: object,
            ) -> SyntheticEvent:
                return SyntheticEvent(
                    kind=kind,
                    occurred_at=at(),
                    coalition_id=coalition.pk,
                    municipality_id=_municipality_id,
                    wijk_id=rng.choice(_wijken),
                    attrs=attrs,
                )

            for _ in range(int(rng.randint(60, 90) * growth)):
                yield event("gezin_aangemeld", fase=rng.choice(["zwanger", "zwanger", "kinderwens"]))
                if rng.random() < 0.8:
                    yield event("gezin_gescreend")
                    yield event("niveau_besloten", niveau=_pick(rng, LEVELS))
            for _ in range(rng.randint(30, 45)):
                theme = _pick(rng, THEMES)
                yield event("verwijzing_verstuurd", thema=theme, toestemming=rng.random() < 0.9)
                if rng.random() < 0.85:
                    yield event("verwijzing_geaccepteerd", thema=theme, op_tijd=rng.random() < 0.75)
                    days_to_contact = max(0, int(rng.gammavariate(2.0, 4.0)))
                    yield event(
                        "eerste_contact", thema=theme, dagen=days_to_contact, warm=rng.random() < 0.45
                    )
            for _ in range(rng.randint(30, 50)):
                yield event("zwangerschap_afgerond", jgz=rng.random() < 0.9)
            for _ in range(rng.randint(25, 40)):
                yield event("huisbezoek_aangeboden")
                if rng.random() < 0.9:
                    yield event("huisbezoek_afgerond", gehouden=rng.random() < 0.7)


def demo_monitor(*, coalition: Coalition, today: dt.date | None = None) -> int:
    """Add, consume and publish the demo coalition's synthetic months; returns the events added."""
    if not coalition.is_demo or Tally.objects.filter(coalition=coalition).exists():
        return 0
    added = outbox_add_synthetic(synthetic_events(coalition, today or timezone.localdate()))
    while monitor_consume(limit=5000):
        pass
    monitor_publish()
    return added
