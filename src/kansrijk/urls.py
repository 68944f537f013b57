"""The project URLconf. Apps' URL modules are imported, not named by string, so the import graph (and
the import contracts in pyproject.toml) sees every dependency."""

from django.contrib import admin
from django.urls import include, path

from kansrijk.accounts import views as accounts_views
from kansrijk.api import urls as api_urls
from kansrijk.atlas import urls as atlas_urls
from kansrijk.care import urls as care_urls
from kansrijk.coalitions import urls as coalitions_urls
from kansrijk.coalitions.paths import organisation as organisation_paths
from kansrijk.coalitions.views import landing as landing_views
from kansrijk.core import views as core_views
from kansrijk.interventions import urls as interventions_urls
from kansrijk.monitoring import urls as monitoring_urls
from kansrijk.routes import urls as routes_urls
from kansrijk.startfoto import urls as startfoto_urls
from kansrijk.wegwijzer import urls as wegwijzer_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    # Before admin.site.urls: the admin has no login form of its own (see accounts.views.admin_login).
    path("beheer/login/", accounts_views.admin_login, name="admin-login"),
    path("beheer/", admin.site.urls),
    path("account/mijn/", accounts_views.my_account, name="my-account"),
    # Before allauth's own: the same page without the action that skips verifying a new address.
    path("account/email/", accounts_views.change_email, name="account_email"),
    path("account/", include("allauth.urls")),
    path("api/v1/", include(api_urls)),
    path("", core_views.home, name="home"),
    path("start/", landing_views.landing, name="landing"),
    path("toegankelijkheid/", core_views.accessibility, name="toegankelijkheid"),
    path("over-de-data/", core_views.about_data, name="over-data"),
    path("gezond/", core_views.healthz, name="healthz"),
    path("", include(startfoto_urls)),
    path("atlas/", include(atlas_urls)),
    path("coalities/", include(coalitions_urls)),
    path("organisaties/", include(organisation_paths)),
    path("", include(interventions_urls)),
    path("", include(routes_urls)),
    path("wegwijzer/", include(wegwijzer_urls)),
    path("zorg/", include(care_urls)),
    path("monitor/", include(monitoring_urls)),
]
