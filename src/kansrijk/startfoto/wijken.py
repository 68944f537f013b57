"""Wijk figures of one municipality for the map, its legend and the table (same numbers everywhere).

Classes are quantiles of the municipality's own wijken (at most five), computed here once, so the
map colours, the legend and the table's class column always agree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from kansrijk.areas.models import Area, Indicator
from kansrijk.areas.selectors import observation_rows, wijken_of
from kansrijk.core.cache import page_cache as cache  # per-process; see core/cache.py
from kansrijk.startfoto.presentation import format_number
from kansrijk.startfoto.selectors import latest_import_run_id

# Sequential blues (ColorBrewer), light to dark; the text legend and the table carry the same classes.
COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
NO_DATA_COLOUR = "#d9d9d9"
NO_DATA_NOTE = "niet beschikbaar: geen cijfer gepubliceerd voor deze wijk (geheim of te klein)"


@dataclass(frozen=True)
class WijkClass:
    number: int  # 1-based
    lower: float
    upper: float
    colour: str
    label: str  # "12,0 – 18,5"


@dataclass(frozen=True)
class WijkRow:
    code: str
    name: str
    value: float | None
    year: int | None
    note: str
    klasse: int | None  # 1-based class number, None without value
    geometry: str = field(repr=False, default="")


@dataclass(frozen=True)
class WijkMap:
    indicator_key: str
    title: str
    unit: str
    source: str
    years: list[int]
    classes: list[WijkClass]
    rows: list[WijkRow]

    @property
    def with_value(self) -> int:
        return sum(1 for r in self.rows if r.value is not None)


def _classes(values: list[float], unit: str) -> list[WijkClass]:
    distinct = sorted(set(values))
    if not distinct:
        return []
    n = min(len(COLOURS), len(distinct))
    # Quantile breaks on the sorted values; duplicate breaks collapse so every class is non-empty.
    ordered = sorted(values)
    edges = [ordered[0]]
    for i in range(1, n):
        edge = ordered[round(i * (len(ordered) - 1) / n)]
        if edge > edges[-1]:
            edges.append(edge)
    edges.append(ordered[-1])
    if len(edges) == 2 and edges[0] == edges[1]:
        edges = [edges[0], edges[0]]
    count = len(edges) - 1
    # Spread the palette over the classes we really have (3 classes: light, middle, dark).
    palette = [COLOURS[round(i * (len(COLOURS) - 1) / max(count - 1, 1))] for i in range(count)]
    return [
        WijkClass(
            number=i + 1,
            lower=edges[i],
            upper=edges[i + 1],
            colour=palette[i],
            label=f"{format_number(edges[i], unit)} – {format_number(edges[i + 1], unit)}",
        )
        for i in range(count)
    ]


def _class_of(value: float, classes: list[WijkClass]) -> int:
    for c in classes:
        if value <= c.upper:
            return c.number
    return classes[-1].number


def wijk_map_build(*, municipality: Area, indicator: Indicator) -> WijkMap:
    """Latest value per wijk of the municipality (two queries)."""
    wijken = list(wijken_of(municipality).values_list("id", "code", "name", "geometry"))
    latest: dict[int, tuple[int, float | None, str, str]] = {}
    rows = observation_rows(area_ids=[w[0] for w in wijken], indicator_ids=[indicator.pk])
    for area_id, _indicator_id, year, value, _approximate, note, source in rows:
        current = latest.get(area_id)
        # Newest year with a value wins; a newer year without value does not hide an older value.
        if current is None or (value is not None and (current[1] is None or year > current[0])):
            latest[area_id] = (year, value, note, source)
    values = [v[1] for v in latest.values() if v[1] is not None]
    classes = _classes(values, indicator.unit)
    years = sorted({v[0] for v in latest.values() if v[1] is not None})
    sources = {v[3] for v in latest.values() if v[3]}
    source = sources.pop() if len(sources) == 1 else indicator.source
    if years and not any(str(y) in source for y in years):
        source = f"{source}; jaar {', '.join(str(y) for y in years)}"
    out = []
    for area_id, code, name, geometry in wijken:
        wijk_year, value, note, _src = latest.get(area_id, (None, None, "", ""))
        out.append(
            WijkRow(
                code=code,
                name=name,
                value=value,
                year=wijk_year if value is not None else None,
                note=note if value is not None else (note or NO_DATA_NOTE),
                klasse=_class_of(value, classes) if value is not None and classes else None,
                geometry=geometry,
            )
        )
    return WijkMap(
        indicator_key=indicator.key,
        title=indicator.title,
        unit=indicator.unit,
        source=source,
        years=years,
        classes=classes,
        rows=out,
    )


def wijk_geojson(*, municipality: Area, indicator: Indicator) -> str:
    """A GeoJSON FeatureCollection (as text, cached per import run) of the municipality's wijken."""
    key = f"startfoto:wijken:{municipality.code}:{indicator.key}:{latest_import_run_id()}"
    text = cache.get(key)
    if text is None:
        wmap = wijk_map_build(municipality=municipality, indicator=indicator)
        collection = _feature_collection(wmap)
        # The stored geometries are already GeoJSON text: splice them in rather than parse and re-dump.
        geometries = [row.geometry for row in wmap.rows if row.geometry]
        features = [
            json.dumps(f)[:-1] + ',"geometry":' + g + "}"
            for f, g in zip(collection.pop("features"), geometries, strict=True)
        ]
        text = json.dumps(collection)[:-1] + ',"features":[' + ",".join(features) + "]}"
        cache.set(key, text)
    return text


def _feature_collection(wmap: WijkMap) -> dict[str, Any]:
    """The collection without geometries; `wijk_geojson` splices the stored geometry text in."""
    colours = {c.number: c.colour for c in wmap.classes}
    return {
        "type": "FeatureCollection",
        "indicator": {"key": wmap.indicator_key, "titel": wmap.title, "eenheid": wmap.unit},
        "bron": wmap.source,
        "licentie": "Bron: CBS / PDOK, CC BY 4.0",
        "klassen": [
            {"klasse": c.number, "van": c.lower, "tot": c.upper, "kleur": c.colour, "label": c.label}
            for c in wmap.classes
        ],
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "code": row.code,
                    "naam": row.name,
                    "waarde": row.value,
                    "waarde_tekst": format_number(row.value, wmap.unit),
                    "jaar": row.year,
                    "klasse": row.klasse,
                    "kleur": colours.get(row.klasse, NO_DATA_COLOUR) if row.klasse else NO_DATA_COLOUR,
                    "opmerking": row.note,
                },
            }
            for row in wmap.rows
            if row.geometry
        ],
    }
