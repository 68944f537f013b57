"""The startfoto as an accessible A4 PDF (WeasyPrint, PDF/UA-1), charts and wijk map as vector SVG.

The PDF renders the same `Startfoto` as the page and the exports. Fonts and the stylesheet are parsed
once per process: WeasyPrint's font set-up is the largest fixed cost of a render after the first.
Two more render-wide savings, both without any change to the PDF:

- Python's cyclic garbage collector is paused during a render (`_collector_paused`): WeasyPrint
  allocates hundreds of thousands of small objects, and the collector's passes over them were ~20%
  of a render.
- A lean copy of WeasyPrint's user-agent stylesheet (`_lean_ua_stylesheet`): the stock one gives
  *every* element a `::marker` and five footnote/note pseudo-elements whose styles WeasyPrint
  computes one by one (6 × ~1,100 elements), though only list items have markers and the PDF has
  no footnotes.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

import weasyprint
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kansrijk.areas.boundaries import boundary_changes
from kansrijk.areas.models import Area
from kansrijk.areas.selectors import municipality_by_code
from kansrijk.startfoto.births import births_for
from kansrijk.startfoto.charts import COUNT_UNITS
from kansrijk.startfoto.exports import COMPARISON_LEVELS, CREDIT, PERINATAL_NOT_LOADED, UNKNOWN_CODE
from kansrijk.startfoto.highlights import highlights
from kansrijk.startfoto.page import PHASE_ORDER
from kansrijk.startfoto.pdf_charts import (
    render_svg,
    trend_chart_groups,
    trend_facet_spec,
    trend_figures,
    wijk_map_spec,
)
from kansrijk.startfoto.pdf_store import store_pdf, stored_pdf
from kansrijk.startfoto.presentation import THOUSAND_EUROS, format_number, format_value
from kansrijk.startfoto.selectors import latest_import_run_id, startfoto_get
from kansrijk.startfoto.types import IndicatorFigure, Startfoto
from kansrijk.startfoto.wijken import WijkMap

CSS_PATH = Path(__file__).parent / "templates" / "startfoto" / "pdf" / "startfoto.css"
UA_PATH = Path(weasyprint.__file__).parent / "css" / "html5_ua.css"
# The lean user-agent stylesheet: markers only on list items, and without the rules of the five
# footnote and note pseudo-elements (the PDF's stylesheet uses no `float: footnote`).
UA_MARKER_RULE = ("\n::marker {", "\nli::marker {")
UA_NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.MULTILINE)
UA_NOTE_RULE_COUNT = 5
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
PDF_VARIANT = "pdf/ua-1"


_paused = 0
_paused_lock = threading.Lock()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (reference counting still frees almost
    everything at once); afterwards one young-generation pass frees the render's reference cycles.
    Counted, so concurrent renders in threads re-enable it only when the last one is done; a
    collector that someone else disabled is left alone."""
    global _paused
    with _paused_lock:
        ours = _paused > 0 or gc.isenabled()
        if ours:
            _paused += 1
            gc.disable()
    if not ours:
        yield
        return
    try:
        yield
    finally:
        with _paused_lock:
            _paused -= 1
            last = _paused == 0
            if last:
                gc.enable()
        if last:
            gc.collect(0)


def _lean_ua_stylesheet(fonts: FontConfiguration) -> CSS | None:
    """WeasyPrint's user-agent stylesheet, lean (see `UA_MARKER_RULE`); None (the stock sheet is
    used) when this WeasyPrint's sheet does not have exactly the rules that are changed."""
    text = UA_PATH.read_text(encoding="utf-8")
    stock, lean = UA_MARKER_RULE
    if text.count(stock) != 1 or len(UA_NOTE_RULES.findall(text)) != UA_NOTE_RULE_COUNT:
        return None
    text = UA_NOTE_RULES.sub("", text.replace(stock, lean))
    return CSS(string=text, media_type="print", font_config=fonts)


@lru_cache(maxsize=1)
def _weasy() -> tuple[FontConfiguration, CSS, CSS | None]:
    """Font configuration, the PDF's stylesheet and the lean user-agent stylesheet (once a process)."""
    fonts = FontConfiguration()
    return fonts, CSS(filename=str(CSS_PATH), font_config=fonts), _lean_ua_stylesheet(fonts)


class _StartfotoHTML(HTML):
    """An HTML document styled with the lean user-agent stylesheet when there is one."""

    def _ua_stylesheets(self, forms: bool = False) -> list[CSS]:
        lean = _weasy()[2]
        return [lean] if lean is not None and not forms else super()._ua_stylesheets(forms)


def nl_number(value: float | None, unit: str = "") -> str:
    """The page's Dutch notation (`presentation.format_number`; money in euros, "€ 517.000", not
    "517 × € 1.000"); a dash for a missing value in tables."""
    if value is None:
        return DASH
    return format_value(value, unit) if unit == THOUSAND_EUROS else format_number(value, unit)


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


def _row(
    figure: IndicatorFigure, sources: _Sources, figures: list[IndicatorFigure] | None = None
) -> dict[str, Any]:
    flags = [
        label for on, label in ((figure.approximate, "≈ benadering"), (figure.derived, "afgeleid")) if on
    ]
    comparisons = []
    for level in COMPARISON_LEVELS:
        c = figure.comparisons.get(level)
        text = nl_number(c.value if c else None, figure.unit)
        comparisons.append(f"≈ {text}" if c is not None and c.approximate and c.value is not None else text)
    note = figure.note or ("niet beschikbaar voor deze gemeente" if figure.value is None else "")
    value = nl_number(figure.value, figure.unit)
    births = births_for(figure, figures or [])
    if births is not None:  # one births figure on page, PDF, exports and atlas (startfoto/births.py)
        value = births.text
        note = f"schatting, {births.interval}" if births.interval else note
    return {
        "title": figure.title,
        "unit": "euro" if figure.unit == THOUSAND_EUROS else figure.unit,
        "flags": ", ".join(flags),
        "source_ref": sources.ref(figure.source),
        "note": note,
        "year": figure.year or DASH,
        "value": value,
        "comparisons": comparisons,
    }


def _sections(sf: Startfoto, sources: _Sources, charts: _Charts) -> list[dict[str, Any]]:
    """One section per phase of the 1000 days (programme order), a table per theme, and faceted trend
    charts of up to six panels (one vl-convert call per chart instead of one per indicator)."""
    sections = []
    for phase in PHASE_ORDER:  # birth first, context last: the same order as the page
        figures = [f for f in sf.figures if f.phase == phase.value]
        if not figures:
            continue
        themes: dict[str, list[IndicatorFigure]] = {}
        for figure in figures:
            themes.setdefault(figure.theme or str(phase.label), []).append(figure)
        groups = [
            {
                "anchor": f"fase-{phase.value}-{i}",
                "title": theme,
                "rows": [_row(f, sources, sf.figures) for f in members],
            }
            for i, (theme, members) in enumerate(themes.items())
        ]
        changes = boundary_changes(sf.code)
        trends = []
        for i, (members, from_zero) in enumerate(trend_chart_groups(trend_figures(figures))):
            spec = trend_facet_spec(members, sf.name, changes, from_zero=from_zero)
            marked = {v.get("tekst") for v in spec["data"]["values"]}
            shown = [c for c in changes if f"grens {c.year}" in marked]
            trends.append(
                {
                    "src": charts.add(f"trend-{phase.value}-{i}", render_svg(spec)),
                    "alt": f"Lijngrafieken van {len(members)} indicatoren "
                    f"({', '.join(f.title for f in members)}): {sf.name} en Nederland per jaar. "
                    "De laatste waarden staan in de tabellen van dit hoofdstuk.",
                    "axis": "De as begint bij 0." if from_zero else "Let op: de as begint niet bij 0.",
                    "counts": any(f.unit in COUNT_UNITS for f in members),
                    "changes": shown,
                }
            )
        sections.append(
            {
                "anchor": f"fase-{phase.value}",
                "title": str(phase.label),
                "groups": groups,
                "trends": trends,
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
    wijk_rows = (
        [
            {
                "name": w.name,
                "value": nl_number(w.value, wijk_map.unit) if w.value is not None else "geen cijfer",
            }
            for w in wijk_map.rows
        ]
        if wijk_map
        else []
    )
    context = {
        "sf": sf,
        "credit": sf.credit or CREDIT,
        "population": nl_number(float(sf.population), "aantal") if sf.population else "",
        "population_year": sf.population_year,
        "generated": nl_date(generated),
        "generated_iso": generated.isoformat(),
        "sections": _sections(sf, sources, charts),
        "highlights": highlights(sf),
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


def startfoto_document(
    sf: Startfoto, *, wijk_map: WijkMap | None = None, generated: dt.date | None = None
) -> Document:
    """The laid-out pages of the startfoto PDF (the layout tests read its boxes)."""
    charts = _Charts()
    day = generated or timezone.localdate()
    with _collector_paused():
        html = render_to_string(
            "startfoto/pdf/startfoto.html",
            startfoto_pdf_context(sf, wijk_map=wijk_map, generated=day, charts=charts),
        )
        fonts, css, _ua = _weasy()
        document = _StartfotoHTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=charts)
        return document.render(stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT)


def startfoto_pdf(
    sf: Startfoto, *, wijk_map: WijkMap | None = None, generated: dt.date | None = None
) -> bytes:
    """Render the startfoto to PDF bytes: tagged PDF/UA-1, A4, Dutch."""
    document = startfoto_document(sf, wijk_map=wijk_map, generated=generated)
    with _collector_paused():
        pdf: bytes = document.write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def startfoto_pdf_for_municipality(municipality: Area, *, run_id: int | None = None) -> bytes:
    """The PDF of a municipality, kept per import run in the file store (`pdf_store`): it only changes
    when new data is imported (the cover then says on which day it was made). After an import the
    pre-render (`prerender.py`) fills the store, so readers rarely wait for a render."""
    from kansrijk.startfoto.pdf_wijken import wijk_map_for

    run_id = latest_import_run_id() if run_id is None else run_id
    pdf = stored_pdf(municipality.code, run_id)
    if pdf is None:
        sf = startfoto_get(municipality=municipality, run_id=run_id)
        pdf = startfoto_pdf(sf, wijk_map=wijk_map_for(municipality=municipality))
        store_pdf(municipality.code, run_id, pdf)
    return pdf


def startfoto_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    municipality = municipality_by_code(code)
    if municipality is None:
        raise Http404(UNKNOWN_CODE.format(code=code.upper()))
    response = HttpResponse(startfoto_pdf_for_municipality(municipality), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="startfoto-{municipality.code}.pdf"'
    return response
