"""A test URLconf with the klantroutes router on its own API (until it is mounted in kansrijk/api/api.py,
and independent of it afterwards: ninja binds a router per mount)."""

from __future__ import annotations

from django.urls import path
from ninja import NinjaAPI

from kansrijk.api.klantroutes import router

api = NinjaAPI(urls_namespace="klantroutes_test")
api.add_router("/klantroutes", router)
urlpatterns = [path("api/v1/", api.urls)]
