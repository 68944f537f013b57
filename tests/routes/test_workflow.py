"""The whole transition table of a klantroute version, and the publish service across every status."""

from __future__ import annotations

import itertools

import pytest
from django.core.exceptions import ValidationError

from kansrijk.routes import services
from kansrijk.routes.models import RouteStatus
from kansrijk.routes.workflow import TRANSITIONS, is_editable, transition_allowed
from tests.routes.conftest import World
from tests.routes.support import add_step, counts, new_route

S = RouteStatus
ALLOWED = {(S.CONCEPT, S.PUBLISHED), (S.PUBLISHED, S.REPLACED)}


@pytest.mark.parametrize(("current", "to"), list(itertools.product(S.values, S.values)))
def test_transition_table(current: str, to: str) -> None:
    assert transition_allowed(current, to) == ((current, to) in ALLOWED)


def test_table_covers_every_status_and_only_concepts_are_editable() -> None:
    assert set(TRANSITIONS) == set(S.values)
    assert [s for s in S.values if is_editable(s)] == [S.CONCEPT]


@pytest.mark.parametrize("status", S.values)
def test_publish_from_each_status(world: World, status: str) -> None:
    route = new_route(world)
    add_step(world, route)
    type(route).objects.filter(pk=route.pk).update(status=status)
    if status == S.CONCEPT:
        assert services.klantroute_publish(route=route, actor=world.cast.coordinator).status == S.PUBLISHED
        return
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.klantroute_publish(route=route, actor=world.cast.coordinator)
    assert exc.value.messages == [services.PUBLISH_NOT_ALLOWED]
    route.refresh_from_db()
    assert route.status == status and counts() == before
