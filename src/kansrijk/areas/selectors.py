"""Reads of areas and observations (public data: no visibility rules)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from django.db.models import QuerySet

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


def municipality_by_code(code: str) -> Area | None:
    """A municipality (current or dissolved) by its CBS code, case-insensitive ("gm0363" works)."""
    return (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, code=code.strip().upper())
        .select_related("province", "ggd_region", "peer_group")
        .first()
    )


# Common names that differ from the official one (the search also matches the official short name).
ALIASES: dict[str, str] = {
    "denhaag": "GM0518",  # 's-Gravenhage
    "thehague": "GM0518",
    "denbosch": "GM0796",  # 's-Hertogenbosch
}


def municipality_search(query: str, limit: int = 10) -> list[Area]:
    """Current municipalities matching a user's query, best first, tolerant of case, accents, official
    suffixes ("Hengelo (O.)"), punctuation ("'s-Gravenhage" = "sgravenhage") and typos ("Utrect").

    Order: exact code → exact name or alias → name prefix → name contains → difflib fuzzy match."""
    from kansrijk.areas.importers.areas import search_key  # the same normalisation as the import

    text = query.strip()
    if not text or limit <= 0:
        return []
    exact = municipality_by_code(text) if text.upper().startswith("GM") else None
    if exact is not None:
        return [exact]
    key = search_key(text)
    if not key:
        return []
    areas = list(municipalities_current())
    names = {a.pk: {a.search_name, search_key(a.name_short or a.name)} for a in areas}
    by_code = {a.code: a for a in areas}
    found: list[Area] = []

    def add(candidates: list[Area]) -> None:
        for area in candidates:
            if area not in found:
                found.append(area)

    # The official name typed in full, suffix included ("Bergen (NH.)" is not "Bergen (L.)").
    full = search_key(text.replace("(", " ").replace(")", " "))
    add([a for a in areas if search_key(a.name.replace("(", " ").replace(")", " ")) == full])
    if key in ALIASES and ALIASES[key] in by_code:
        add([by_code[ALIASES[key]]])
    add([a for a in areas if key in names[a.pk]])
    add([a for a in areas if any(n.startswith(key) for n in names[a.pk])])
    add([a for a in areas if any(key in n for n in names[a.pk])])
    if len(found) < limit:
        choices = {n: a for a in areas for n in names[a.pk]}
        for name in difflib.get_close_matches(key, list(choices), n=limit, cutoff=0.75):
            add([choices[name]])
    return found[:limit]


def wijken_of(municipality: Area) -> QuerySet[Area]:
    """The wijken of a municipality (current division), by name."""
    return Area.objects.filter(level=AreaLevel.WIJK, parent=municipality, current=True).order_by("name")
