from django.contrib import admin
from django.urls import include, path

from kansrijk.accounts import views as accounts_views
from kansrijk.core import views as core_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("account/mijn/", accounts_views.my_account, name="my-account"),
    path("account/", include("allauth.urls")),
    path("api/v1/", include("kansrijk.api.urls")),
    path("", core_views.home, name="home"),
    path("toegankelijkheid/", core_views.accessibility, name="toegankelijkheid"),
    path("over-de-data/", core_views.about_data, name="over-data"),
    path("gezond/", core_views.healthz, name="healthz"),
    path("", include("kansrijk.startfoto.urls")),
    path("atlas/", include("kansrijk.atlas.urls")),
    path("coalities/", include("kansrijk.coalitions.urls")),
    path("", include("kansrijk.interventions.urls")),
    path("", include("kansrijk.routes.urls")),
]
