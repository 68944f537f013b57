"""Fixtures for the coalition workspace: the cast of personas (see tests/personas.py) and logged-in clients."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import Cast, make_cast


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


def client_for(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client
