"""Statistical disclosure control for published counts: small-cell suppression that holds.

Shared by every layer that publishes counts (perinatal figures in the area layer, the monitor later).
Pure Python plus scipy; no Django. The model is the one an adversary uses (docs/adr/0009):

- `cells`: every published or withheld count, id → non-negative integer value.
- `totals`: additive relations that are public knowledge, `Total(total, members)` meaning
  value[total] = Σ value[members] (a region teller is the sum of its municipalities' tellers). A total
  with one member states that two cells are equal.
- `at_most`: public inequalities (a, b) meaning value[a] ≤ value[b] (a teller never exceeds its noemer).
- `together`: groups of cells that are published or withheld as one (the teller and noemer behind one
  published percentage: showing the percentage and the noemer would give away the teller).

`protect` returns the cells to withhold: every count below the threshold (0 included), and enough other
cells that the adversary's integer programme (`attack`: minimise and maximise each withheld cell, integer
and ≥ 0, subject to every published cell and relation) leaves each withheld cell a range of at least the
threshold. Withheld cells must all carry one and the same label (`HIDDEN_LABEL`): a label that says which
cells are small ("minder dan 10") and which are complementary adds bounds and narrows the ranges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

THRESHOLD = 10
HIDDEN_LABEL = "onderdrukt (kleine aantallen)"
SOLVE_SECONDS = 5.0  # per integer programme while protecting (see _Programme.ranges)
SPREAD_ROUNDS = 12  # random-direction solves per component before the per-cell ones (_Programme.ranges)
SPREAD_MIN_OPEN = 8  # fewer cells still open than this: go per cell
SPREAD_MIN_GAIN = 0.1  # a pair of spread solves that settles less than this share of the open cells ends them

CellId = Hashable


@dataclass(frozen=True)
class Total:
    """value[total] = Σ value[members]: a published sum, known to anyone who reads the tables."""

    total: CellId
    members: tuple[CellId, ...]


@dataclass(frozen=True)
class Tables:
    """A set of linked published tables: the cells and everything an adversary knows about them."""

    cells: Mapping[CellId, int]
    totals: tuple[Total, ...] = ()
    at_most: tuple[tuple[CellId, CellId], ...] = ()
    together: tuple[frozenset[CellId], ...] = ()
    _groups: dict[CellId, frozenset[CellId]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        unknown = {c for t in self.totals for c in (t.total, *t.members) if c not in self.cells}
        unknown |= {c for pair in self.at_most for c in pair if c not in self.cells}
        unknown |= {c for g in self.together for c in g if c not in self.cells}
        if unknown:
            raise ValueError(f"relations name unknown cells: {sorted(map(str, unknown))[:5]}")
        if any(v < 0 for v in self.cells.values()):
            raise ValueError("counts must be non-negative")
        groups: dict[CellId, frozenset[CellId]] = {}
        for group in self.together:
            merged = frozenset(group).union(*(groups.get(c, frozenset()) for c in group))
            for c in merged:
                groups[c] = merged
        object.__setattr__(self, "_groups", groups)

    def group(self, cell: CellId) -> frozenset[CellId]:
        return self._groups.get(cell, frozenset((cell,)))


Ranges = dict[CellId, tuple[float, float]]


def _sort_key(cell: CellId) -> str:
    return repr(cell)


@dataclass(frozen=True)
class _System:
    """One component's constraints: lo ≤ matrix·x ≤ hi within bounds; truth is the real values."""

    matrix: csr_array
    lo: np.ndarray
    hi: np.ndarray
    truth: np.ndarray
    bounds: Bounds

    def holds(self, x: np.ndarray) -> bool:
        """Whether a whole point meets every constraint exactly (counts are whole numbers: no tolerance)."""
        lower, upper = np.asarray(self.bounds.lb), np.asarray(self.bounds.ub)
        if (x < lower).any() or (x > upper).any():
            return False
        if self.matrix.shape[0] == 0:
            return True
        ax = self.matrix @ x
        return bool(((ax >= self.lo - 1e-9) & (ax <= self.hi + 1e-9)).all())


class _Programme:
    """The adversary's integer programme over the withheld cells, split into independent components
    (withheld cells linked by a relation), so each solve is small."""

    def __init__(self, tables: Tables, hidden: Collection[CellId]) -> None:
        self.tables = tables
        self.hidden = sorted(set(hidden), key=_sort_key)
        index = {c: i for i, c in enumerate(self.hidden)}
        self.index = index
        value = tables.cells
        self.rows: list[tuple[dict[int, float], float, float]] = []  # (coefficients, lower, upper)
        self.upper = np.full(len(self.hidden), np.inf)
        self.lower = np.zeros(len(self.hidden))
        for t in tables.totals:
            coef: dict[int, float] = defaultdict(float)
            rhs = 0.0  # Σ hidden members − hidden total = published total − Σ published members
            for m in t.members:
                if m in index:
                    coef[index[m]] += 1.0
                else:
                    rhs -= value[m]
            if t.total in index:
                coef[index[t.total]] -= 1.0
            else:
                rhs += value[t.total]
            coef = {k: v for k, v in coef.items() if v != 0.0}
            if coef:
                self.rows.append((coef, rhs, rhs))
        for a, b in tables.at_most:
            if a in index and b in index:
                self.rows.append(({index[a]: 1.0, index[b]: -1.0}, -np.inf, 0.0))
            elif a in index:
                self.upper[index[a]] = min(self.upper[index[a]], value[b])
            elif b in index:
                self.lower[index[b]] = max(self.lower[index[b]], value[a])
        # Components by union-find over the rows.
        parent = list(range(len(self.hidden)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for coef, _lo, _hi in self.rows:
            first, *rest = coef
            for other in rest:
                parent[find(other)] = find(first)
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.hidden)):
            members[find(i)].append(i)
        self.components = list(members.values())
        self.row_component: dict[int, list[int]] = defaultdict(list)
        for r, (coef, _lo, _hi) in enumerate(self.rows):
            self.row_component[find(next(iter(coef)))].append(r)
        self.find = find
        self._systems: dict[int, _System] = {}

    def _system(self, variables: list[int], rows: list[int]) -> _System:
        """The constraint matrix of one component, built once (a national table solves it hundreds of times)."""
        key = variables[0]
        if key not in self._systems:
            local = {v: k for k, v in enumerate(variables)}
            data: list[float] = []
            row_index: list[int] = []
            col_index: list[int] = []
            lo = np.empty(len(rows))
            hi = np.empty(len(rows))
            for k, r in enumerate(rows):
                coef, lo[k], hi[k] = self.rows[r]
                for i, c in coef.items():
                    data.append(c)
                    row_index.append(k)
                    col_index.append(local[i])
            matrix = csr_array((data, (row_index, col_index)), shape=(len(rows), len(variables)))
            truth = np.array([self.tables.cells[self.hidden[v]] for v in variables], dtype=float)
            bounds = Bounds(self.lower[variables], self.upper[variables])
            self._systems[key] = _System(matrix, lo, hi, truth, bounds)
        return self._systems[key]

    def _solve(
        self, variables: list[int], rows: list[int], objective: np.ndarray, time_limit: float | None = None
    ) -> np.ndarray | None:
        """Minimise objective·x over one component; None when unbounded. With a time limit the answer
        may be a feasible point short of the optimum (at worst the true values).

        The linear relaxation first: it is far quicker, and on these tables its optimum is mostly a whole
        point already. An integral relaxed optimum that meets every constraint is the integer optimum
        too (the relaxation's optimum is never worse); an unbounded relaxation means an unbounded integer
        programme (rational data, and the true values are a feasible point). Otherwise the integer
        programme itself."""
        system = self._system(variables, rows)
        constraints = [LinearConstraint(system.matrix, system.lo, system.hi)] if rows else []
        relaxed = milp(
            objective, integrality=np.zeros(len(variables)), bounds=system.bounds, constraints=constraints
        )
        if relaxed.status == 3:
            return None
        if relaxed.status == 0 and relaxed.x is not None:
            whole = np.round(relaxed.x)
            if np.abs(relaxed.x - whole).max(initial=0.0) < 1e-7 and system.holds(whole):
                return whole
        truth = system.truth
        options: dict[str, object] = {"presolve": False}  # HiGHS's MILP presolve (scipy 1.17) can
        # return a wrong "optimum" on these tables; without it the answers match the LP and the truth.
        if time_limit is not None:
            options["time_limit"] = time_limit
        result = milp(
            objective,
            integrality=np.ones(len(variables)),
            bounds=system.bounds,
            constraints=constraints,
            options=options,
        )
        if result.status == 3:  # unbounded
            return None
        if result.x is None:  # stopped without a point, or (impossible: the truth fits) infeasible
            return truth
        if result.status == 0 and objective @ result.x > objective @ truth + 1e-6:
            # The true values are feasible, so an "optimum" worse than them is a solver error: never
            # let it certify a range.
            raise RuntimeError("integer programme gave a wrong optimum; disclosure check not trusted")
        return np.asarray(result.x)

    def ranges(self, *, threshold: float | None = None, known_wide: Collection[CellId] = ()) -> Ranges:
        """Exact (min, max) of every withheld cell. With `threshold`, stop early for a cell once two
        feasible solutions already lie `threshold` apart: the answer is then only "wide enough" (the
        range reported is what was seen), which is all `protect` needs; each solve then also stops after
        SOLVE_SECONDS with the best point found, so a slow solve makes a range look narrower (more
        suppression), never wider. Cells in `known_wide` are left out (not in the answer): `protect` passes
        the cells already shown wide in an earlier round, which stay wide (see there)."""
        limit = SOLVE_SECONDS if threshold is not None else None
        out: Ranges = {}
        truth = np.array([self.tables.cells[c] for c in self.hidden], dtype=float)
        for variables in self.components:
            if all(self.hidden[v] in known_wide for v in variables):
                continue
            rows = self.row_component.get(self.find(variables[0]), [])
            seen_lo = truth[variables].copy()
            seen_hi = truth[variables].copy()

            def note(x: np.ndarray | None, lo: np.ndarray = seen_lo, hi: np.ndarray = seen_hi) -> None:
                if x is not None:
                    np.minimum(lo, x, out=lo)
                    np.maximum(hi, x, out=hi)

            if threshold is not None and len(variables) > 1:
                # Solves that spread many cells at once, before the per-cell ones: all down, all up, then
                # random directions over the cells not yet wide while that still settles enough of them
                # (in a national table one solve then settles hundreds of cells, not one).
                note(self._solve(variables, rows, np.ones(len(variables)), limit))
                note(self._solve(variables, rows, -np.ones(len(variables)), limit))
                rng = np.random.default_rng(len(variables))  # fixed: the same tables, the same answer
                for _spread in range(SPREAD_ROUNDS):
                    open_ = (seen_hi - seen_lo) < threshold
                    open_ &= np.array([self.hidden[v] not in known_wide for v in variables])
                    if open_.sum() < SPREAD_MIN_OPEN:
                        break
                    direction = np.where(rng.random(len(variables)) < 0.5, 1.0, -1.0) * open_
                    note(self._solve(variables, rows, direction, limit))
                    note(self._solve(variables, rows, -direction, limit))
                    settled = open_ & ((seen_hi - seen_lo) >= threshold)
                    if settled.sum() < SPREAD_MIN_GAIN * open_.sum():
                        break
            for k, v in enumerate(variables):
                if self.hidden[v] in known_wide:
                    continue
                if threshold is not None and seen_hi[k] - seen_lo[k] >= threshold:
                    out[self.hidden[v]] = (float(seen_lo[k]), float(seen_hi[k]))
                    continue
                objective = np.zeros(len(variables))
                objective[k] = 1.0
                low = self._solve(variables, rows, objective, limit)
                note(low)
                objective[k] = -1.0
                high = self._solve(variables, rows, objective, limit)
                note(high)
                lo = float(round(low[k])) if low is not None else 0.0
                hi = float(round(high[k])) if high is not None else float("inf")
                out[self.hidden[v]] = (lo, hi)
        return out


def attack(tables: Tables, hidden: Collection[CellId]) -> Ranges:
    """What an adversary learns: for every withheld cell, the smallest and largest integer value (≥ 0)
    consistent with every published cell and relation (`inf` when unbounded above)."""
    return _Programme(tables, hidden).ranges()


def _relations_of(tables: Tables) -> dict[CellId, list[tuple[CellId, ...]]]:
    """Cell → the cell sets of the relations it is in (a total with its members; an at-most pair)."""
    out: dict[CellId, list[tuple[CellId, ...]]] = defaultdict(list)
    for t in tables.totals:
        cells = (t.total, *t.members)
        for c in cells:
            out[c].append(cells)
    for a, b in tables.at_most:
        out[a].append((a, b))
        out[b].append((a, b))
    return out


def _hide(tables: Tables, hidden: set[CellId], cell: CellId) -> None:
    hidden.update(tables.group(cell))


def _smallest_published(
    tables: Tables, cells: Iterable[CellId], hidden: set[CellId], keep: Collection[CellId] = ()
) -> CellId | None:
    candidates = [c for c in cells if c not in hidden and c not in keep]
    if not candidates:
        return None
    return min(candidates, key=lambda c: (tables.cells[c], _sort_key(c)))


def _nearest_published(
    tables: Tables,
    relations: Mapping[CellId, list[tuple[CellId, ...]]],
    start: CellId,
    hidden: set[CellId],
    keep: Collection[CellId],
) -> CellId | None:
    """The smallest published cell in the relations of `start`; when all of those are withheld, the one
    fewest relations further away. A range can be pinned from further away than the cell's own relations
    (another series of the same area, a level up): a published cell there is what still ties it down."""
    seen = {start}
    frontier = [start]
    while frontier:
        near = [c for f in frontier for cells in relations.get(f, ()) for c in cells if c not in seen]
        pick = _smallest_published(tables, near, hidden, keep)
        if pick is not None:
            return pick
        seen.update(near)
        frontier = list(dict.fromkeys(near))
    return None


def _greedy(tables: Tables, hidden: set[CellId], threshold: int, keep: Collection[CellId]) -> None:
    """Cheap rules first, until stable: no relation with exactly one withheld cell (it would follow by
    subtraction), and under a published total the withheld members must together hold at least the
    threshold (else each of them lies in a range narrower than the threshold)."""
    changed = True
    while changed:
        changed = False
        for t in tables.totals:
            cells = (t.total, *t.members)
            inside = [c for c in cells if c in hidden]
            pick = None
            if len(inside) == 1:
                pick = _smallest_published(tables, t.members, hidden, keep) or _smallest_published(
                    tables, cells, hidden, keep
                )
            elif t.total not in hidden and inside and sum(tables.cells[c] for c in inside) < threshold:
                pick = _smallest_published(tables, t.members, hidden, keep)
            if pick is not None:
                _hide(tables, hidden, pick)
                changed = True


def protect(
    tables: Tables, *, threshold: int = THRESHOLD, keep: Collection[CellId] = ()
) -> frozenset[CellId]:
    """The cells to withhold: primary (value < threshold, 0 included) plus complementary cells, until the
    adversary's integer programme leaves every withheld cell a range of at least `threshold`.

    Each round withholds, for every cell still narrow, the nearest published cell (its own relations
    first), skipping a narrow cell whose smallest relation holds a cell just withheld (that will likely
    widen it too; a national total that holds one says little), so a large linked table needs few rounds.
    Withholding more only relaxes the adversary's programme (a value once known becomes unknown; every
    earlier solution stays feasible), so a cell shown wide stays wide and is not checked again. Ends only when no withheld cell is narrow, or
    when nothing is left to withhold, in which case every cell of the tables is withheld.

    `keep`: cells already published elsewhere (at least `threshold` each), never withheld here; when they
    are what pins a range, every other cell is withheld and the caller must check the result (`attack`)."""
    hidden: set[CellId] = set()
    for cell, value in tables.cells.items():
        if value < threshold and cell not in keep:
            _hide(tables, hidden, cell)
    relations = _relations_of(tables)
    wide: set[CellId] = set()
    while True:
        _greedy(tables, hidden, threshold, keep)
        programme = _Programme(tables, hidden)
        ranges = programme.ranges(threshold=threshold, known_wide=wide)
        narrow = sorted((c for c, (lo, hi) in ranges.items() if hi - lo < threshold), key=_sort_key)
        wide.update(c for c, (lo, hi) in ranges.items() if hi - lo >= threshold)
        if not narrow:
            return frozenset(hidden)
        picked: set[CellId] = set()
        for cell in narrow:
            smallest = min(relations[cell], key=len, default=())
            if any(c in picked for c in smallest):
                continue  # just widened where it matters most for this cell: look again next round
            pick = _nearest_published(tables, relations, cell, hidden, keep)
            if pick is not None:
                _hide(tables, hidden, pick)
                picked.update(tables.group(pick))
        if not picked:
            # Every cell linked to the narrow ones is withheld already and still a range is narrow (only
            # the >= 0 and at-most bounds pin it): withhold everything rather than publish a narrow range.
            return frozenset(c for c in tables.cells if c not in keep)
