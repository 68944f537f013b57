"""The balans as an accessible A4-landscape PDF for the coalition meeting (WeasyPrint, PDF/UA-1).

Same approach as the startfoto PDF (`startfoto/pdf.py`): the stylesheet and fonts are parsed once per
process, the document is rendered from the same `Balans` as the page, and no URL is ever fetched.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from kansrijk.core.pdf import pdf_bytes
from kansrijk.interventions.selectors.balans import Balans, BalansWijken, gap_summary
from kansrijk.interventions.selectors.needs import RULE_TEXT
from kansrijk.startfoto.pdf import nl_date

CSS_PATH = Path(__file__).parent / "templates" / "interventions" / "balans" / "pdf" / "balans.css"


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
    return pdf_bytes(html, CSS_PATH)
