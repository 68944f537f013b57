"""The Wegwijzer as a one-page A4 PDF a midwife can hand out (WeasyPrint, tagged PDF/UA-1).

Same approach as the balans PDF: stylesheet and fonts parsed once per process, no URL ever fetched. The
page must stay one page: when the full version runs over, it is rendered again with less per theme.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kansrijk.wegwijzer import texts

CSS_PATH = Path(__file__).parent / "templates" / "wegwijzer" / "pdf" / "wegwijzer.css"
# From the most to the least per theme: (offers shown, descriptions shown, national helplines shown).
LEVELS = ((3, True, 2), (2, False, 2), (1, False, 1))


@lru_cache(maxsize=1)
def _weasy() -> tuple[FontConfiguration, CSS]:
    fonts = FontConfiguration()
    return fonts, CSS(filename=str(CSS_PATH), font_config=fonts)


class _NoFetch(URLFetcher):
    """Refuses every URL: the render never touches the network or the file system."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=[])

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ValueError(f"Geen externe bronnen in de PDF: {url}")


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
    fonts, css = _weasy()
    document = None
    for offers, descriptions, helplines in LEVELS:
        html = render_to_string(
            "wegwijzer/pdf/wegwijzer.html",
            {"w": data, "t": texts, "themes": _themes(data, offers, helplines), "descriptions": descriptions},
        )
        document = HTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=_NoFetch()).render(
            stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1"
        )
        if len(document.pages) == 1:
            break
    assert document is not None
    if len(document.pages) > 1:
        document.pages = document.pages[:1]  # the least version still runs over: the first page only
    return document.write_pdf()
