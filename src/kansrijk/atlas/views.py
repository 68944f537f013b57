"""Public, read-only atlas pages. Each view: ensure the model → read through selectors → render."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from kansrijk.atlas import charts
from kansrijk.atlas.compute import TARGETS
from kansrijk.atlas.exports import atlas_csv
from kansrijk.atlas.inputs import LEFT_OUT, POOLING_HOUSEHOLDS
from kansrijk.atlas.selectors import (
    CREDIT,
    ESTIMATE_NOTE,
    atlas_geojson_gemeenten,
    atlas_geojson_wijken,
    atlas_models_history,
    atlas_municipality,
    atlas_national,
    atlas_payload,
)
from kansrijk.atlas.services import atlas_model_ensure

GEOJSON = "application/geo+json"


def _base(model: object) -> dict[str, object]:
    # Translated on the page; the API and exports keep the Dutch text (their contract).
    return {"model": model, "credit": CREDIT, "estimate_note": gettext(ESTIMATE_NOTE)}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    model = atlas_model_ensure()
    national, municipalities = atlas_national(model=model)
    return render(
        request, "atlas/index.html", {**_base(model), "national": national, "municipalities": municipalities}
    )


@require_GET
def municipality(request: HttpRequest, code: str) -> HttpResponse:
    model = atlas_model_ensure()
    data = atlas_municipality(model=model, code=code)
    if data is None:
        raise Http404("Onbekende gemeentecode")
    return render(
        request,
        "atlas/municipality.html",
        {
            **_base(model),
            "gemeente": data.municipality,
            "wijken": data.rows,  # with and without an estimate (nobody lives there)
            "unpopulated": data.unpopulated,
        },
    )


@require_GET
def municipality_csv(request: HttpRequest, code: str) -> HttpResponse:
    """The wijk estimates as CSV; `?excel=1` for Dutch Excel (';', decimal comma, byte-order mark)."""
    payload = atlas_payload(model=atlas_model_ensure(), code=code)
    if payload is None:
        raise Http404("Onbekende gemeentecode")
    excel = request.GET.get("excel") in {"1", "ja", "true"}
    response = HttpResponse(atlas_csv(payload, excel=excel), content_type="text/csv; charset=utf-8")
    suffix = "-excel" if excel else ""
    response["Content-Disposition"] = f'attachment; filename="atlas-{code.upper()}{suffix}.csv"'
    return response


@require_GET
def method(request: HttpRequest) -> HttpResponse:
    model = atlas_model_ensure()
    spec = charts.calibration_spec(model.validation) if model.validation.get("bins") else None
    return render(
        request,
        "atlas/method.html",
        {
            **_base(model),
            "targets": TARGETS.values(),
            "left_out": LEFT_OUT,
            "pooling": int(POOLING_HOUSEHOLDS),
            "history": atlas_models_history(),
            "chart_spec": json.dumps(spec) if spec else "",
            "coefficients": charts.coefficient_rows(model),
        },
    )


@require_GET
def geojson_municipalities(request: HttpRequest) -> HttpResponse:
    return HttpResponse(atlas_geojson_gemeenten(model=atlas_model_ensure()), content_type=GEOJSON)


@require_GET
def geojson_wijken(request: HttpRequest, code: str) -> HttpResponse:
    body = atlas_geojson_wijken(model=atlas_model_ensure(), code=code)
    if body is None:
        raise Http404("Onbekende gemeentecode")
    return HttpResponse(body, content_type=GEOJSON)
