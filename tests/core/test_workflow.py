"""The one workflow mechanism refuses incomplete or inconsistent transition tables at import time."""

from __future__ import annotations

import pytest
from django.db import models

from kansrijk.core.workflow import Workflow


class Light(models.TextChoices):
    RED = "rood", "Rood"
    GREEN = "groen", "Groen"
    OFF = "uit", "Uit"


def test_a_valid_table_answers_moves_in_enum_order() -> None:
    flow = Workflow(
        statuses=Light,
        transitions={
            Light.RED: frozenset({Light.OFF, Light.GREEN}),
            Light.GREEN: frozenset({Light.RED}),
            Light.OFF: frozenset(),
        },
        editable=frozenset({Light.RED}),
    )
    assert flow.allowed(Light.RED, Light.GREEN)
    assert not flow.allowed(Light.GREEN, Light.OFF)
    assert flow.next_statuses(Light.RED) == [Light.GREEN, Light.OFF]
    assert flow.final_statuses() == {Light.OFF}
    assert flow.is_editable(Light.RED) and not flow.is_editable(Light.GREEN)
    assert len(list(flow.pairs())) == 9


def test_a_status_without_a_row_is_refused() -> None:
    with pytest.raises(ValueError, match="one row per status"):
        Workflow(statuses=Light, transitions={Light.RED: frozenset(), Light.GREEN: frozenset()})


def test_an_unknown_target_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown statuses"):
        Workflow(
            statuses=Light,
            transitions={Light.RED: frozenset({"blauw"}), Light.GREEN: frozenset(), Light.OFF: frozenset()},
        )


def test_the_table_cannot_be_changed_after_it_is_built() -> None:
    flow = Workflow(statuses=Light, transitions={s: frozenset() for s in Light.values})
    with pytest.raises(TypeError):
        flow.transitions[Light.RED] = frozenset({Light.GREEN})  # type: ignore[index]
