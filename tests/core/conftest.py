"""Fixtures for the hardening tests: the personas of tests/personas.py."""

from __future__ import annotations

import pytest

from tests.personas import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()
