from django.urls import path, re_path

from kansrijk.atlas import views

app_name = "atlas"
urlpatterns = [
    path("", views.index, name="index"),
    path("methode/", views.method, name="methode"),
    path("kaart/gemeenten.geojson", views.geojson_municipalities, name="geojson_gemeenten"),
    re_path(r"^(?P<code>[Gg][Mm]\d{4})/$", views.municipality, name="gemeente"),
    re_path(r"^(?P<code>[Gg][Mm]\d{4})/kaart\.geojson$", views.geojson_wijken, name="geojson_wijken"),
    re_path(r"^(?P<code>[Gg][Mm]\d{4})/atlas\.csv$", views.municipality_csv, name="csv"),
]
