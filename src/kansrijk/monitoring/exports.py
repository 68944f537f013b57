"""The monitor's exports: CSV columns (the CLI and API shape) and the coalition monitor as a PDF."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from kansrijk.core.pdf import pdf_bytes
from kansrijk.monitoring.pages import CoalitionMonitor

COLUMNS = ("key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt")
CSS_PATH = Path(__file__).parent / "templates" / "monitoring" / "pdf" / "monitor.css"


def coalition_pdf(monitor: CoalitionMonitor) -> bytes:
    html = render_to_string(
        "monitoring/pdf/coalition.html",
        {"m": monitor, "coalition": monitor.coalition, "today": timezone.localdate()},
    )
    return pdf_bytes(html, CSS_PATH)
