"""Fixtures for the monitor engine tests: the coalition cast (tests/personas.py) and a fixed period kind."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kansrijk.areas.models import Area
from tests.care.personas import CareCast, make_care_cast
from tests.personas import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    # A transactional test empties the database afterwards; one that ran before took the open data with it.
    if not Area.objects.filter(code="GM0344").exists():
        call_command("data", "load", verbosity=0)
    return make_cast()


@pytest.fixture
def monthly(settings: object) -> None:
    settings.KANSRIJK_MONITOR_PERIOD = "maand"  # type: ignore[attr-defined]


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()
