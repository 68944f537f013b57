"""Care URL patterns: the access log, for the organisation's log manager (logbeheerder)."""

from __future__ import annotations

from django.urls import URLPattern, path

from kansrijk.care.views import log

urlpatterns: list[URLPattern] = [
    path("log/", log.log_review, name="log"),
]
