"""Reads of areas and observations (public data: no visibility rules).

The one read interface other apps use for municipalities (by code, search, current list), wijken,
Nederland and figures; they never query the Area or Observation table themselves.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Q, QuerySet

from kansrijk.areas.models import Area, AreaLevel, ImportRun, Observation

# (area id, indicator id, year, value, approximate, note, source): one observation as other apps read it.
ObservationRow = tuple[int, int, int, float | None, bool, str, str]


def municipality_count() -> int:
    return Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).count()


def municipalities_current() -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).order_by("name")


def import_runs_latest(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.all()[:limit]


def nederland() -> Area | None:
    """The area for the whole country (the comparison line next to every municipality's figure)."""
    return Area.objects.filter(level=AreaLevel.NL).first()


def observation_rows(
    *, area_ids: Iterable[int], indicator_ids: Iterable[int], with_value: bool = False
) -> QuerySet[Observation, ObservationRow]:
    """The observations of these areas and indicators as `ObservationRow`s, newest year first (other apps
    read figures through this, never the Observation table). `with_value`: leave out suppressed ones."""
    rows = Observation.objects.filter(area_id__in=list(area_ids), indicator_id__in=list(indicator_ids))
    if with_value:
        rows = rows.filter(value__isnull=False)
    return rows.order_by("-year").values_list(
        "area_id", "indicator_id", "year", "value", "approximate", "note", "source"
    )


def area_names(pks: Iterable[int | None]) -> dict[int, str]:
    """Area id → name, in one query (e.g. the provinces of a list of municipalities)."""
    return dict(Area.objects.filter(pk__in={pk for pk in pks if pk is not None}).values_list("pk", "name"))


def geometries_by_code(codes: Iterable[str], level: str) -> dict[str, str]:
    """Code → stored GeoJSON geometry text of the areas of this level that have one, in one query."""
    rows = Area.objects.filter(code__in=list(codes), level=level).exclude(geometry="")
    return dict(rows.values_list("code", "geometry"))


def municipality_by_code(code: str, *, include_dissolved: bool = False) -> Area | None:
    """A current municipality by its CBS code, case-insensitive ("gm0363" works), or None.
    `include_dissolved`: also one that was merged away (its history stays readable)."""
    found = Area.objects.filter(level=AreaLevel.MUNICIPALITY, code=code.strip().upper())
    if not include_dissolved:
        found = found.filter(current=True)
    return (
        found.select_related("province", "ggd_region", "peer_group")
        # Boundaries are large text; the pages read them per wijk through their own queries.
        .defer("geometry", "province__geometry", "ggd_region__geometry", "peer_group__geometry")
        .first()
    )


def wijken_of(municipality: Area) -> QuerySet[Area]:
    """The wijken of a municipality (current division), by name."""
    return Area.objects.filter(level=AreaLevel.WIJK, parent=municipality, current=True).order_by("name")


def wijken_in(municipalities: QuerySet[Area] | Iterable[Area]) -> QuerySet[Area]:
    """Every wijk of these municipalities, gone ones included (a form must keep accepting a wijk an
    existing record names), with its municipality, ordered by municipality and name."""
    return (
        Area.objects.filter(level=AreaLevel.WIJK, parent__in=municipalities)
        .select_related("parent")
        .order_by("parent__name", "name")
    )


# --- search -------------------------------------------------------------------------------------------
# "Hengelo" finds "Hengelo (O.)", "s-Hertogenbosch" finds "'s-Hertogenbosch", "Den Haag" finds
# "'s-Gravenhage", "Utrect" suggests Utrecht, "Amsterd" lists Amsterdam, "Amstedr" suggests it (a typo in
# a prefix), "344" and "gm0344" find GM0344, "1012" and "1012 AB" find Amsterdam (PC4 → today's
# municipality, `PostcodeArea`). 342 municipalities fit in memory, so names are matched in Python: one
# small query per search, no database-specific fuzzy matching.

_SUFFIX = re.compile(r"\s*\([^)]*\)\s*")  # "Hengelo (O.)", "Bergen (NH.)"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CODE = re.compile(r"^(?:gm)?\s*(\d{1,4})$")
# A Dutch postcode: PC4 (1000–9999), optionally with its two letters ("1012 AB", "1012ab").
_POSTCODE = re.compile(r"^([1-9]\d{3})\s*([a-z]{2})?$")
# Look-alike thresholds (difflib ratio): whole name or word, and the start of a name (typed prefix).
_SIMILAR = 0.72
_SIMILAR_PREFIX = 0.8
_PREFIX_MIN = 4  # shorter queries have too many look-alike prefixes to be useful

# Common names that differ from the official one, keyed by the normalised name without spaces.
ALIASES: dict[str, str] = {
    "denhaag": "GM0518",  # 's-Gravenhage
    "thehague": "GM0518",
    "denbosch": "GM0796",  # 's-Hertogenbosch
    "bosch": "GM0796",
    # Frisian municipalities by their Dutch names.
    "zuidwestfriesland": "GM1900",  # Súdwest-Fryslân
    "noordoostfriesland": "GM1970",  # Noardeast-Fryslân
    "defriesemeren": "GM1940",  # De Fryske Marren
    "friesemeren": "GM1940",
    "tietjerksteradeel": "GM0737",  # Tytsjerksteradiel
    "dantumadeel": "GM1891",  # Dantumadiel
    "ljouwert": "GM0080",  # Leeuwarden in Frisian
}


@dataclass(frozen=True)
class SearchResult:
    query: str
    # exact: the code, the postcode, the whole name or an alias matched (one exact match may go straight
    # to the page).
    exact: list[Area] = field(default_factory=list)
    # partial: other names starting with or containing the query.
    partial: list[Area] = field(default_factory=list)
    # suggestions: names that look alike (typos), only when nothing else matched; "Bedoelde u…?".
    suggestions: list[Area] = field(default_factory=list)

    @property
    def matches(self) -> list[Area]:
        return self.exact or self.partial

    @property
    def single(self) -> Area | None:
        """The one municipality to open directly: a single exact match, or a single partial match."""
        if len(self.exact) == 1:
            return self.exact[0]
        if not self.exact and len(self.partial) == 1:
            return self.partial[0]
        return None


@lru_cache(maxsize=4096)
def _normalise(text: str, *, keep_suffix: bool = False) -> str:
    """Lower case, no accents, no "(O.)"-style suffix, no "gemeente" prefix, words joined by one space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    if not keep_suffix:
        text = _SUFFIX.sub(" ", text)
    text = _NON_WORD.sub(" ", text).strip()
    return text.removeprefix("gemeente ").strip()


def _search_areas() -> QuerySet[Area]:
    # Boundaries are large text that no search result shows.
    return municipalities_current().defer("geometry")


def _by_number(query: str) -> SearchResult | None:
    """A postcode or a CBS code, in one query; None when the query is neither. A four-digit number is
    both a PC4 and a possible code ("1992": Velsen by postcode, Voorne aan Zee by code): the postcode
    comes first, both are listed."""
    text = query.lower()
    postcode = _POSTCODE.match(text)
    code = _CODE.match(text)
    if postcode is None and code is None:
        return None
    wanted = Q()
    if postcode is not None:
        wanted |= Q(postcodes__postcode=postcode.group(1))
    if code is not None:
        wanted |= Q(code=f"GM{int(code.group(1)):04d}")
    found = list(_search_areas().filter(wanted).distinct())
    if postcode is not None:
        found.sort(key=lambda a: a.code == f"GM{postcode.group(1)}")  # the postcode's municipality first
    return SearchResult(query=query, exact=found)


def municipality_search(query: str, limit: int = 20) -> SearchResult:
    """Current municipalities matching a user's query, tolerant of case, accents, official suffixes,
    punctuation, common names and typos. Order: postcode or code → the official name typed in full,
    suffix included → name or alias → name or alias prefix → name contains (at most `limit`) →
    look-alikes of a whole name or of its start (typos)."""
    query = query.strip()
    result = SearchResult(query=query)
    if not query:
        return result
    by_number = _by_number(query)
    if by_number is not None:
        return by_number
    needle = _normalise(query)
    if not needle:
        return result
    areas = list(_search_areas())
    names: dict[int, set[str]] = {
        a.id: {n for n in (_normalise(a.name), _normalise(a.name_short), a.search_name) if n} for a in areas
    }
    aliases: dict[str, set[str]] = {}
    for alias, code in ALIASES.items():
        aliases.setdefault(code, set()).add(alias)
    compact = needle.replace(" ", "")
    exact: list[Area] = []
    if _SUFFIX.search(query):  # "Bergen (NH.)" is not "Bergen (L.)"
        full = _normalise(query, keep_suffix=True)
        exact = [a for a in areas if _normalise(a.name, keep_suffix=True) == full]
    if not exact:
        exact = [
            a
            for a in areas
            if needle in names[a.id]
            or compact in {n.replace(" ", "") for n in names[a.id]}
            or compact in aliases.get(a.code, ())
        ]
    starts = [
        a
        for a in areas
        if a not in exact
        and (
            any(n.startswith(needle) for n in names[a.id])
            or (len(compact) >= 3 and any(x.startswith(compact) for x in aliases.get(a.code, ())))
        )
    ]
    contains = [
        a for a in areas if a not in exact and a not in starts and any(needle in n for n in names[a.id])
    ]
    partial = (starts + contains)[:limit]
    if exact or partial:
        return SearchResult(query=query, exact=exact, partial=partial)
    for area in areas:  # aliases count as names for look-alikes ("Den Haga")
        names[area.id] |= aliases.get(area.code, set())
    return SearchResult(query=query, suggestions=_similar(needle, areas, names, limit=5))


def _similar(needle: str, areas: list[Area], names: dict[int, set[str]], *, limit: int) -> list[Area]:
    """Names within a few typos of the query, best first (difflib ratio against the whole name, each word
    and, for a query of 4+ characters, the name's start of the same length: "Amstedr", "Utreh")."""
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)  # difflib caches its analysis of the second sequence: set it once

    def ratio(text: str, floor: float) -> float:
        matcher.set_seq1(text)
        # The cheap upper bounds skip most names without computing the real ratio.
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            return 0.0
        return matcher.ratio()

    scored = []
    for area in areas:
        best = 0.0
        for name in names[area.id]:
            best = max(best, ratio(name, _SIMILAR))
            for word in name.split():
                if len(word) >= 4:
                    best = max(best, ratio(word, _SIMILAR + 0.05) - 0.05)
            if len(needle) >= _PREFIX_MIN and len(name) > len(needle):
                # The query may be the start of a longer name, typed with a typo.
                best = max(best, ratio(name[: len(needle)], _SIMILAR_PREFIX) - 0.1)
        if best >= _SIMILAR:
            scored.append((best, area.name, area))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [a for _score, _name, a in scored[:limit]]
