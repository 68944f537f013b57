"""Care URL patterns: referrals (issue 12)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
