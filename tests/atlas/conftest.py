"""Atlas fixtures: the inputs and the default model are computed once per session (in memory, no DB);
tests that need the database store that result inside their own transaction."""

from __future__ import annotations

import pytest
from django.core.management import get_commands

from kansrijk.atlas.compute import ComputedModel, compute
from kansrijk.atlas.inputs import InputTable, load_inputs
from kansrijk.atlas.models import AtlasModel
from kansrijk.atlas.services import atlas_model_store
from tests.system import TESTS

if "data" not in get_commands():  # pragma: no cover - only while the area importer is being built
    # The atlas reads the open-data files itself, so its tests can run before `kansrijk data load` exists.
    from pytest_django.fixtures import django_db_setup  # noqa: F401


@pytest.fixture(scope="session")
def table(data_dir: object) -> InputTable:
    return load_inputs()


@pytest.fixture(scope="session")
def computed(table: InputTable) -> ComputedModel:
    return compute(table)


@pytest.fixture
def atlas_model(db: None, computed: ComputedModel) -> AtlasModel:
    return atlas_model_store(computed=computed, actor=TESTS, action="atlas.model_created")
