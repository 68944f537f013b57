"""Publish closed periods: the tallies of one period become linked tables per indicator group, protected
together through `kansrijk.core.disclosure`, stored as PublishedFigure rows, and never recomputed.

Per group of indicators that share counts (e.g. referrals per theme and referrals with consent share "all
referrals sent") the cells are the counts ("series") of every area: wijk (every current wijk of the
municipality, the unknown wijk included), gemeente, coalitie, GGD region and Nederland. What an adversary
knows is in the Tables: a gemeente is the sum of its wijken, a coalition of its municipalities, a GGD
region and Nederland of theirs, a category total of its categories, a teller never exceeds its noemer,
and a percentage goes out together with its teller and noemer. A period is published only once it is
closed and the outbox holds nothing older than its end; a period without any event publishes nothing.
Real and synthetic events are published as separate tables (never summed together).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Sum
from django.utils import timezone

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.care.aggregation import outbox_oldest_pending
from kansrijk.coalitions.models import Coalition
from kansrijk.core.disclosure import THRESHOLD, Tables, Total, protect
from kansrijk.interventions.models import Need
from kansrijk.monitoring import metrics as m
from kansrijk.monitoring.models import AreaKind, Publication, PublishedFigure, Tally
from kansrijk.monitoring.periods import Period, configured_kind, is_closed, periods_between
from kansrijk.routes.models import VulnerabilityLevel

NL_CODE = "NL00"
UNKNOWN_WIJK = "-onbekend"  # area_code suffix for the events of a municipality without a known wijk
MIN_N_QUANTILE = 10

# Row kinds: how a row shows its cells.
COUNT = "aantal"  # teller; waarde = teller
TOTAL = "totaal"  # a category total: teller = noemer = the total, waarde 100
SHARE = "aandeel"  # teller / noemer in %
MEDIAN = "mediaan"  # days, over the noemer's histogram
P90 = "p90"

LEVELS = tuple(VulnerabilityLevel.values)
THEMES = tuple(Need.values)


@dataclass(frozen=True)
class RowSpec:
    indicator: str
    category: str
    teller: str | None  # series names
    noemer: str | None
    kind: str


@dataclass
class Group:
    """Indicators that share counts, protected as one set of linked tables."""

    name: str
    series: list[str]
    sums: list[tuple[str, tuple[str, ...]]] = field(
        default_factory=list
    )  # total series = Σ members, per area
    at_most: list[tuple[str, str]] = field(default_factory=list)
    together: list[tuple[str, str]] = field(default_factory=list)
    rows: list[RowSpec] = field(default_factory=list)
    histogram: str | None = None  # the series whose per-area histogram gives median and p90


def _categories(prefix: str, known: tuple[str, ...], seen: Iterable[str]) -> list[str]:
    present = {s.split(":", 1)[1] for s in seen if s.startswith(prefix + ":")}
    return [c for c in known if c in present] + sorted(present - set(known))


def groups_for(metrics_seen: Iterable[str]) -> list[Group]:
    """The indicator groups of Contract 2. A level or theme that occurs nowhere in the period has no rows
    (it is zero everywhere, which says nothing about anyone), and neither has a group without any event;
    that keeps the tables, and the integer programmes, small."""
    seen = set(metrics_seen)
    levels = [f"{m.LEVEL}:{c}" for c in _categories(m.LEVEL, LEVELS, seen)]
    themes = [f"{m.SENT}:{c}" for c in _categories(m.SENT, THEMES, seen)]
    # Kwetsbaar + zeer kwetsbaar, also per wijk (the atlas learns from it): the sum of the levels present
    # (an absent level is zero everywhere); no series at all when neither occurs.
    vulnerable = tuple(s for s in levels if s.split(":", 1)[1] in m.VULNERABLE_LEVELS)
    on_time_known = "geaccepteerd_bekend"
    return [
        Group(
            "aangemeld",
            [m.REGISTERED],
            rows=[RowSpec("gezinnen_aangemeld", "", m.REGISTERED, None, COUNT)],
        ),
        Group(
            "gescreend",
            [m.SCREENED],
            rows=[RowSpec("gezinnen_gescreend", "", m.SCREENED, None, COUNT)],
        ),
        Group(
            "niveau",
            [*levels, m.LEVEL, *([m.VULNERABLE] if vulnerable else [])],
            sums=[(m.LEVEL, tuple(levels)), *([(m.VULNERABLE, vulnerable)] if vulnerable else [])],
            at_most=[(m.VULNERABLE, m.LEVEL)] if vulnerable else [],
            rows=[
                RowSpec("niveau", "", m.LEVEL, m.LEVEL, TOTAL),
                *(RowSpec("niveau", s.split(":", 1)[1], s, m.LEVEL, SHARE) for s in levels),
                *([RowSpec(m.VULNERABLE, "", m.VULNERABLE, m.LEVEL, SHARE)] if vulnerable else []),
            ],
        ),
        Group(
            "verwijzing",
            [*themes, m.SENT, m.SENT_CONSENT],
            sums=[(m.SENT, tuple(themes))],
            at_most=[(m.SENT_CONSENT, m.SENT)],
            rows=[
                RowSpec("verwijzingen_thema", "", m.SENT, m.SENT, TOTAL),
                *(RowSpec("verwijzingen_thema", s.split(":", 1)[1], s, m.SENT, SHARE) for s in themes),
                RowSpec("verwijzing_met_toestemming", "", m.SENT_CONSENT, m.SENT, SHARE),
            ],
        ),
        Group(
            "op_tijd",
            [m.ACCEPTED_ON_TIME, on_time_known],
            sums=[(on_time_known, (m.ACCEPTED_ON_TIME, m.ACCEPTED_LATE))],
            at_most=[(m.ACCEPTED_ON_TIME, on_time_known)],
            together=[(m.ACCEPTED_ON_TIME, on_time_known)],
            rows=[RowSpec("op_tijd_geaccepteerd", "", m.ACCEPTED_ON_TIME, on_time_known, SHARE)],
        ),
        Group(
            "eerste_contact",
            [m.FIRST_CONTACT_WARM, m.FIRST_CONTACT],
            at_most=[(m.FIRST_CONTACT_WARM, m.FIRST_CONTACT)],
            rows=[
                RowSpec("warme_overdracht", "", m.FIRST_CONTACT_WARM, m.FIRST_CONTACT, SHARE),
                RowSpec("eerste_contact_mediaan", "", None, m.FIRST_CONTACT, MEDIAN),
                RowSpec("eerste_contact_p90", "", None, m.FIRST_CONTACT, P90),
            ],
            histogram=m.FIRST_CONTACT,
        ),
        Group(
            "zwangerschap",
            [m.PREGNANCY_NO_JGZ, m.PREGNANCY_ENDED],
            at_most=[(m.PREGNANCY_NO_JGZ, m.PREGNANCY_ENDED)],
            together=[(m.PREGNANCY_NO_JGZ, m.PREGNANCY_ENDED)],
            rows=[RowSpec("uitval_zwangerschap_jgz", "", m.PREGNANCY_NO_JGZ, m.PREGNANCY_ENDED, SHARE)],
        ),
        Group(
            "huisbezoek_aangeboden",
            [m.VISIT_OFFERED],
            rows=[RowSpec("huisbezoek_aangeboden", "", m.VISIT_OFFERED, None, COUNT)],
        ),
        Group(
            "huisbezoek_afgerond",
            [m.VISIT_HELD, m.VISIT_RESOLVED],
            at_most=[(m.VISIT_HELD, m.VISIT_RESOLVED)],
            together=[(m.VISIT_HELD, m.VISIT_RESOLVED)],
            rows=[RowSpec("huisbezoek_gehouden", "", m.VISIT_HELD, m.VISIT_RESOLVED, SHARE)],
        ),
    ]


# --- the period's counts ----------------------------------------------------------------------------------

Unit = tuple[int, str, str]  # (coalition id, municipality code, wijk code or "")
AreaKey = tuple[str, str]  # (area kind, code); a coalition's code is its pk here, its public_id when stored
Cell = tuple[str, str, str]  # (series, area kind, code)


@dataclass
class PeriodCounts:
    """The tallies of one period for one synthetic flag: metric counts and the histogram per unit."""

    counts: dict[Unit, Counter[str]]
    histogram: dict[Unit, Counter[int]]

    def metrics(self) -> set[str]:
        return {k for c in self.counts.values() for k in c}


def period_counts(period: Period) -> dict[bool, PeriodCounts]:
    rows = (
        Tally.objects.filter(day__gte=period.start, day__lt=period.end)
        .values("is_synthetic", "coalition_id", "municipality", "wijk", "metric", "bucket")
        .annotate(total=Sum("value"))
    )
    out: dict[bool, PeriodCounts] = {}
    for r in rows:
        if not r["total"]:
            continue
        pc = out.setdefault(r["is_synthetic"], PeriodCounts(defaultdict(Counter), defaultdict(Counter)))
        unit = (r["coalition_id"], r["municipality"], r["wijk"])
        pc.counts[unit][r["metric"]] += r["total"]
        if r["metric"] == m.FIRST_CONTACT:
            pc.histogram[unit][r["bucket"]] += r["total"]
    return out


@dataclass
class Universe:
    """Which areas the tables hold: every municipality of every coalition with events in the period, every
    current wijk of those (and the unknown wijk), their GGD regions and Nederland. The structure comes from
    the area and coalition data, not from the counts, so an absent row never says "zero"."""

    coalitions: dict[int, tuple[str, str]]  # pk → (public_id, name)
    members: dict[int, list[str]]  # coalition pk → municipality codes
    owners: dict[str, list[int]]  # municipality code → coalition pks
    wijken: dict[str, list[str]]  # municipality code → wijk codes ("" for unknown)
    ggd: dict[str, str]  # municipality code → GGD region code
    names: dict[AreaKey, str]


def build_universe(units: Iterable[Unit]) -> Universe:
    units = list(units)
    coalition_ids = sorted({u[0] for u in units})
    coalitions = {
        pk: (str(public_id), name)
        for pk, public_id, name in Coalition.objects.filter(pk__in=coalition_ids).values_list(
            "pk", "public_id", "name"
        )
    }
    members: dict[int, set[str]] = defaultdict(set)
    for pk, code in Coalition.municipalities.through.objects.filter(
        coalition_id__in=coalition_ids
    ).values_list("coalition_id", "area__code"):
        members[pk].add(code)
    for c, muni, _w in units:
        members[c].add(muni)
    codes = sorted({code for s in members.values() for code in s})
    names: dict[AreaKey, str] = {(AreaKind.COALITION, str(pk)): name for pk, (_p, name) in coalitions.items()}
    ggd: dict[str, str] = {}
    for code, name, ggd_code, ggd_name in Area.objects.filter(
        level=AreaLevel.MUNICIPALITY, code__in=codes
    ).values_list("code", "name", "ggd_region__code", "ggd_region__name"):
        names[(AreaKind.MUNICIPALITY, code)] = name
        if ggd_code:
            ggd[code] = ggd_code
            names[(AreaKind.GGD, ggd_code)] = ggd_name
    wijken: dict[str, set[str]] = {code: {""} for code in codes}
    for code, name, parent in Area.objects.filter(
        level=AreaLevel.WIJK, current=True, parent__code__in=codes
    ).values_list("code", "name", "parent__code"):
        wijken[parent].add(code)
        names[(AreaKind.WIJK, code)] = name
    for _c, muni, wijk in units:
        wijken[muni].add(wijk)
    for muni in codes:
        names[(AreaKind.WIJK, muni + UNKNOWN_WIJK)] = "Wijk onbekend"
    names[(AreaKind.NATIONAL, NL_CODE)] = "Nederland"
    owners: dict[str, list[int]] = defaultdict(list)
    for pk in sorted(members):
        for code in members[pk]:
            owners[code].append(pk)
    return Universe(
        coalitions=coalitions,
        members={pk: sorted(s) for pk, s in members.items()},
        owners=dict(owners),
        wijken={k: sorted(v) for k, v in wijken.items()},
        ggd=ggd,
        names=names,
    )


def is_category(series: str) -> bool:
    return ":" in series


def wijk_code(municipality: str, wijk: str) -> str:
    return wijk or municipality + UNKNOWN_WIJK


def _unit_value(counts: Counter[str], series: str, group: Group) -> int:
    for total, parts in group.sums:
        if series == total:
            return sum(counts.get(p, 0) for p in parts)
    return counts.get(series, 0)


@dataclass
class GroupTables:
    group: Group
    tables: Tables
    histograms: dict[AreaKey, Counter[int]]


def group_tables(group: Group, pc: PeriodCounts, universe: Universe) -> GroupTables:
    """The linked tables of one group in one period: every cell and every relation an adversary knows."""
    cells: dict[Cell, int] = {}
    totals: list[Total] = []
    hist: dict[AreaKey, Counter[int]] = defaultdict(Counter)

    # Base values per wijk and per (coalition, municipality) part.
    wijk_values: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    part_values: dict[tuple[int, str], Counter[str]] = defaultdict(Counter)
    for (c, muni, wijk), counts in pc.counts.items():
        values = Counter({s: _unit_value(counts, s, group) for s in group.series})
        wijk_values[(muni, wijk)].update(values)
        part_values[(c, muni)].update(values)
        if group.histogram is not None:
            h = pc.histogram.get((c, muni, wijk), Counter())
            for key in (
                (AreaKind.WIJK, wijk_code(muni, wijk)),
                (AreaKind.MUNICIPALITY, muni),
                (AreaKind.COALITION, str(c)),
                (AreaKind.NATIONAL, NL_CODE),
                *([(AreaKind.GGD, universe.ggd[muni])] if muni in universe.ggd else []),
            ):
                hist[key].update(h)

    def add(series: str, area: AreaKey, value: int) -> None:
        cells[(series, *area)] = value

    for series in group.series:
        # Categories (a level, a theme) go down to the municipality; the wijk tables hold the totals and
        # the other counts ("where counts allow": a category per wijk would be almost all suppressed).
        per_wijk = not is_category(series)
        for muni, wijken in universe.wijken.items():
            members: list[Cell] = []
            value = 0
            for wijk in wijken:
                v = wijk_values.get((muni, wijk), Counter())[series]
                value += v
                if per_wijk:
                    wijk_area: AreaKey = (AreaKind.WIJK, wijk_code(muni, wijk))
                    add(series, wijk_area, v)
                    members.append((series, *wijk_area))
            add(series, (AreaKind.MUNICIPALITY, muni), value)
            if members:
                totals.append(Total((series, AreaKind.MUNICIPALITY, muni), tuple(members)))
        # A municipality shared by several coalitions: its parts are cells nobody sees (never stored).
        for muni, owners in universe.owners.items():
            if len(owners) > 1:
                parts: list[Cell] = []
                for c in owners:
                    cell = (series, "deel", f"{c}:{muni}")
                    cells[cell] = part_values.get((c, muni), Counter())[series]
                    parts.append(cell)
                totals.append(Total((series, AreaKind.MUNICIPALITY, muni), tuple(parts)))
        for c, munis in universe.members.items():
            in_coalition: list[Cell] = [
                (series, AreaKind.MUNICIPALITY, muni)
                if len(universe.owners[muni]) == 1
                else (series, "deel", f"{c}:{muni}")
                for muni in munis
            ]
            add(series, (AreaKind.COALITION, str(c)), sum(cells[x] for x in in_coalition))
            totals.append(Total((series, AreaKind.COALITION, str(c)), tuple(in_coalition)))
        by_ggd: dict[str, list[str]] = defaultdict(list)
        for muni in universe.wijken:
            if muni in universe.ggd:
                by_ggd[universe.ggd[muni]].append(muni)
        for code, munis in sorted(by_ggd.items()):
            in_region: list[Cell] = [(series, AreaKind.MUNICIPALITY, x) for x in munis]
            add(series, (AreaKind.GGD, code), sum(cells[x] for x in in_region))
            totals.append(Total((series, AreaKind.GGD, code), tuple(in_region)))
        in_country: list[Cell] = [(series, AreaKind.MUNICIPALITY, x) for x in universe.wijken]
        add(series, (AreaKind.NATIONAL, NL_CODE), sum(cells[x] for x in in_country))
        totals.append(Total((series, AreaKind.NATIONAL, NL_CODE), tuple(in_country)))

    areas = _areas_of(cells)
    at_most: list[tuple[Hashable, Hashable]] = []
    together: list[frozenset[Hashable]] = []
    for area in areas:
        for total, addends in group.sums:
            summed: tuple[Cell, ...] = tuple((p, *area) for p in addends)
            if (total, *area) in cells and all(c in cells for c in summed):
                totals.append(Total((total, *area), summed))
        for a, b in group.at_most:
            if (a, *area) in cells and (b, *area) in cells:
                at_most.append(((a, *area), (b, *area)))
        for a, b in group.together:
            if (a, *area) in cells and (b, *area) in cells:
                together.append(frozenset({(a, *area), (b, *area)}))
    tables = Tables(
        cells=cast(dict[Hashable, int], cells),
        totals=tuple(totals),
        at_most=tuple(at_most),
        together=tuple(together),
    )
    return GroupTables(group=group, tables=tables, histograms=dict(hist))


def _areas_of(cells: Mapping[Cell, int]) -> list[AreaKey]:
    """Every published area of the tables (the unseen parts of a shared municipality left out)."""
    return sorted({(str(kind), code) for (_s, kind, code) in cells if kind != "deel"})


def quantile(histogram: Mapping[int, int], q: float) -> float | None:
    """Nearest-rank quantile of a days histogram: the smallest d with at least ⌈q·n⌉ values ≤ d."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, math.ceil(q * n))
    seen = 0
    for days in sorted(histogram):
        seen += histogram[days]
        if seen >= rank:
            return float(days)
    return float(max(histogram))


@dataclass(frozen=True)
class FigureRow:
    indicator: str
    category: str
    area: AreaKey
    teller: int | None
    noemer: int | None
    waarde: float | None
    suppressed: bool


def figure_rows(gt: GroupTables, hidden: frozenset[Hashable]) -> list[FigureRow]:
    """The published rows of one group: a row shows only cells that are not withheld (see the module doc)."""
    cells = gt.tables.cells
    areas = _areas_of(cast(dict[Cell, int], cells))
    out: list[FigureRow] = []
    for area in areas:
        for spec in gt.group.rows:
            t_cell = (spec.teller, *area) if spec.teller else None
            n_cell = (spec.noemer, *area) if spec.noemer else None
            if (t_cell is not None and t_cell not in cells) or (n_cell is not None and n_cell not in cells):
                continue  # a category below the municipality: not in the tables
            t = None if t_cell is None or t_cell in hidden else cells[t_cell]
            n = None if n_cell is None or n_cell in hidden else cells[n_cell]
            row: FigureRow
            if spec.kind == COUNT:
                row = FigureRow(
                    spec.indicator, spec.category, area, t, None, None if t is None else float(t), t is None
                )
            elif spec.kind == TOTAL:
                row = FigureRow(
                    spec.indicator, spec.category, area, n, n, None if n is None else 100.0, n is None
                )
            elif spec.kind == SHARE:
                if t is None or n is None:  # a share is shown whole or not at all
                    row = FigureRow(spec.indicator, spec.category, area, None, None, None, True)
                else:
                    share = round(100.0 * t / n, 1) if n else None
                    row = FigureRow(spec.indicator, spec.category, area, t, n, share, False)
            else:  # MEDIAN / P90
                if n is None or n < MIN_N_QUANTILE:
                    row = FigureRow(spec.indicator, spec.category, area, None, None, None, True)
                else:
                    q = quantile(gt.histograms.get(area, Counter()), 0.5 if spec.kind == MEDIAN else 0.9)
                    row = FigureRow(spec.indicator, spec.category, area, None, n, q, q is None)
            out.append(row)
    return out


def _sub_tables(tables: Tables, cells: set[Hashable]) -> Tables:
    """The part of `tables` over `cells`: every relation all of whose cells are in it."""
    return Tables(
        cells={c: tables.cells[c] for c in cells},
        totals=tuple(t for t in tables.totals if t.total in cells and all(m in cells for m in t.members)),
        at_most=tuple(p for p in tables.at_most if p[0] in cells and p[1] in cells),
        together=tuple(g for g in tables.together if g <= cells),
    )


def _is_wijk(cell: Hashable) -> bool:
    return cast(Cell, cell)[1] == AreaKind.WIJK


def protect_group(gt: GroupTables) -> tuple[GroupTables, frozenset[Hashable]]:
    """What one group publishes: the tables it shows and the cells of those to withhold.

    In two steps, so a national table stays solvable and small wijk counts cannot drag the municipal and
    coalition figures down with them:
    1. Municipality and up (`kansrijk.core.disclosure.protect` over those tables and their relations).
    2. Per municipality, the wijk split of the group's series, when each of their municipal counts was
       published in step 1 and is at least twice the threshold ("where counts allow"; a smaller total
       leaves no wijk to show). All series or none: the wijk cells of one series are linked to another's
       (a teller never exceeds its noemer), and a split shown for one would pin the other's.
       That choice rests on published figures only, so it reveals nothing. The wijk cells are linked to
       the rest only through those published totals, so each municipality's wijk tables are protected on
       their own, with the totals kept; a split of which nothing can be shown is left out.
    Wijk cells left out are simply not in the returned tables (withheld, like a suppressed cell)."""
    full = gt.tables
    upper_cells = {c for c in full.cells if not _is_wijk(c)}
    upper = _sub_tables(full, upper_cells)
    hidden: set[Hashable] = set(protect(upper, threshold=THRESHOLD))
    kept = set(upper_cells)
    by_total = {t.total: t for t in full.totals if t.members and _is_wijk(t.members[0])}
    per_muni: dict[str, list[Total]] = defaultdict(list)
    for cell, total in by_total.items():
        per_muni[cast(Cell, cell)[2]].append(total)
    for _muni, totals in sorted(per_muni.items()):
        if any(t.total in hidden or full.cells[t.total] < 2 * THRESHOLD for t in totals):
            continue  # all of the group's wijk series or none: a teller's split pins its noemer's
        sums = {t.total for t in totals}
        cells = sums | {m for t in totals for m in t.members}
        if all(full.cells[c] < THRESHOLD for c in cells - sums):
            continue  # every wijk cell is withheld anyway: nothing to show, nothing to solve
        sub = _sub_tables(full, cells)
        sub_hidden = protect(sub, threshold=THRESHOLD, keep=sums)
        if cells - sums <= sub_hidden:
            # Nothing of the split can be shown (and when protect ran out of cells to withhold, this is how
            # it ends; otherwise it has proven every withheld range wide): publish no split at all.
            continue
        kept |= cells
        hidden |= sub_hidden
    shown = GroupTables(group=gt.group, tables=_sub_tables(full, kept), histograms=gt.histograms)
    return shown, frozenset(hidden)


def period_figures(pc: PeriodCounts) -> tuple[Universe, list[tuple[GroupTables, frozenset[Hashable]]]]:
    universe = build_universe(pc.counts)
    out = []
    for group in groups_for(pc.metrics()):
        if not any(_unit_value(c, s, group) for c in pc.counts.values() for s in group.series):
            continue  # no event of this group anywhere in the period: no rows
        out.append(protect_group(group_tables(group, pc, universe)))
    return universe, out


# --- publishing ---------------------------------------------------------------------------------------------


def publish_period(period: Period, *, now: dt.datetime | None = None) -> Publication | None:
    """Publish one period (closed or not: the caller checks); None when it has no events or is published."""
    by_flag = period_counts(period)
    if not by_flag:
        return None
    computed = {flag: period_figures(pc) for flag, pc in sorted(by_flag.items())}
    try:
        with transaction.atomic():
            publication = Publication.objects.create(
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                published_at=now or timezone.now(),
            )
            figures: list[PublishedFigure] = []
            for flag, (universe, groups) in computed.items():
                wijk_of = {w: muni for muni, ws in universe.wijken.items() for w in ws if w}
                for gt, hidden in groups:
                    for row in figure_rows(gt, hidden):
                        figures.append(_stored_fast(publication, universe, wijk_of, row, flag))
            PublishedFigure.objects.bulk_create(figures, batch_size=2000)
    except IntegrityError:
        return None  # another worker published it first
    return publication


def _stored_fast(
    publication: Publication, universe: Universe, wijk_of: Mapping[str, str], row: FigureRow, synthetic: bool
) -> PublishedFigure:
    kind, code = row.area
    coalition_id: int | None = None
    area_code = code
    if kind == AreaKind.COALITION:
        coalition_id = int(code)
        area_code = universe.coalitions[coalition_id][0]
    elif kind == AreaKind.MUNICIPALITY or kind == AreaKind.WIJK:
        if kind == AreaKind.MUNICIPALITY:
            muni = code
        elif code.endswith(UNKNOWN_WIJK):
            muni = code[: -len(UNKNOWN_WIJK)]
        else:
            muni = wijk_of.get(code, "")
        owners = universe.owners.get(muni, [])
        coalition_id = owners[0] if len(owners) == 1 else None
    return PublishedFigure(
        publication=publication,
        indicator=row.indicator,
        category=row.category,
        area_kind=kind,
        area_code=area_code,
        area_name=universe.names.get(row.area, ""),
        coalition_id=coalition_id,
        teller=row.teller,
        noemer=row.noemer,
        waarde=row.waarde,
        suppressed=row.suppressed,
        is_synthetic=synthetic,
    )


def publishable_periods(now: dt.datetime | None = None) -> list[Period]:
    """Closed periods with tallies, not yet published, whose events have all been consumed."""
    now = now or timezone.now()
    kind = configured_kind()
    bounds = Tally.objects.aggregate(first=Min("day"), last=Max("day"))
    if bounds["first"] is None:
        return []
    oldest = outbox_oldest_pending()
    done = set(Publication.objects.filter(period_kind=kind).values_list("period_start", flat=True))
    out = []
    for period in periods_between(bounds["first"], bounds["last"], kind):
        if not is_closed(period, now) or (oldest is not None and oldest < period.end_at):
            break
        if period.start not in done:
            out.append(period)
    return out


def monitor_publish(now: dt.datetime | None = None) -> list[Publication]:
    """Publish every closed period not yet published (see the module doc); returns the new publications."""
    out = []
    for period in publishable_periods(now):
        publication = publish_period(period, now=now)
        if publication is not None:
            out.append(publication)
    return out
