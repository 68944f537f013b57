"""Reads for the startfoto: one `Startfoto` per municipality, built with a handful of queries and cached.

The same `Startfoto` feeds the page, the PDF, the CSV/JSON exports, the CLI and the API
(`startfoto/types.py`). Queries: the latest ImportRun id (cache key), the reference areas, the
indicators, the municipality's observations and the reference areas' observations — no N+1.
The reference areas (Nederland among them) and the observations with their counts are read here
directly, not through `areas.selectors`: one query each, where the selectors would need more.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from kansrijk.areas.models import Area, AreaLevel, ImportRun, Indicator, IndicatorSource, Observation
from kansrijk.areas.selectors import municipality_by_code
from kansrijk.atlas.selectors import atlas_model_version_query
from kansrijk.core.cache import page_cache as cache  # per-process; see core/cache.py
from kansrijk.startfoto.hooks import duiding_provider
from kansrijk.startfoto.models import Duiding
from kansrijk.startfoto.types import (
    AreaRef,
    Comparison,
    IndicatorFigure,
    PerinatalReference,
    Startfoto,
    TrendPoint,
)

CACHE_VERSION = 1

# Comparison keys (= Comparison.level), in the order the page shows them.
COMPARISON_LEVELS: tuple[tuple[str, str], ...] = (
    ("ggd_regio", "ggd_region_id"),
    ("provincie", "province_id"),
    ("nederland", ""),
    ("vergelijkbare_gemeenten", "peer_group_id"),
)

# Notes shown instead of a value. Module constants so tests and exports can assert them exactly.
NOTE_MERGED = "niet beschikbaar in de huidige gemeentelijke indeling"
NOTE_SUPPRESSED = "niet gepubliceerd (geheim, onbetrouwbaar of te klein aantal)"
NOTE_NOT_PUBLISHED = "niet beschikbaar: geen cijfer gepubliceerd voor deze gemeente"
NOTE_TREND_NOT_EXISTING = "gemeente bestond in {year} nog niet in deze indeling"

# Keys of the catalogue's inhabitants indicator (name differs per catalogue version).
POPULATION_KEYS = ("aantal_inwoners", "inwoners")

# One observation as read from the database: (value, numerator, denominator, approximate, note, source).
_Obs = tuple[float | None, float | None, float | None, bool, str, str]


def latest_import_run_id() -> int:
    """The newest ImportRun id (0 when nothing was imported): part of every cache key, so any new
    import — open data or perinatal — invalidates cached startfotos and map data at once."""
    return ImportRun.objects.order_by("-id").values_list("id", flat=True).first() or 0


def content_versions() -> tuple[int, int | None]:
    """(newest ImportRun id, newest atlas model version) in one query: together they say whether any
    cached public page content is still current (each worker process has its own cache, so the
    database is the one place every process can see a new import or atlas model)."""
    # Both subqueries are built by their owners' ORM (the atlas's through its selector): no table names here.
    runs_sql, runs_params = ImportRun.objects.order_by("-id").values("id")[:1].query.sql_with_params()
    atlas_sql, atlas_params = atlas_model_version_query().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ({runs_sql}), ({atlas_sql})", [*runs_params, *atlas_params])  # noqa: S608
        run_id, atlas_version = cursor.fetchone()
    return int(run_id or 0), atlas_version


def municipality_get_cached(code: str, run_id: int) -> Area | None:
    """`municipality_by_code` (current only), cached per import run (areas only change with an import)."""
    key = f"startfoto:v{CACHE_VERSION}:area:{code.upper()}:{run_id}"
    found = cache.get(key)
    if found is None:
        found = municipality_by_code(code) or False  # False: remembered as "no such municipality"
        cache.set(key, found)
    return found or None


def indicators_for_wijk_cached(run_id: int) -> list[Indicator]:
    """The wijk indicators, cached per import run (the catalogue only changes with an import)."""
    key = f"startfoto:v{CACHE_VERSION}:wijkindicators:{run_id}"
    found = cache.get(key)
    if found is None:
        found = list(indicators_for_wijk())
        cache.set(key, found)
    return found


def startfoto_get(*, municipality: Area, run_id: int | None = None) -> Startfoto:
    """The cached startfoto; built on a miss. The key holds the latest import run id (pass `run_id`
    when the caller already read it)."""
    run_id = latest_import_run_id() if run_id is None else run_id
    key = f"startfoto:v{CACHE_VERSION}:{municipality.code}:{run_id}"
    startfoto = cache.get(key)
    if startfoto is None:
        startfoto = startfoto_build(municipality=municipality)
        cache.set(key, startfoto)
    return startfoto


def _ref(area: Area | None) -> AreaRef | None:
    return AreaRef(code=area.code, name=area.name) if area is not None else None


def _area_of(areas: dict[int, Area], pk: int | None) -> Area | None:
    """The area behind an optional foreign key (a municipality may lack a region or peer group)."""
    return areas.get(pk) if pk is not None else None


def _source_text(indicator: Indicator, obs_source: str, year: int | None) -> str:
    """The source with the year of the figure, e.g. "CBS, Kerncijfers wijken en buurten …; jaar 2022"."""
    if obs_source:
        return obs_source if year is None or str(year) in obs_source else f"{obs_source}; jaar {year}"
    return indicator.source if year is None else f"{indicator.source}; jaar {year}"


@dataclass(frozen=True)
class _Context:
    """Everything the figure builder needs, read once per municipality."""

    municipality: Area
    own: dict[int, dict[int, _Obs]]  # indicator id → year → observation
    refs: dict[str, tuple[Area, dict[int, dict[int, _Obs]]]]  # comparison level → (area, observations)
    own_years: frozenset[int]  # years in whose boundaries the municipality has any observation


def _observations(area_ids: Iterable[int]) -> dict[int, dict[int, dict[int, _Obs]]]:
    """area id → indicator id → year → observation, in one query."""
    out: dict[int, dict[int, dict[int, _Obs]]] = defaultdict(lambda: defaultdict(dict))
    rows = Observation.objects.filter(area_id__in=list(area_ids)).values_list(
        "area_id",
        "indicator_id",
        "year",
        "value",
        "numerator",
        "denominator",
        "approximate",
        "note",
        "source",
    )
    for area_id, indicator_id, year, value, num, den, approx, note, source in rows:
        out[area_id][indicator_id][year] = (value, num, den, approx, note, source)
    return out


def _comparison(level: str, area: Area, obs: _Obs | None) -> Comparison:
    if obs is None or obs[0] is None:
        # A withheld region value publishes neither the value nor its counts.
        return Comparison(level=level, area=AreaRef(area.code, area.name), value=None)
    value, num, den, approx, note, _source = obs
    return Comparison(
        level=level,
        area=AreaRef(area.code, area.name),
        value=value,
        numerator=num,
        denominator=den,
        approximate=approx,
        note=note or "",
    )


def _trend(indicator: Indicator, ctx: _Context) -> list[TrendPoint]:
    own = ctx.own.get(indicator.id, {})
    nl = ctx.refs["nederland"][1].get(indicator.id, {}) if "nederland" in ctx.refs else {}
    points = []
    for year in sorted(set(own) | set(nl)):
        obs = own.get(year)
        nl_obs = nl.get(year)
        nl_value = nl_obs[0] if nl_obs else None
        if obs is None:
            note = (
                NOTE_TREND_NOT_EXISTING.format(year=year) if year not in ctx.own_years else NOTE_NOT_PUBLISHED
            )
            points.append(TrendPoint(year=year, value=None, nederland=nl_value, note=note))
        else:
            note = obs[4] or ("" if obs[0] is not None else NOTE_SUPPRESSED)
            points.append(TrendPoint(year=year, value=obs[0], nederland=nl_value, note=note))
    return points


def _unavailable_note(indicator: Indicator, ctx: _Context) -> str:
    own = ctx.own.get(indicator.id, {})
    nl = ctx.refs["nederland"][1].get(indicator.id, {}) if "nederland" in ctx.refs else {}
    published = sorted(set(nl) | set(own))
    if not published:
        return "niet beschikbaar: dit cijfer is (nog) niet geladen"
    if own:
        # Rows exist but every value is withheld by the source.
        latest = own[max(own)]
        return latest[4] or NOTE_SUPPRESSED
    years = ", ".join(str(y) for y in published)
    since = ctx.municipality.first_year or (min(ctx.own_years) if ctx.own_years else None)
    since_text = f"; deze gemeente bestaat in deze vorm pas sinds {since} (herindeling)" if since else ""
    return f"{NOTE_MERGED}: het cijfer is alleen gepubliceerd voor {years}{since_text}"


def _figure(indicator: Indicator, ctx: _Context) -> IndicatorFigure:
    own = ctx.own.get(indicator.id, {})
    years_with_value = [y for y, o in own.items() if o[0] is not None]
    year = max(years_with_value) if years_with_value else None
    obs = own.get(year) if year is not None else None
    comparisons: dict[str, Comparison] = {}
    if year is not None:
        for level, (area, observations) in ctx.refs.items():
            comparisons[level] = _comparison(level, area, observations.get(indicator.id, {}).get(year))
    return IndicatorFigure(
        key=indicator.key,
        title=indicator.title,
        definition=indicator.definition,
        unit=indicator.unit,
        phase=indicator.phase,
        direction=indicator.direction,
        theme=indicator.theme,
        source=_source_text(indicator, obs[5] if obs else "", year),
        year=year,
        value=obs[0] if obs else None,
        numerator=obs[1] if obs else None,
        denominator=obs[2] if obs else None,
        numerator_label=indicator.numerator_label,
        denominator_label=indicator.denominator_label,
        approximate=bool(obs[3]) if obs else False,
        derived=indicator.derived,
        note=(obs[4] if obs else _unavailable_note(indicator, ctx)),
        comparisons=comparisons,
        trend=_trend(indicator, ctx),
        available_for_wijk=indicator.available_for_wijk,
    )


def startfoto_build(*, municipality: Area) -> Startfoto:
    """Build the startfoto of one municipality from the stored observations (uncached)."""
    ref_ids = {
        "ggd_regio": municipality.ggd_region_id,
        "provincie": municipality.province_id,
        "vergelijkbare_gemeenten": municipality.peer_group_id,
    }
    wanted = Q(pk__in=[i for i in ref_ids.values() if i is not None]) | Q(level=AreaLevel.NL)
    ref_areas = {a.id: a for a in Area.objects.filter(wanted)}
    nl = next((a for a in ref_areas.values() if a.level == AreaLevel.NL), None)
    indicators = list(Indicator.objects.all())
    observations = _observations([municipality.id, *ref_areas])
    refs: dict[str, tuple[Area, dict[int, dict[int, _Obs]]]] = {}
    for level, _attr in COMPARISON_LEVELS:
        area = nl if level == "nederland" else _area_of(ref_areas, ref_ids[level])
        if area is not None:
            refs[level] = (area, observations.get(area.id, {}))
    own = observations.get(municipality.id, {})
    ctx = _Context(
        municipality=municipality,
        own=own,
        refs=refs,
        own_years=frozenset(y for per_year in own.values() for y in per_year),
    )
    figures: list[IndicatorFigure] = []
    perinatal: list[IndicatorFigure] = []
    nl_obs = refs["nederland"][1] if "nederland" in refs else {}
    for indicator in indicators:
        if indicator.source_kind == IndicatorSource.PERINATAL:
            # Imported when this municipality or the country has rows for it.
            if own.get(indicator.id) or nl_obs.get(indicator.id):
                perinatal.append(_figure(indicator, ctx))
        else:
            figures.append(_figure(indicator, ctx))
    references = [
        PerinatalReference(
            key=i.key,
            title=i.title,
            value=i.reference_value,
            year=i.reference_year,
            source=i.reference_source,
            unit=i.unit,
        )
        for i in indicators
        if i.source_kind == IndicatorSource.PERINATAL
        and i.reference_value is not None
        and i.reference_year is not None
    ]
    population, population_year = _population(municipality, figures)
    return Startfoto(
        code=municipality.code,
        name=municipality.name,
        province=_ref(_area_of(ref_areas, municipality.province_id)),
        ggd_region=_ref(_area_of(ref_areas, municipality.ggd_region_id)),
        peer_group=_ref(_area_of(ref_areas, municipality.peer_group_id)),
        population=population,
        figures=figures,
        perinatal=perinatal,
        perinatal_references=references,
        population_year=population_year,
    )


def _population(municipality: Area, figures: list[IndicatorFigure]) -> tuple[int | None, int | None]:
    """Inhabitants on 1 January of the latest KWB year (with that year), else the area's own count."""
    for figure in figures:
        if figure.key in POPULATION_KEYS and figure.value is not None:
            return round(figure.value), figure.year
    return municipality.population, None


# --- duidingen -------------------------------------------------------------------------------------


def duidingen_for(*, municipality: Area) -> dict[str, list[Duiding]]:
    """Notes on this municipality's startfoto per indicator key, newest first (public: everyone reads).

    Only the notes of public (confirmed) coalitions: the coalition layer says which, through the hook."""
    out: dict[str, list[Duiding]] = defaultdict(list)
    public = duiding_provider().public_coalitions()
    rows = (
        Duiding.objects.filter(municipality=municipality, coalition__in=public)
        .select_related("indicator", "coalition")
        .order_by("-created_at")
    )
    for duiding in rows:
        out[duiding.indicator.key].append(duiding)
    return dict(out)


def indicators_for_wijk() -> QuerySet[Indicator]:
    return Indicator.objects.filter(available_for_wijk=True).order_by("order", "key")
