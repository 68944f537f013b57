"""Vega-Lite specs for the PDF and their server-side rendering to SVG (vl-convert, no browser).

Speed (one faceted trend chart was ~0.5 s of vl-convert and ~0.25 s of WeasyPrint; now ~0.2 s and
~0.1 s; the same picture):

- vl-convert costs ~15 ms per call plus its text measurement, so the trend charts of one phase are
  rendered as one faceted chart (one call per phase instead of one per indicator).
- Text measurement was most of a render: vl-convert reads a *system* font file from disk for every
  glyph it measures (~0.2 ms a glyph for DejaVu Sans). It measures with `MEASURING_FAMILY` instead:
  a subset of the same DejaVu Sans files (same glyphs, advances and kerning, so the same layout;
  checked once a process), written once to `VAR_DIR/cache/` and registered with vl-convert. The SVG
  names the PDF's font again (`lean_svg`), so WeasyPrint draws the real DejaVu Sans.
- No label limits: with a limit Vega measures every label twice. Long panel titles and the map's
  legend title are wrapped to two lines instead (they used to be cut off with "…").
- `lean_svg` drops what WeasyPrint would draw invisibly (Vega's empty background and foreground
  paths, labels hidden by overlap removal, bare groups), merges alike tick and grid lines into one
  path and rounds coordinates to 0.1 px: WeasyPrint draws SVG node by node in Python.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import textwrap
from functools import lru_cache
from pathlib import Path
from typing import Any

import vl_convert
from django.conf import settings

from kansrijk.areas.boundaries import BoundaryChange
from kansrijk.startfoto.charts import COUNT_UNITS, MUNICIPALITY_COLOUR, NEDERLAND_COLOUR, has_trend
from kansrijk.startfoto.pdf_svg import lean_svg
from kansrijk.startfoto.presentation import THOUSAND_EUROS
from kansrijk.startfoto.types import IndicatorFigure
from kansrijk.startfoto.wijken import NO_DATA_COLOUR, WijkMap

logger = logging.getLogger(__name__)

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "DejaVu Sans"
NO_DATA_LABEL = "geen cijfer"
# Shared look: the PDF's font (so WeasyPrint measures text as vl-convert laid it out), no chart border.
# No label limits (0): long titles are wrapped instead (`wrap`), numbers are short, and with a limit
# Vega measures every label twice (once to check the limit): a third of a chart's render time.
CONFIG: dict[str, Any] = {
    "font": FONT,
    "view": {"stroke": None},
    "axis": {"labelFontSize": 9, "titleFontSize": 9, "gridColor": "#e6e6e6", "labelLimit": 0},
    "legend": {
        "labelFontSize": 9,
        "titleFontSize": 9,
        "orient": "bottom",
        "labelLimit": 0,
        "titleLimit": 0,
    },
    "header": {"labelFontSize": 9.5, "labelFontWeight": "bold", "labelLimit": 0},
}
# Characters per line of a wrapped panel title (bold 9.5 px, ~6 px a character, panels 197 px
# apart) and of the map's legend title (bold 9 px, ~200 px beside the map).
HEADER_CHARS = 30
# Panels per trend chart: two rows of three (~a third of a page), so a chart that does not fit on a
# page moves on without leaving much of the page empty.
PANELS_PER_CHART = 6
LEGEND_TITLE_CHARS = 32

# --- the measuring font --------------------------------------------------------------------------

MEASURING_FAMILY = "Kansrijk Grafiek"
MEASURING_FONT_VERSION = 1  # raise when the subset below changes
# The PDF font's files (fontconfig's usual places): regular and bold are all the charts use.
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")
# Latin with accents, punctuation (– “ ” …), currency (€), letterlike (№), arrows and maths (≈ ≥ −).
MEASURING_RANGES = ((0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x20A0, 0x20BF), (0x2100, 0x22FF))


def _font_file(name: str) -> Path | None:
    for root in FONT_DIRS:
        for path in sorted(Path(root).expanduser().glob(f"**/{name}")):
            return path
    return None


def _write_measuring_fonts(sources: list[Path], target: Path) -> None:
    """Subset each source to `MEASURING_RANGES`, renamed to `MEASURING_FAMILY` (so vl-convert cannot
    confuse it with the system font); hinting and unused tables dropped, layout features kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    unicodes = [c for low, high in MEASURING_RANGES for c in range(low, high + 1)]
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    for source in sources:
        font = TTFont(source)
        options = subset.Options()
        options.hinting = False
        options.name_IDs = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["FFTM"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        style = font["name"].getDebugName(2) or "Regular"
        for record in font["name"].names:
            if record.nameID in (1, 16):
                record.string = MEASURING_FAMILY
            elif record.nameID == 4:
                record.string = f"{MEASURING_FAMILY} {style}"
            elif record.nameID == 6:
                record.string = f"{MEASURING_FAMILY.replace(' ', '')}-{style}"
        font.save(work / source.name)
    work.chmod(0o755)  # mkdtemp's 0700 would hide the fonts from a worker running as another user
    try:
        os.replace(work, target)  # atomic: another worker may be writing the same directory
    except OSError:
        for path in work.iterdir():
            path.unlink()
        work.rmdir()
        if not target.is_dir():
            raise


def measuring_font_dir() -> Path | None:
    """The directory with the measuring fonts, written on first use; None without the PDF font."""
    sources = [_font_file(name) for name in FONT_FILES]
    if None in sources:
        return None
    paths = [p for p in sources if p is not None]
    digest = hashlib.sha256(str(MEASURING_FONT_VERSION).encode())
    for path in paths:
        digest.update(path.read_bytes())
    target = Path(settings.VAR_DIR) / "cache" / f"grafiekfont-{digest.hexdigest()[:16]}"
    if not all((target / p.name).is_file() for p in paths):
        target.parent.mkdir(parents=True, exist_ok=True)
        _write_measuring_fonts(paths, target)
    return target


# A bold title and regular axis labels with Dutch characters: laid out with the measuring font, the
# chart must be the one laid out with the PDF font (checked once a process, ~20 ms).
PROBE_SPEC: dict[str, Any] = {
    "$schema": SCHEMA,
    "title": "Eénoudergezinnen – ≈ 1.234,5 € (× 1.000)",
    "width": 10,
    "height": 10,
    "data": {"values": [{"w": 0.5}, {"w": 12345.6}]},
    "mark": "point",
    "encoding": {"y": {"field": "w", "type": "quantitative", "title": "Aandeel ë ï ó ü (%)"}},
}


def _lays_out_like_the_pdf_font(family: str) -> bool:
    def probe(font: str) -> str:
        svg = vl_convert.vegalite_to_svg(PROBE_SPEC, config={**CONFIG, "font": font}, allowed_base_urls=[])
        return svg.replace(font, FONT)

    return probe(family) == probe(FONT)


@lru_cache(maxsize=1)
def measuring_family() -> str:
    """The family vl-convert measures and lays out text with: the fast subset when it lays out
    exactly like the PDF font, else the PDF font itself (slower, same charts)."""
    try:
        directory = measuring_font_dir()
        if directory is None:
            return FONT
        vl_convert.register_font_directory(str(directory))
        if not _lays_out_like_the_pdf_font(MEASURING_FAMILY):
            logger.warning("Meetlettertype %s wijkt af van %s; vl-convert meet met %s", directory, FONT, FONT)
            return FONT
    except Exception:  # any failure only costs speed: measure with the system font
        logger.exception("Meetlettertype voor grafieken niet gemaakt; vl-convert meet met %s", FONT)
        return FONT
    return MEASURING_FAMILY


def render_svg(spec: dict[str, Any]) -> str:
    """Render one Vega-Lite spec to SVG with Dutch number formats (decimal comma); no network access."""
    family = measuring_family()
    svg = vl_convert.vegalite_to_svg(
        spec,
        config={**CONFIG, "font": family},
        format_locale="nl-NL",
        time_format_locale="nl-NL",
        allowed_base_urls=[],
    )
    return lean_svg(svg, fonts={family: FONT})


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` characters (a longer word keeps its own line)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


# --- trends ------------------------------------------------------------------------------------------


def trend_figures(figures: list[IndicatorFigure]) -> list[IndicatorFigure]:
    """Figures worth a trend chart: the page's rule (values in more than one year)."""
    return [f for f in figures if has_trend(f)]


def trend_chart_groups(figures: list[IndicatorFigure]) -> list[tuple[list[IndicatorFigure], bool]]:
    """The trend panels of a phase as charts of at most `PANELS_PER_CHART`, shares first (their axis
    starts at 0, as on the page) and then the rest (axis not from 0); each with whether it starts at 0.
    Small charts let a page fill up: one chart of 25 panels that did not fit left a page 60 % empty."""
    shares = [f for f in figures if f.unit == "%"]
    others = [f for f in figures if f.unit != "%"]
    return [
        (group[i : i + PANELS_PER_CHART], from_zero)
        for group, from_zero in ((shares, True), (others, False))
        for i in range(0, len(group), PANELS_PER_CHART)
    ]


def trend_facet_spec(
    figures: list[IndicatorFigure],
    municipality: str,
    changes: tuple[BoundaryChange, ...] = (),
    *,
    from_zero: bool = False,
) -> dict[str, Any]:
    """Small multiples of the page's trend chart (`charts.trend_chart_spec`): the same data, colours,
    dash patterns and boundary marks, one panel per indicator with its own y-scale, in one render.
    A count (inhabitants) is drawn for the municipality only, as on the page: Nederland's count would
    flatten its line. A boundary change is a dotted vertical line with its year (issue 10)."""
    values: list[dict[str, Any]] = []
    for order, figure in enumerate(figures):
        unit = "in duizenden euro's" if figure.unit == THOUSAND_EUROS else figure.unit
        title = f"{figure.title} ({unit})" if unit else figure.title
        panel = "\n".join(wrap(title, HEADER_CHARS))  # lines: see the header's labelExpr
        with_nl = figure.unit not in COUNT_UNITS
        for point in figure.trend:
            for area, value in (
                (municipality, point.value),
                ("Nederland", point.nederland if with_nl else None),
            ):
                if value is not None:
                    values.append(
                        {
                            "paneel": panel,
                            "volgorde": order,
                            "jaar": point.year,
                            "gebied": area,
                            "waarde": value,
                        }
                    )
        years = [p.year for p in figure.trend]
        for change in changes:
            if years and min(years) < change.year <= max(years):
                at = change.year - 0.5
                # The label sits on the side with room: left of a late boundary, right of an early one.
                left = at > (min(years) + max(years)) / 2
                values.append(
                    {
                        "paneel": panel,
                        "volgorde": order,
                        "grens": at,
                        "tekst": f"grens {change.year}",
                        "links": left,
                    }
                )
    series = [municipality, "Nederland"]
    line = {
        "transform": [{"filter": "isValid(datum.waarde)"}],
        # No point marks: ~40% of the SVG's paths, and WeasyPrint draws SVG in Python.
        "mark": {"type": "line", "strokeWidth": 1.6},
        "encoding": {
            "x": {
                "field": "jaar",
                "type": "quantitative",
                "title": None,
                "axis": {"format": "d", "tickMinStep": 1, "labelOverlap": True, "grid": False},
                "scale": {"zero": False, "nice": False},
            },
            "y": {
                "field": "waarde",
                "type": "quantitative",
                "title": None,
                "scale": {"zero": from_zero},
                "axis": {"tickCount": 3},
            },
            "color": {
                "field": "gebied",
                "type": "nominal",
                "title": None,
                "scale": {"domain": series, "range": [MUNICIPALITY_COLOUR, NEDERLAND_COLOUR]},
            },
            # As on the page: never colour alone (the dash pattern differs too).
            "strokeDash": {
                "field": "gebied",
                "type": "nominal",
                "scale": {"domain": series, "range": [[1, 0], [6, 4]]},
                "legend": None,
            },
        },
    }
    layers: list[dict[str, Any]] = [line]
    if any("grens" in v for v in values):
        boundary = [{"filter": "isValid(datum.grens)"}]
        layers += [
            {
                "transform": boundary,
                "mark": {"type": "rule", "strokeDash": [2, 2], "color": "#444"},
                "encoding": {"x": {"field": "grens", "type": "quantitative"}},
            },
            *(
                {
                    "transform": [{"filter": f"isValid(datum.grens) && {test}datum.links"}],
                    # At the foot of the panel: the lines of a share (axis from 0) rarely run there.
                    "mark": {
                        "type": "text",
                        "align": align,
                        "dx": dx,
                        "dy": -2,
                        "baseline": "bottom",
                        "y": "height",
                        "fontSize": 8,
                    },
                    "encoding": {"x": {"field": "grens", "type": "quantitative"}, "text": {"field": "tekst"}},
                }
                for test, align, dx in (("", "right", -2), ("!", "left", 2))
            ),
        ]
    return {
        "$schema": SCHEMA,
        "description": f"Ontwikkeling in de tijd: {municipality} en Nederland",
        "data": {"values": values},
        "facet": {
            "field": "paneel",
            "type": "nominal",
            "title": None,
            "sort": {"field": "volgorde", "op": "min"},
            "header": {"labelAnchor": "start", "labelExpr": "split(datum.value, '\\n')"},
        },
        "columns": 3,
        "spacing": {"row": 14, "column": 22},
        "resolve": {"scale": {"y": "independent"}},
        "spec": {"width": 175, "height": 85, "layer": layers},
    }


# --- wijk map ----------------------------------------------------------------------------------------


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in zip(ring, ring[1:], strict=False)) / 2


def _oriented(ring: list[list[float]], clockwise: bool) -> list[list[float]]:
    # In lon/lat with y up, clockwise means a negative shoelace area.
    return ring if (_signed_area(ring) < 0) == clockwise else ring[::-1]


def rewind(geometry: dict[str, Any]) -> dict[str, Any]:
    """Exterior rings clockwise, holes counter-clockwise: d3-geo (Vega) treats rings spherically, so
    an RFC 7946 (counter-clockwise) exterior would fill the whole globe except the wijk."""

    def polygon(rings: list[list[list[float]]]) -> list[list[list[float]]]:
        return [_oriented(ring, clockwise=(i == 0)) for i, ring in enumerate(rings)]

    kind = geometry.get("type")
    if kind == "Polygon":
        return {"type": kind, "coordinates": polygon(geometry["coordinates"])}
    if kind == "MultiPolygon":
        return {"type": kind, "coordinates": [polygon(p) for p in geometry["coordinates"]]}
    if kind == "GeometryCollection":
        return {"type": kind, "geometries": [rewind(g) for g in geometry["geometries"]]}
    return geometry


def _rounded(geometry: dict[str, Any]) -> dict[str, Any]:
    # Five decimals (~1 m) is far below print resolution and keeps the SVG small.
    def walk(coords: Any) -> Any:
        if coords and isinstance(coords[0], int | float):
            return [round(c, 5) for c in coords[:2]]
        return [walk(c) for c in coords]

    if "coordinates" in geometry:
        return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
    return geometry


def wijk_map_spec(wijk_map: WijkMap) -> dict[str, Any] | None:
    """The page's choropleth as a Vega-Lite geoshape: the same quantile classes and colours
    (`wijken.wijk_map_build`), grey without a value. None when no wijk has a geometry."""
    labels = {c.number: c.label for c in wijk_map.classes}
    features = [
        {
            "type": "Feature",
            "geometry": rewind(_rounded(json.loads(row.geometry))),
            "properties": {"naam": row.name, "klasse": labels.get(row.klasse or 0, NO_DATA_LABEL)},
        }
        for row in wijk_map.rows
        if row.geometry
    ]
    if not features:
        return None
    domain = [c.label for c in wijk_map.classes]
    colours = [c.colour for c in wijk_map.classes]
    if any(row.klasse is None for row in wijk_map.rows):
        domain, colours = [*domain, NO_DATA_LABEL], [*colours, NO_DATA_COLOUR]
    return {
        "$schema": SCHEMA,
        "description": f"Kaart van de wijken: {wijk_map.title} ({wijk_map.unit})",
        "width": 430,
        "height": 360,
        "data": {"values": features},
        "projection": {"type": "mercator"},
        "mark": {"type": "geoshape", "stroke": "#6b6b6b", "strokeWidth": 0.4},
        "encoding": {
            "color": {
                "field": "properties.klasse",
                "type": "ordinal",
                "scale": {"domain": domain, "range": colours},
                "legend": {
                    "title": wrap(f"{wijk_map.title} ({wijk_map.unit})", LEGEND_TITLE_CHARS),
                    "orient": "right",
                },
            }
        },
    }
