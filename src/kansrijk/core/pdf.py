"""Accessible PDFs with WeasyPrint (tagged PDF/UA-1), shared by every app that prints a page.

The stylesheet and fonts are parsed once per process and stylesheet, and no URL is ever fetched: a
document is rendered from its HTML string and stylesheet only (the startfoto PDF, which serves its
chart images through its own fetcher, keeps its own loader).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse


class NoFetch(URLFetcher):
    """Refuses every URL: the render never touches the network or the file system."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=[])

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        raise ValueError(f"Geen externe bronnen in de PDF: {url}")


# Passed to both the layout and the writing: WeasyPrint's `write_pdf` starts again from its defaults, so
# a variant given only to `render` would give an untagged file.
VARIANT = "pdf/ua-1"


@lru_cache(maxsize=8)
def _weasy(css_path: str) -> tuple[FontConfiguration, CSS]:
    fonts = FontConfiguration()
    return fonts, CSS(filename=css_path, font_config=fonts)


def pdf_render(html: str, css_path: Path) -> Document:
    """The laid-out document (callers that must fit a page count inspect `pages` before writing)."""
    fonts, css = _weasy(str(css_path))
    document = HTML(string=html, base_url=str(css_path.parent), url_fetcher=NoFetch())
    return document.render(stylesheets=[css], font_config=fonts, pdf_variant=VARIANT)


def pdf_write(document: Document) -> bytes:
    return bytes(document.write_pdf(pdf_variant=VARIANT))


def pdf_bytes(html: str, css_path: Path) -> bytes:
    return pdf_write(pdf_render(html, css_path))
