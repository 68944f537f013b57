"""The startfoto as an accessible A4 PDF (WeasyPrint, PDF/UA-1), charts and wijk map as vector SVG.

The PDF renders the same `Startfoto` as the page and the exports. Fonts and the stylesheet are parsed
once per process: WeasyPrint's font set-up is the largest fixed cost of a render after the first.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kansrijk.areas.models import Area, Phase
from kansrijk.startfoto.exports import COMPARISON_LEVELS, CREDIT, PERINATAL_NOT_LOADED, UNKNOWN_CODE
from kansrijk.startfoto.pdf_charts import render_svg, trend_facet_spec, trend_figures, wijk_map_spec
from kansrijk.startfoto.presentation import format_number
from kansrijk.startfoto.selectors import latest_import_run_id, municipality_get, startfoto_get
from kansrijk.startfoto.types import IndicatorFigure, Startfoto
from kansrijk.startfoto.wijken import WijkMap

CSS_PATH = Path(__file__).parent / "templates" / "startfoto" / "pdf" / "startfoto.css"
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
DASH = "–"
CHART_SCHEME = "kansrijk-grafiek:"
PDF_CACHE_VERSION = 1  # raise when the layout changes, so cached PDFs are not served again


@lru_cache(maxsize=1)
def _weasy() -> tuple[FontConfiguration, CSS]:
    fonts = FontConfiguration()
    return fonts, CSS(filename=str(CSS_PATH), font_config=fonts)


def nl_number(value: float | None, unit: str = "") -> str:
    """The page's Dutch notation (`presentation.format_number`); a dash for a missing value in tables."""
    return DASH if value is None else format_number(value, unit)


def nl_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


class _Charts(URLFetcher):
    """Serves this document's SVGs by name (`kansrijk-grafiek:NAME`) and refuses every other URL, so a
    render never touches the network or the file system. Short names instead of base64 data URIs keep
    the HTML small: WeasyPrint's HTML tokenizer spent ~0.4 s on the data URIs of one document."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=[])
        self.svgs: dict[str, str] = {}

    def add(self, name: str, svg: str) -> str:
        self.svgs[name] = svg
        return CHART_SCHEME + name

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        svg = self.svgs.get(url.removeprefix(CHART_SCHEME)) if url.startswith(CHART_SCHEME) else None
        if svg is None:
            raise ValueError(f"Geen externe bronnen in de PDF: {url}")
        return URLFetcherResponse(url, svg.encode("utf-8"), {"Content-Type": "image/svg+xml"})


class _Sources:
    """Numbers each distinct source once; table rows cite [n], the sources page lists them."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def ref(self, source: str) -> int:
        return self.numbers.setdefault(source, len(self.numbers) + 1)


def _row(figure: IndicatorFigure, sources: _Sources) -> dict[str, Any]:
    flags = [
        label for on, label in ((figure.approximate, "≈ benadering"), (figure.derived, "afgeleid")) if on
    ]
    comparisons = []
    for level in COMPARISON_LEVELS:
        c = figure.comparisons.get(level)
        text = nl_number(c.value if c else None, figure.unit)
        comparisons.append(f"≈ {text}" if c is not None and c.approximate and c.value is not None else text)
    note = figure.note or ("niet beschikbaar voor deze gemeente" if figure.value is None else "")
    return {
        "title": figure.title,
        "unit": figure.unit,
        "flags": ", ".join(flags),
        "source_ref": sources.ref(figure.source),
        "note": note,
        "year": figure.year or DASH,
        "value": nl_number(figure.value, figure.unit),
        "comparisons": comparisons,
    }


def _sections(sf: Startfoto, sources: _Sources, charts: _Charts) -> list[dict[str, Any]]:
    """One section per phase of the 1000 days (programme order), a table per theme, and one faceted
    trend chart per phase (one vl-convert call per phase instead of one per indicator)."""
    sections = []
    for phase in Phase:
        figures = [f for f in sf.figures if f.phase == phase.value]
        if not figures:
            continue
        themes: dict[str, list[IndicatorFigure]] = {}
        for figure in figures:
            themes.setdefault(figure.theme or str(phase.label), []).append(figure)
        groups = [
            {"anchor": f"fase-{phase.value}-{i}", "title": theme, "rows": [_row(f, sources) for f in members]}
            for i, (theme, members) in enumerate(themes.items())
        ]
        trends = trend_figures(figures)
        trend_src = (
            charts.add(f"trend-{phase.value}", render_svg(trend_facet_spec(trends, sf.name)))
            if trends
            else ""
        )
        sections.append(
            {
                "anchor": f"fase-{phase.value}",
                "title": str(phase.label),
                "groups": groups,
                "trend_src": trend_src,
                "trend_alt": f"Lijngrafieken van {len(trends)} indicatoren "
                f"({', '.join(f.title for f in trends)}): {sf.name} en Nederland per jaar. "
                "De laatste waarden staan in de tabellen van dit hoofdstuk.",
            }
        )
    return sections


def _definitions(sf: Startfoto) -> list[dict[str, Any]]:
    return [
        {
            "title": f.title,
            "definition": f.definition,
            "fraction": bool(f.numerator_label and f.denominator_label),
            "numerator_label": f.numerator_label,
            "denominator_label": f.denominator_label,
        }
        for f in [*sf.figures, *sf.perinatal]
    ]


def startfoto_pdf_context(
    sf: Startfoto, *, wijk_map: WijkMap | None, generated: dt.date, charts: _Charts
) -> dict[str, Any]:
    sources = _Sources()
    map_spec = wijk_map_spec(wijk_map) if wijk_map else None
    wijk_rows = [
        {"name": w.name, "value": nl_number(w.value, wijk_map.unit) if w.value is not None else "geen cijfer"}
        for w in (wijk_map.rows if wijk_map else [])
    ]
    context = {
        "sf": sf,
        "credit": sf.credit or CREDIT,
        "population": nl_number(float(sf.population), "aantal") if sf.population else "",
        "population_year": sf.population_year,
        "generated": nl_date(generated),
        "generated_iso": generated.isoformat(),
        "sections": _sections(sf, sources, charts),
        "wijk_map": wijk_map,
        "wijk_title": wijk_map.title.replace(" (per wijk)", "") if wijk_map else "",
        "wijk_map_src": charts.add("wijken", render_svg(map_spec)) if map_spec else "",
        "wijk_rows": wijk_rows,
        "perinatal_rows": [_row(f, sources) for f in sf.perinatal],
        "perinatal_not_loaded": PERINATAL_NOT_LOADED.replace("`", ""),
        "references": [
            {
                "title": r.title,
                "value": f"{nl_number(r.value, r.unit)} {r.unit}",
                "year": r.year,
                "source": r.source,
            }
            for r in sf.perinatal_references
        ],
        "definitions": _definitions(sf),
    }
    context["sources"] = [{"number": n, "text": text} for text, n in sources.numbers.items()]
    return context


def startfoto_pdf(
    sf: Startfoto, *, wijk_map: WijkMap | None = None, generated: dt.date | None = None
) -> bytes:
    """Render the startfoto to PDF bytes: tagged PDF/UA-1, A4, Dutch."""
    charts = _Charts()
    day = generated or timezone.localdate()
    html = render_to_string(
        "startfoto/pdf/startfoto.html",
        startfoto_pdf_context(sf, wijk_map=wijk_map, generated=day, charts=charts),
    )
    fonts, css = _weasy()
    document = HTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=charts)
    return document.write_pdf(stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")


def startfoto_pdf_for_municipality(municipality: Area, *, run_id: int | None = None) -> bytes:
    """The PDF of a municipality, cached per import run: it only changes when new data is imported
    (the cover then says on which day it was made)."""
    from kansrijk.startfoto.pdf_wijken import wijk_map_for

    run_id = latest_import_run_id() if run_id is None else run_id
    key = f"startfoto:pdf:v{PDF_CACHE_VERSION}:{municipality.code}:{run_id}"
    pdf = cache.get(key)
    if pdf is None:
        sf = startfoto_get(municipality=municipality, run_id=run_id)
        pdf = startfoto_pdf(sf, wijk_map=wijk_map_for(municipality=municipality))
        cache.set(key, pdf)
    return pdf


def startfoto_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_get(code.strip())
    if municipality is None:
        raise Http404(UNKNOWN_CODE.format(code=code.upper()))
    response = HttpResponse(startfoto_pdf_for_municipality(municipality), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="startfoto-{municipality.code}.pdf"'
    return response
