"""The monitor's downloads: the CSV of the pages (coalition and national) and the coalition monitor as a PDF.

The CSV holds the same published figures as the page, in words a spreadsheet user reads: the indicator's
title and category (never the stored keys), the area by name, and for every row whether it is withheld
(`onderdrukt`, its counts empty) and whether it comes from made-up demo data (`fictief`). The CLI and the
API keep the machine shape of the issue (`selectors.monitor_rows`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kansrijk.coalitions.models import Coalition
from kansrijk.core.csv_safe import csv_text
from kansrijk.core.pdf import pdf_bytes
from kansrijk.monitoring.pages import CATEGORY_LABELS, CoalitionMonitor, category_label
from kansrijk.monitoring.selectors import Figure, coalition_figures, indicator_definitions, national_figures

COLUMNS = (
    "cijfer",
    "categorie",
    "periode",
    "gebied",
    "teller",
    "noemer",
    "waarde",
    "eenheid",
    "onderdrukt",
    "fictief",
)
CSS_PATH = Path(__file__).parent / "templates" / "monitoring" / "pdf" / "monitor.css"
PERIODS = 12
AREA_ORDER = {"nederland": 0, "ggd_regio": 1, "coalitie": 2, "gemeente": 3, "wijk": 4}
# The area kinds that read better with their kind after the name ("Utrecht (gemeente)").
AREA_KIND_WORDS = {"coalitie": "coalitie", "gemeente": "gemeente", "wijk": "wijk"}


def _area(f: Figure) -> str:
    kind = AREA_KIND_WORDS.get(f.area_kind)
    return f"{f.area_name} ({kind})" if kind else f.area_name


def csv_rows(figures: Iterable[Figure]) -> list[dict[str, Any]]:
    """One row per published figure, newest period first, then by area and the indicators' own order."""
    figures = list(figures)
    definitions = {d.key: d for d in indicator_definitions()}
    categories = {value: (i, str(label)) for i, (value, label) in enumerate(CATEGORY_LABELS)}
    categories[""] = (-1, "")
    distributions = {f.indicator for f in figures if f.category}  # their row without a category: the total

    def order(f: Figure) -> tuple[object, ...]:
        d = definitions.get(f.indicator)
        cat = categories.get(f.category, (len(categories), f.category))
        return (
            -f.period.start.toordinal(),
            AREA_ORDER.get(f.area_kind, 9),
            f.area_name,
            d.order if d else 999,
            f.indicator,
            cat,
        )

    rows = []
    for f in sorted(figures, key=order):
        d = definitions.get(f.indicator)
        if not f.category:
            category = _("Totaal") if f.indicator in distributions else ""
        elif f.category in categories:
            category = categories[f.category][1]
        else:
            category = category_label(f.category)
        rows.append(
            {
                "cijfer": d.title if d else f.indicator,
                "categorie": category,
                "periode": f.period.label,
                "gebied": _area(f),
                "teller": None if f.suppressed else f.teller,
                "noemer": None if f.suppressed else f.noemer,
                "waarde": None if f.suppressed else f.waarde,
                "eenheid": d.unit if d else "",
                "onderdrukt": f.suppressed,
                "fictief": f.is_synthetic,
            }
        )
    return rows


def coalition_csv(coalition: Coalition) -> str:
    """The coalition's rows and those of its municipalities (no wijken, as on the page)."""
    return csv_text(
        COLUMNS, csv_rows(coalition_figures(coalition, periods=PERIODS, wijken=False)), excel=True
    )


def national_csv() -> str:
    """Nederland, the GGD regions and the coalitions."""
    return csv_text(COLUMNS, csv_rows(national_figures(periods=PERIODS)), excel=True)


def coalition_pdf(monitor: CoalitionMonitor) -> bytes:
    html = render_to_string(
        "monitoring/pdf/coalition.html",
        {
            "m": monitor,
            "coalition": monitor.coalition,
            "today": timezone.localdate(),
        },
    )
    return pdf_bytes(html, CSS_PATH)
