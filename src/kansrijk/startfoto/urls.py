"""Startfoto URLs. The CSV/JSON/PDF views live in the export modules (`exports.py`, `pdf.py`), imported
here like any view so the import graph (and its contracts) sees them."""

from __future__ import annotations

from django.urls import path, register_converter

from kansrijk.startfoto import exports, pdf, views


class MunicipalityCode:
    """GMxxxx, case-insensitive in the URL (the view redirects to the canonical upper-case code)."""

    regex = "[Gg][Mm][0-9]{4}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MunicipalityCode, "gm")

app_name = "startfoto"
urlpatterns = [
    path("startfoto/", views.search, name="zoek"),
    path("startfoto/<gm:code>/", views.detail, name="detail"),
    path("startfoto/<gm:code>/wijken.geojson", views.wijken_geojson, name="wijken"),
    path("startfoto/<gm:code>/wijken/", views.wijken_panel, name="wijken_tabel"),
    path("startfoto/<gm:code>/duiding/", views.duiding_add, name="duiding"),
    path(
        "startfoto/<gm:code>/duiding/<uuid:public_id>/verwijderen/",
        views.duiding_remove,
        name="duiding_verwijderen",
    ),
    path(
        "startfoto/<gm:code>/startfoto.csv",
        exports.startfoto_csv_view,
        name="csv",
    ),
    path(
        "startfoto/<gm:code>/startfoto.json",
        exports.startfoto_json_view,
        name="json",
    ),
    path(
        "startfoto/<gm:code>/startfoto.pdf",
        pdf.startfoto_pdf_view,
        name="pdf",
    ),
]
