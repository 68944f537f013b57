"""The startfoto as JSON and CSV: one serialisation shared by the download views, the CLI and the API.

Every figure names its source and year; a missing value stays null with the reason in `toelichting`.
Teller and noemer are only published next to a published value: a withheld (suppressed) value must not
be recoverable from its counts (design.md §3, docs/data.md "Small numbers").
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse

from kansrijk.areas.catalogue import counts_are_published
from kansrijk.areas.selectors import municipality_by_code
from kansrijk.core.csv_safe import csv_text
from kansrijk.core.disclosure import THRESHOLD
from kansrijk.startfoto.births import births_for
from kansrijk.startfoto.selectors import startfoto_get
from kansrijk.startfoto.types import Comparison, IndicatorFigure, Startfoto

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"
COMPARISON_LEVELS = ("ggd_regio", "provincie", "nederland", "vergelijkbare_gemeenten")
PERINATAL_NOT_LOADED = (
    "Perinatale cijfers (Perined / RIVM) zijn nog niet geladen. De beheerder van het platform kan ze "
    "toevoegen; tot dan staan hier alleen de landelijke referentiewaarden."
)
UNKNOWN_CODE = "Onbekende gemeentecode: {code} (verwacht bijv. GM0363)."

CSV_COLUMNS = [
    "key",
    "titel",
    "eenheid",
    "jaar",
    "waarde",
    "teller",
    "noemer",
    "bron",
    "ggd_regio",
    "provincie",
    "nederland",
    "vergelijkbare_gemeenten",
    "vergelijking_toelichting",
    "sectie",
    "fase",
    "thema",
    "richting",
    "benadering",
    "afgeleid",
    "teller_omschrijving",
    "noemer_omschrijving",
    "toelichting",
    "definitie",
    "gemeente_code",
    "gemeente_naam",
    "bron_vermelding",
]


def _counts(
    value: float | None, numerator: float | None, denominator: float | None, *, published: bool = True
) -> tuple[Any, Any]:
    # A withheld value keeps its counts in the database (region sums need them) but never in an export.
    if value is None:
        return None, None
    # A numerator computed from a rounded CBS rate is no count: the denominator is real, the teller stays
    # empty (kansrijk.areas.catalogue.counts_are_published).
    return (numerator if published else None), denominator


def _comparison_detail(comparison: Comparison, *, published: bool) -> dict[str, Any]:
    teller, noemer = _counts(
        comparison.value, comparison.numerator, comparison.denominator, published=published
    )
    return {
        "code": comparison.area.code,
        "naam": comparison.area.name,
        "waarde": comparison.value,
        "teller": teller,
        "noemer": noemer,
        "benadering": comparison.approximate,
        "toelichting": comparison.note,
    }


def figure_to_dict(figure: IndicatorFigure, figures: list[IndicatorFigure] | None = None) -> dict[str, Any]:
    """One indicator: the municipality's value plus the four comparisons (number or null each)."""
    published = counts_are_published(figure.key)
    teller, noemer = _counts(figure.value, figure.numerator, figure.denominator, published=published)
    comparisons = {level: figure.comparisons.get(level) for level in COMPARISON_LEVELS}
    data = {
        "key": figure.key,
        "titel": figure.title,
        "eenheid": figure.unit,
        "jaar": figure.year,
        "waarde": figure.value,
        "teller": teller,
        "noemer": noemer,
        "bron": figure.source,
        "vergelijking": {level: (c.value if c else None) for level, c in comparisons.items()},
        "vergelijking_gebieden": {
            level: _comparison_detail(c, published=published)
            for level, c in comparisons.items()
            if c is not None
        },
        "definitie": figure.definition,
        "fase": figure.phase,
        "thema": figure.theme,
        "richting": figure.direction,
        "teller_omschrijving": figure.numerator_label,
        "noemer_omschrijving": figure.denominator_label,
        "benadering": figure.approximate,
        "afgeleid": figure.derived,
        "toelichting": figure.note or ("" if figure.value is not None else "niet beschikbaar"),
        "wijkniveau": figure.available_for_wijk,
        "trend": [
            {"jaar": p.year, "waarde": p.value, "nederland": p.nederland, "toelichting": p.note}
            for p in figure.trend
        ],
    }
    # Derived births: one derivation, honest precision, the small-number rule (startfoto/births.py).
    births = births_for(figure, figures or [])
    data["ondergrens"] = births.lower if births else None
    data["bovengrens"] = births.upper if births else None
    if births is not None:
        data["waarde"] = births.value
        data["teller"] = births.value
        data["toelichting"] = (
            f"minder dan {THRESHOLD}"
            if births.value is None
            else f"schatting, {births.interval}: afgeleid uit het afgeronde geboortecijfer per 1.000 inwoners"
        )
    return data


def _area_name(ref: Any) -> str | None:
    return ref.name if ref is not None else None


def startfoto_to_dict(sf: Startfoto) -> dict[str, Any]:
    """The startfoto as plain JSON-able data (the API schema `StartfotoOut` describes the same shape)."""
    loaded = bool(sf.perinatal)
    return {
        "gemeente": {
            "code": sf.code,
            "naam": sf.name,
            "provincie": _area_name(sf.province),
            "ggd_regio": _area_name(sf.ggd_region),
            "vergelijkbare_gemeenten": _area_name(sf.peer_group),
            "provincie_code": sf.province.code if sf.province else None,
            "ggd_regio_code": sf.ggd_region.code if sf.ggd_region else None,
            "vergelijkbare_gemeenten_code": sf.peer_group.code if sf.peer_group else None,
            "inwoners": sf.population,
            "inwoners_jaar": sf.population_year,
        },
        "indicatoren": [figure_to_dict(f, sf.figures) for f in sf.figures],
        "perinataal": {
            "status": "geladen" if loaded else "niet_geladen",
            "toelichting": "" if loaded else PERINATAL_NOT_LOADED,
            "indicatoren": [figure_to_dict(f) for f in sf.perinatal],
            "landelijke_referenties": [
                {
                    "key": r.key,
                    "titel": r.title,
                    "eenheid": r.unit,
                    "waarde": r.value,
                    "jaar": r.year,
                    "bron": r.source,
                }
                for r in sf.perinatal_references
            ],
        },
        "bron_vermelding": sf.credit or CREDIT,
    }


# --- CSV ---------------------------------------------------------------------------------------------


def csv_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Flatten `startfoto_to_dict` output: one row per indicator, perinatal rows last.

    Without imported perinatal figures each national reference becomes a row with an empty `waarde`,
    the reference in `nederland` and the reason in `toelichting`: nothing is filled in for the municipality.
    """
    gemeente = data["gemeente"]
    base = {"gemeente_code": gemeente["code"], "gemeente_naam": gemeente["naam"]}
    base["bron_vermelding"] = data["bron_vermelding"]
    rows: list[dict[str, Any]] = []
    sections = [("cbs", data["indicatoren"]), ("perinataal", data["perinataal"]["indicatoren"])]
    for section, indicators in sections:
        for ind in indicators:
            row = {k: ind.get(k) for k in CSV_COLUMNS if k in ind}
            row.update(ind["vergelijking"])
            # "Built from X of Y municipalities" travels with the figure into the spreadsheet (issue 10).
            notes = [
                f"{detail['naam']}: {detail['toelichting']}"
                for detail in ind.get("vergelijking_gebieden", {}).values()
                if detail.get("toelichting")
            ]
            row["vergelijking_toelichting"] = "; ".join(notes)
            rows.append({**row, "sectie": section, **base})
    if data["perinataal"]["status"] == "niet_geladen":
        for ref in data["perinataal"]["landelijke_referenties"]:
            rows.append(
                {
                    "key": ref["key"],
                    "titel": ref["titel"],
                    "eenheid": ref["eenheid"],
                    "jaar": ref["jaar"],
                    "bron": ref["bron"],
                    "nederland": ref["waarde"],
                    "sectie": "perinataal",
                    "toelichting": "niet geladen: alleen de landelijke referentie. " + PERINATAL_NOT_LOADED,
                    **base,
                }
            )
    return rows


def startfoto_to_csv(data: dict[str, Any], *, excel: bool = False) -> str:
    """RFC 4180 CSV by default; `excel=True` the Dutch-Excel dialect (core.csv_safe.csv_text)."""
    return csv_text(CSV_COLUMNS, csv_rows(data), excel=excel)


# --- reads and views ---------------------------------------------------------------------------------


def startfoto_for_code(code: str) -> Startfoto | None:
    """The (cached) startfoto for a municipality code, or None for an unknown code."""
    municipality = municipality_by_code(code)
    if municipality is None:
        return None
    return startfoto_get(municipality=municipality)


def startfoto_data_or_404(code: str) -> tuple[Startfoto, dict[str, Any]]:
    sf = startfoto_for_code(code)
    if sf is None:
        raise Http404(UNKNOWN_CODE.format(code=code.upper()))
    return sf, startfoto_to_dict(sf)


def startfoto_json_view(request: HttpRequest, code: str) -> HttpResponse:
    sf, data = startfoto_data_or_404(code)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="startfoto-{sf.code}.json"'
    return response


def startfoto_csv_view(request: HttpRequest, code: str) -> HttpResponse:
    """`?excel=1` gives the Dutch-Excel dialect (';', decimal comma, BOM)."""
    sf, data = startfoto_data_or_404(code)
    excel = request.GET.get("excel") in {"1", "ja", "true"}
    response = HttpResponse(startfoto_to_csv(data, excel=excel), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="startfoto-{sf.code}.csv"'
    return response
