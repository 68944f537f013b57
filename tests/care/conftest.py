from __future__ import annotations

import pytest

from tests.care.personas import CareCast, make_care_cast
from tests.conftest import open_data_ensure


@pytest.fixture
def care(db: None) -> CareCast:
    return make_care_cast()


@pytest.fixture
def committed(transactional_db: None) -> CareCast:
    """A cast whose rows are committed, so other connections (threads, worker processes) see them."""
    open_data_ensure()
    return make_care_cast()
