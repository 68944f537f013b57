"""Lean SVG for the PDF: drop what WeasyPrint would draw invisibly, merge alike lines, round coordinates.

WeasyPrint draws SVG node by node in Python, so fewer nodes is a faster PDF (see `pdf_charts`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Attributes WeasyPrint does not use (the <img> carries the text alternative of the whole chart).
UNUSED_ATTRIBUTES = frozenset(
    {"class", "role", "aria-hidden", "aria-label", "aria-roledescription", "pointer-events", "version"}
)
GEOMETRY_ATTRIBUTES = frozenset(
    {"d", "transform", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "cx", "cy", "r", "dy"}
)
SHAPES = frozenset({"path", "rect", "line", "circle", "ellipse", "polygon", "polyline"})
NOTHING = frozenset({"none", "transparent"})
DECIMAL = re.compile(r"-?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?")
LINE_ENDS = frozenset({"x1", "y1", "x2", "y2"})
TRANSLATE = re.compile(r"^translate\(\s*(-?[\d.]+)(?:[ ,]+(-?[\d.]+))?\s*\)$")


def _one_decimal(match: re.Match[str]) -> str:
    value = round(float(match.group()), 1) or 0.0  # no "-0"
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _translation(element: ET.Element) -> tuple[float, float] | None:
    found = TRANSLATE.match(element.get("transform", ""))
    return (float(found.group(1)), float(found.group(2) or 0)) if found else None


def _round_geometry(element: ET.Element) -> None:
    for name in GEOMETRY_ATTRIBUTES & element.attrib.keys():
        element.set(name, DECIMAL.sub(_one_decimal, element.attrib[name]))


def _fold_translation(element: ET.Element) -> None:
    """A line's or text's translation added to its coordinates (a text's line boxes, <tspan x>,
    move along); numbers rounded."""
    shift = _translation(element) if element.tag in ("line", "text") else None
    spans = [c for c in element if c.tag.rpartition("}")[2] == "tspan"]
    if shift is not None and len(spans) == len(element):
        del element.attrib["transform"]
        pairs = (("x1", "y1"), ("x2", "y2")) if element.tag == "line" else (("x", "y"),)
        for x, y in pairs:
            element.set(x, str(float(element.get(x, 0)) + shift[0]))
            element.set(y, str(float(element.get(y, 0)) + shift[1]))
        for span in spans:
            if "x" in span.attrib:
                span.set("x", str(float(span.get("x", 0)) + shift[0]))
            _round_geometry(span)
    _round_geometry(element)


def _merge_lines(children: list[ET.Element]) -> list[ET.Element]:
    """Runs of sibling <line>s with the same look (an axis's ticks, its grid lines) as one <path>
    of straight segments: the same strokes, one node instead of dozens."""
    merged: list[ET.Element] = []
    run: list[ET.Element] = []

    def look(line: ET.Element) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, v) for k, v in line.attrib.items() if k not in LINE_ENDS))

    def flush() -> None:
        if len(run) < 2:
            merged.extend(run)
        else:
            segments = [
                f"M{line.get('x1', '0')},{line.get('y1', '0')}L{line.get('x2', '0')},{line.get('y2', '0')}"
                for line in run
            ]
            path = ET.Element("path", dict(look(run[0])))
            path.set("d", "".join(segments))
            merged.append(path)
        run.clear()

    for child in children:
        mergeable = (
            child.tag == "line"
            and not len(child)
            and "transform" not in child.attrib
            and "stroke-dasharray" not in child.attrib  # a dash pattern restarts per segment
        )
        if run and not (mergeable and look(child) == look(run[0])):
            flush()
        if mergeable:
            run.append(child)
        else:
            merged.append(child)
    flush()
    return merged


def lean_svg(svg: str, *, fonts: dict[str, str] | None = None) -> str:
    """The same picture with fewer nodes for WeasyPrint: invisible elements (display none, opacity
    0, neither fill nor stroke) and empty or attribute-less groups removed, unused attributes
    dropped, translations of lines and plain texts folded into their coordinates, runs of alike
    lines merged into one path, numbers rounded to 0.1 px, and font families renamed (`fonts`:
    measured family → drawn family)."""
    root = ET.fromstring(svg)  # noqa: S314 - vl-convert's own output, not user input
    fonts = fonts or {}

    def clean(element: ET.Element, fill: str, stroke: str) -> bool:
        """Tidy `element` in place; False when it draws nothing and can go."""
        element.tag = element.tag.rpartition("}")[2]
        for name in [n for n in element.attrib if n in UNUSED_ATTRIBUTES]:
            del element.attrib[name]
        if element.get("display") == "none" or element.get("opacity") == "0":
            return False
        if element.get("opacity") == "1":
            del element.attrib["opacity"]
        if element.get("transform") in ("translate(0,0)", "translate(0, 0)"):
            del element.attrib["transform"]
        fill, stroke = element.get("fill", fill), element.get("stroke", stroke)
        tag = element.tag
        if tag in SHAPES:
            filled = tag != "line" and fill not in NOTHING and element.get("d") != ""
            if not filled and (stroke in NOTHING or element.get("stroke-width") == "0"):
                return False
        if tag == "text":
            if not "".join(element.itertext()).strip() or (fill in NOTHING and stroke in NOTHING):
                return False
            if element.get("font-family") in fonts:
                element.set("font-family", fonts[element.get("font-family", "")])
        _fold_translation(element)
        children: list[ET.Element] = []
        for child in list(element):
            if not clean(child, fill, stroke):
                continue
            if child.tag == "g" and not child.attrib:
                children.extend(child)  # a bare group changes nothing: keep its children
            else:
                children.append(child)
        if tag == "g" and not children:
            return False
        element[:] = _merge_lines(children)
        return True

    clean(root, "black", "none")  # SVG's initial fill and stroke
    # Vega's white backdrop: the page is white already.
    if len(root) and root[0].tag == "rect" and root[0].get("fill") in ("white", "#fff", "#ffffff"):
        del root[0]
    for element in root.iter():
        for name in [n for n in element.attrib if n.startswith("{")]:
            namespace, _, local = name[1:].partition("}")
            element.set(("xlink:" if namespace == XLINK_NS else "") + local, element.attrib.pop(name))
    root.set("xmlns", SVG_NS)
    if any(n.startswith("xlink:") for e in root.iter() for n in e.attrib):
        root.set("xmlns:xlink", XLINK_NS)
    return ET.tostring(root, encoding="unicode")
