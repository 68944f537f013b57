"""TEMPORARY (until the lead adds `api.add_router("/monitor", monitor_router)` to src/kansrijk/api/api.py):
the project URLs with the monitor router mounted at /api/v1/monitor/, so test_cli_api.py can exercise it.
Delete this file and the `pytestmark` line in test_cli_api.py once the router is registered."""

from django.urls import path
from ninja import NinjaAPI

from kansrijk.monitoring.api import router
from kansrijk.urls import urlpatterns as base

api = NinjaAPI(urls_namespace="monitor-test")
api.add_router("/monitor", router)

urlpatterns = [path("api/v1/", api.urls), *base]
