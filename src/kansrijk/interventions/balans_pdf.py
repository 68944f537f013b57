"""The balans as an accessible A4-landscape PDF for the coalition meeting (WeasyPrint, PDF/UA-1).

Same approach as the startfoto PDF (`startfoto/pdf.py`): the stylesheet and fonts are parsed once per
process, the document is rendered from the same `Balans` as the page, and no URL is ever fetched.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from kansrijk.interventions.selectors.balans import Balans, BalansWijken, gap_summary
from kansrijk.interventions.selectors.needs import RULE_TEXT
from kansrijk.startfoto.pdf import nl_date

CSS_PATH = Path(__file__).parent / "templates" / "interventions" / "balans" / "pdf" / "balans.css"


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


def _sources(balans: Balans) -> list[str]:
    seen: dict[str, None] = {}
    for row in balans.rows:
        for figure in row.behoefte.figures:
            seen.setdefault(figure.source, None)
    return list(seen)


def balans_pdf(balans: Balans, *, wijken: BalansWijken | None, generated: dt.date | None = None) -> bytes:
    """Render the balans (matrix with gaps and notes, per-wijk table, sources) to tagged PDF bytes."""
    day = generated or timezone.localdate()
    html = render_to_string(
        "interventions/balans/pdf/balans.html",
        {
            "balans": balans,
            "coalition": balans.coalition,
            "summary": gap_summary(balans.gap_count),
            "rule": RULE_TEXT,
            "wijken": wijken,
            "sources": _sources(balans),
            "generated": nl_date(day),
            "generated_iso": day.isoformat(),
        },
    )
    fonts, css = _weasy()
    document = HTML(string=html, base_url=str(CSS_PATH.parent), url_fetcher=_NoFetch())
    return document.write_pdf(stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")
