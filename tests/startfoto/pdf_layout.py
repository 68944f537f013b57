"""Layout checks on a rendered WeasyPrint document: text that leaves its box, and pages left nearly empty.

They read WeasyPrint's own box tree (the layout the PDF is drawn from), so a check names the text and
the page instead of guessing from extracted text where two numbers ran together.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

TOLERANCE = 0.5  # CSS px: rounding in the layout, far below a visible collision


@dataclass(frozen=True)
class Overflow:
    page: int
    text: str
    by: float  # CSS px outside the box

    def __str__(self) -> str:
        return f"pagina {self.page}: {self.text!r} steekt {self.by:.1f} px buiten zijn vak"


def _walk(box: boxes.Box, container: boxes.Box | None) -> Iterator[tuple[boxes.Box, boxes.Box | None]]:
    if (getattr(box, "element_tag", None) or "").endswith("::marker"):
        return  # list numbers sit outside the list item's box by design
    yield box, container
    inner = box if isinstance(box, boxes.BlockContainerBox) else container
    for child in getattr(box, "children", ()):
        yield from _walk(child, inner)


def overflows(document: Document) -> list[Overflow]:
    """Every piece of text that reaches outside the content box of the block that holds it: a word
    wider than its table column, a number running into the next cell, a label into its value."""
    found = []
    for number, page in enumerate(document.pages, start=1):
        for box, container in _walk(page._page_box, None):
            if not isinstance(box, boxes.TextBox) or container is None or not box.text.strip():
                continue
            left = container.content_box_x()
            right = left + container.width
            by = max(left - box.position_x, box.position_x + box.width - right)
            if by > TOLERANCE:
                found.append(Overflow(number, box.text.strip(), by))
    return found


def fill(document: Document) -> list[float]:
    """Per page, the share of the page's content height that holds something (0–1)."""
    shares = []
    for page in document.pages:
        page_box = page._page_box
        top = page_box.content_box_y()
        height = page_box.height
        bottom = top
        for child in page_box.children:
            if isinstance(child, boxes.MarginBox):  # running header and footer
                continue
            for box, _container in _walk(child, None):
                if isinstance(box, (boxes.TextBox, boxes.ReplacedBox, boxes.TableRowBox)):
                    bottom = max(bottom, box.position_y + box.margin_height())
        shares.append((bottom - top) / height if height else 0.0)
    return shares
