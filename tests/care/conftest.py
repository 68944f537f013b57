from __future__ import annotations

import pytest

from tests.care.personas import CareCast, make_care_cast


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()
