"""Suppression holds for every table the monitor publishes (issue 14, "Done means").

Hypothesis generates random event streams over three small municipalities (two in one GGD region), their
wijken and two coalitions; they are consumed and published like real events. For the published period the
test recomputes every count from the stream itself, checks that every shown count is that count and at
least 10, and runs the adversary's integer programme (`kansrijk.core.disclosure.attack`) with everything
published as known: every cell not shown must keep a feasible range of at least 10.
`KANSRIJK_HYPOTHESIS_EXAMPLES` sets the number of streams (15 here; more in `make bench`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter, defaultdict
from collections.abc import Hashable

from django.db import transaction
from django.db.models import Count, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import coalition_create
from kansrijk.core.disclosure import THRESHOLD, attack
from kansrijk.monitoring.models import AreaKind, Publication, PublishedFigure
from kansrijk.monitoring.periods import period_containing
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import (
    NL_CODE,
    UNKNOWN_WIJK,
    build_universe,
    group_tables,
    groups_for,
    monitor_publish,
    period_counts,
)
from tests.monitoring.support import add, at, entry
from tests.system import TESTS

EXAMPLES = int(os.environ.get("KANSRIJK_HYPOTHESIS_EXAMPLES", "15"))
OCTOBER = dt.date(2026, 10, 1)
LEVELS = ("zelfredzaam", "potentieel_kwetsbaar", "kwetsbaar", "zeer_kwetsbaar")
THEMES = ("financien", "psychisch", "huisvesting")
KINDS = (
    "gezin_aangemeld",
    "gezin_gescreend",
    "niveau_besloten",
    "verwijzing_verstuurd",
    "verwijzing_geaccepteerd",
    "eerste_contact",
    "zwangerschap_afgerond",
    "huisbezoek_aangeboden",
    "huisbezoek_afgerond",
)


def _municipalities() -> list[Area]:
    """Three current municipalities with two or three wijken: two in one GGD region, one in another."""
    small = (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True, ggd_region__isnull=False)
        .annotate(n=Count("children", filter=Q(children__level=AreaLevel.WIJK, children__current=True)))
        .filter(n__gte=2, n__lte=3)
        .order_by("code")
    )
    by_region: dict[int, list[Area]] = defaultdict(list)
    for m in small:
        by_region[m.ggd_region_id].append(m)  # type: ignore[index]
    pair = next(ms for ms in by_region.values() if len(ms) >= 2)[:2]
    other = next(ms[0] for region, ms in by_region.items() if region != pair[0].ggd_region_id)
    return [*pair, other]


def _attrs(kind: str, cat: int, flag: bool, maybe: bool | None, days: int) -> dict[str, object]:
    if kind == "niveau_besloten":
        return {"niveau": LEVELS[cat % len(LEVELS)]}
    if kind in ("verwijzing_verstuurd", "verwijzing_geaccepteerd", "eerste_contact"):
        return {
            "thema": THEMES[cat % len(THEMES)],
            "toestemming": flag,
            "op_tijd": maybe,
            "dagen": days,
            "warm": flag,
        }
    return {"fase": "zwanger", "jgz": flag, "gehouden": flag}


def _series(kind: str, attrs: dict[str, object]) -> list[tuple[str, bool]]:
    """What one event adds to, written out independently of the engine: (series, also per wijk)."""
    if kind == "gezin_aangemeld":
        return [("aangemeld", True)]
    if kind == "gezin_gescreend":
        return [("gescreend", True)]
    if kind == "niveau_besloten":
        vulnerable = (
            [("niveau_kwetsbaar", True)] if attrs["niveau"] in ("kwetsbaar", "zeer_kwetsbaar") else []
        )
        return [(f"niveau:{attrs['niveau']}", False), ("niveau", True), *vulnerable]
    if kind == "verwijzing_verstuurd":
        out = [(f"verstuurd:{attrs['thema']}", False), ("verstuurd", True)]
        return out + ([("verstuurd_toestemming", True)] if attrs["toestemming"] else [])
    if kind == "verwijzing_geaccepteerd":
        if attrs["op_tijd"] is None:
            return []
        return [("geaccepteerd_bekend", True)] + (
            [("geaccepteerd_op_tijd", True)] if attrs["op_tijd"] else []
        )
    if kind == "eerste_contact":
        return [("eerste_contact", True)] + ([("eerste_contact_warm", True)] if attrs["warm"] else [])
    if kind == "zwangerschap_afgerond":
        return [("zwangerschap_afgerond", True)] + (
            [] if attrs["jgz"] else [("zwangerschap_zonder_jgz", True)]
        )
    if kind == "huisbezoek_aangeboden":
        return [("huisbezoek_aangeboden", True)]
    return [("huisbezoek_afgerond", True)] + ([("huisbezoek_gehouden", True)] if attrs["gehouden"] else [])


event = st.tuples(
    st.integers(0, 2),  # municipality (0 and 1 in coalition A, 2 in coalition B)
    st.integers(0, 3),  # wijk index; past the last wijk: unknown
    st.sampled_from(KINDS),
    st.integers(0, 3),  # category
    st.booleans(),
    st.sampled_from([True, False, None]),
    st.integers(0, 40),  # days to first contact
    st.integers(1, 14),  # how many times
)


def _displayed(publication: Publication, synthetic: bool) -> dict[tuple[str, str, str], int]:
    """The cells an adversary reads in the published rows: (series, area kind, code) → value."""
    specs = {(r.indicator, r.category): r for g in groups_for(_all_metrics()) for r in g.rows}
    shown: dict[tuple[str, str, str], int] = {}
    for f in PublishedFigure.objects.filter(publication=publication, is_synthetic=synthetic):
        spec = specs[(f.indicator, f.category)]
        code = str(f.coalition_id) if f.area_kind == AreaKind.COALITION else f.area_code
        if f.suppressed:
            assert (f.teller, f.noemer, f.waarde) == (None, None, None)
        if f.teller is not None and spec.teller:
            shown[(spec.teller, f.area_kind, code)] = f.teller
        if f.noemer is not None and spec.noemer:
            shown[(spec.noemer, f.area_kind, code)] = f.noemer
        if f.indicator.startswith("eerste_contact_") and not f.suppressed:
            assert f.noemer is not None and f.noemer >= THRESHOLD and f.waarde is not None
    return shown


def _all_metrics() -> set[str]:
    return {f"niveau:{x}" for x in LEVELS} | {f"verstuurd:{x}" for x in THEMES}


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(stream=st.lists(event, min_size=1, max_size=40))
def test_every_hidden_cell_keeps_a_range_of_at_least_ten(db: None, monthly: None, stream: list) -> None:  # type: ignore[type-arg]
    with transaction.atomic():
        munis = _municipalities()
        a = coalition_create(name="Coalitie A", slug="prop-a", municipalities=munis[:2], actor=TESTS)
        b = coalition_create(name="Coalitie B", slug="prop-b", municipalities=munis[2:], actor=TESTS)
        owner: dict[int, Coalition] = {0: a, 1: a, 2: b}
        wijken = {
            i: list(
                m.children.filter(level=AreaLevel.WIJK, current=True)
                .order_by("code")
                .values_list("code", flat=True)
            )
            for i, m in enumerate(munis)
        }
        truth: Counter[tuple[str, str, str]] = Counter()
        entries = []
        for i, (mi, wi, kind, cat, flag, maybe, days, times) in enumerate(stream):
            muni = munis[mi]
            wijk = wijken[mi][wi] if wi < len(wijken[mi]) else None
            attrs = _attrs(kind, cat, flag, maybe, days)
            for _ in range(times):
                entries.append(
                    entry(owner[mi], kind, when=at(OCTOBER + dt.timedelta(days=i % 31)), municipality=muni.code,
                          wijk=wijk, **attrs)
                )  # fmt: skip
                for series, per_wijk in _series(kind, attrs):
                    areas = [
                        (AreaKind.MUNICIPALITY, muni.code),
                        (AreaKind.COALITION, str(owner[mi].pk)),
                        (AreaKind.GGD, muni.ggd_region.code),  # type: ignore[union-attr]
                        (AreaKind.NATIONAL, NL_CODE),
                    ]
                    if per_wijk:
                        areas.append((AreaKind.WIJK, wijk or muni.code + UNKNOWN_WIJK))
                    for area in areas:
                        truth[(series, *area)] += 1
        add(entries)
        monitor_consume_all()
        [publication] = monitor_publish(now=at(dt.date(2026, 11, 2)))
        period = period_containing(OCTOBER, "maand")
        pc = period_counts(period)[False]
        universe = build_universe(pc.counts)
        shown = _displayed(publication, synthetic=False)
        cells_seen: set[Hashable] = set()
        for group in groups_for(pc.metrics()):
            gt = group_tables(group, pc, universe)
            if not any(gt.tables.cells.values()):
                continue
            cells = gt.tables.cells
            cells_seen |= set(cells)
            for cell, value in cells.items():
                assert value == truth.get(cell, 0), cell  # type: ignore[call-overload]
            hidden = [c for c in cells if c not in shown]
            for cell in cells:
                if cell in shown:
                    assert shown[cell] == cells[cell] and cells[cell] >= THRESHOLD, cell  # type: ignore[index]
            for cell, (lo, hi) in attack(gt.tables, hidden).items():
                assert hi - lo >= THRESHOLD, (group.name, cell, cells[cell], lo, hi)
        # Every shown count belongs to a table that was checked.
        assert set(shown) <= cells_seen
        transaction.set_rollback(True)
