"""Reads of areas and observations (public data: no visibility rules)."""

from __future__ import annotations

from django.db.models import QuerySet

from kansrijk.areas.models import Area, AreaLevel, ImportRun


def municipality_count() -> int:
    return Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).count()


def municipalities_current() -> QuerySet[Area]:
    return Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).order_by("name")


def import_runs_latest(limit: int = 20) -> QuerySet[ImportRun]:
    return ImportRun.objects.all()[:limit]
