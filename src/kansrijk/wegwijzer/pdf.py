"""The Wegwijzer as a one-page A4 PDF a midwife can hand out (WeasyPrint, tagged PDF/UA-1).

Same approach as the balans PDF: stylesheet and fonts parsed once per process, no URL ever fetched. The
page must stay one page: when the full version runs over, it is rendered again with less per theme.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from kansrijk.core.pdf import pdf_render, pdf_write
from kansrijk.wegwijzer import texts

CSS_PATH = Path(__file__).parent / "templates" / "wegwijzer" / "pdf" / "wegwijzer.css"
# From the most to the least per theme: (offers shown, descriptions shown, national helplines shown).
LEVELS = ((3, True, 2), (2, False, 2), (1, False, 1))


def _themes(data: dict[str, Any], offers: int, helplines: int) -> list[dict[str, Any]]:
    return [
        {
            **theme,
            "aanbod": theme["aanbod"][:offers],
            "meer": max(0, len(theme["aanbod"]) - offers),
            "landelijk": theme["landelijk"][:helplines],
        }
        for theme in data["themas"]
    ]


def wegwijzer_pdf(data: dict[str, Any]) -> bytes:
    """One A4 page: the first steps per phase and, per theme, local help or the national helplines."""
    document = None
    for offers, descriptions, helplines in LEVELS:
        html = render_to_string(
            "wegwijzer/pdf/wegwijzer.html",
            {"w": data, "t": texts, "themes": _themes(data, offers, helplines), "descriptions": descriptions},
        )
        document = pdf_render(html, CSS_PATH)
        if len(document.pages) == 1:
            break
    assert document is not None
    if len(document.pages) > 1:
        document.pages = document.pages[:1]  # the least version still runs over: the first page only
    return pdf_write(document)
