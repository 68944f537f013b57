"""Finding a municipality by name or CBS code, tolerant of typos, accents and official suffixes.

"Hengelo" finds "Hengelo (O.)", "s-Hertogenbosch" finds "'s-Hertogenbosch", "Utrect" suggests Utrecht,
"344" and "gm0344" find GM0344. 342 municipalities fit in memory, so names are matched in Python:
two small queries per search, no database-specific fuzzy matching.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from kansrijk.areas.models import Area, AreaLevel

_SUFFIX = re.compile(r"\s*\([^)]*\)\s*")  # "Hengelo (O.)", "Bergen (NH.)"
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CODE = re.compile(r"^(?:gm)?\s*(\d{1,4})$")


def normalise(text: str) -> str:
    """Lower case, no accents, no "(O.)"-style suffix, no "gemeente" prefix, words joined by one space."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    text = _SUFFIX.sub(" ", text)
    text = _NON_WORD.sub(" ", text).strip()
    return text.removeprefix("gemeente ").strip()


@dataclass(frozen=True)
class SearchResult:
    query: str
    # exact: the code or the whole name matched (one exact match may go straight to the page).
    exact: list[Area] = field(default_factory=list)
    # partial: names starting with or containing the query.
    partial: list[Area] = field(default_factory=list)
    # suggestions: names that look alike (typos); shown as "Bedoelde u…?".
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


def municipality_search(query: str, limit: int = 20) -> SearchResult:
    query = query.strip()
    result = SearchResult(query=query)
    if not query:
        return result
    areas = list(Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).order_by("name"))
    code = _CODE.match(query.lower())
    if code:
        wanted = f"GM{int(code.group(1)):04d}"
        return SearchResult(query=query, exact=[a for a in areas if a.code == wanted])
    needle = normalise(query)
    if not needle:
        return result
    names: dict[int, set[str]] = {
        a.id: {n for n in (normalise(a.name), normalise(a.name_short), a.search_name) if n} for a in areas
    }
    compact = needle.replace(" ", "")
    exact = [
        a for a in areas if needle in names[a.id] or compact in {n.replace(" ", "") for n in names[a.id]}
    ]
    if exact:
        return SearchResult(query=query, exact=exact)
    starts = [a for a in areas if any(n.startswith(needle) for n in names[a.id])]
    contains = [a for a in areas if a not in starts and any(needle in n for n in names[a.id])]
    partial = (starts + contains)[:limit]
    if partial:
        return SearchResult(query=query, partial=partial)
    return SearchResult(query=query, suggestions=_similar(needle, areas, names, limit=5))


def _similar(needle: str, areas: list[Area], names: dict[int, set[str]], *, limit: int) -> list[Area]:
    """Names within a few typos of the query, best first (difflib ratio; also against each word)."""
    scored = []
    for area in areas:
        best = 0.0
        for name in names[area.id]:
            best = max(best, difflib.SequenceMatcher(None, needle, name).ratio())
            for word in name.split():
                if len(word) >= 4:
                    best = max(best, difflib.SequenceMatcher(None, needle, word).ratio() - 0.05)
        if best >= 0.72:
            scored.append((best, area.name, area))
    scored.sort(key=lambda t: (-t[0], t[1]))
    return [a for _score, _name, a in scored[:limit]]
