"""Fixtures for the monitor engine tests: the coalition cast (tests/personas.py) and a fixed period kind."""

from __future__ import annotations

import pytest

from tests.care.personas import CareCast, make_care_cast
from tests.conftest import open_data_ensure
from tests.personas import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    open_data_ensure()
    return make_cast()


@pytest.fixture
def monthly(settings: object) -> None:
    settings.KANSRIJK_MONITOR_PERIOD = "maand"  # type: ignore[attr-defined]


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()
