"""Services of the klantroutes: versions, steps, validation (nothing saved on error), publish."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kansrijk.audit.models import AuditEvent
from kansrijk.routes import services
from kansrijk.routes.models import Klantroute, RouteStatus, RouteStep, VulnerabilityLevel
from tests.routes.conftest import World
from tests.routes.support import add_step, counts, new_route, published_route


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_create_makes_a_concept_with_the_next_version_and_an_audit_event(world: World) -> None:
    route = new_route(world)
    assert (route.version, route.status) == (1, RouteStatus.CONCEPT)
    event = AuditEvent.objects.get(action="routes.klantroute_created")
    assert event.object_id == str(route.public_id) and event.changes["need"] == "financien"


def test_only_coordinators_write(world: World) -> None:
    for user in (world.cast.partner_member, world.cast.national, world.cast.other_coordinator):
        with pytest.raises(PermissionDenied):
            services.klantroute_create(
                coalition=world.cast.coalition, need="financien", title="x", actor=user
            )
    assert not Klantroute.objects.exists()


def test_a_second_concept_for_a_theme_is_refused(world: World) -> None:
    new_route(world)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        new_route(world)
    assert _errors(exc) == {"need": [services.DRAFT_EXISTS.format(version=1)]}
    assert counts() == before


def test_copy_without_a_published_version_is_refused(world: World) -> None:
    with pytest.raises(ValidationError) as exc:
        services.klantroute_create(
            coalition=world.cast.coalition,
            need="financien",
            title="x",
            copy_published=True,
            actor=world.cast.coordinator,
        )
    assert _errors(exc) == {"copy_published": [services.NOTHING_TO_COPY]}
    assert not Klantroute.objects.exists()


def test_new_version_copies_the_published_steps(world: World) -> None:
    v1 = published_route(world)
    add_ = services.klantroute_create(
        coalition=world.cast.coalition,
        need="financien",
        title="Geldzorgen v2",
        copy_published=True,
        actor=world.cast.coordinator,
    )
    assert add_.version == 2
    assert [s.title for s in add_.steps.all()] == [s.title for s in v1.steps.all()]
    assert v1.steps.count() == 1  # the published version keeps its own steps


def test_steps_get_orders_and_levels_in_enum_order(world: World) -> None:
    route = new_route(world)
    first = add_step(world, route, levels=["zeer_kwetsbaar", "zelfredzaam", "zeer_kwetsbaar"])
    second = add_step(world, route, title="Tweede", partner=world.jgz)
    assert (first.order, second.order) == (1, 2)
    assert first.levels == ["zelfredzaam", "zeer_kwetsbaar"]


BAD_STEPS = [
    ("foreign_partner", "partner", services.PARTNER_NOT_IN_COALITION.format(name="GGZ Elders")),
    ("foreign_offer", "offer", services.OFFER_NOT_OF_COALITION),
    ("foreign_agreement", "agreement", services.AGREEMENT_NOT_OF_COALITION),
    ("no_level", "levels", services.NO_LEVEL),
    ("unknown_level", "levels", services.UNKNOWN_LEVEL.format(level="heel_kwetsbaar")),
    ("days_negative", "days_to_first_contact", services.DAYS_OUT_OF_RANGE),
    ("days_too_many", "days_to_first_contact", services.DAYS_OUT_OF_RANGE),
    ("offer_of_other_partner", "offer", None),
    ("no_title", "title", services.STEP_TITLE_REQUIRED),
]


def _bad(world: World, case: str) -> dict[str, object]:
    return {
        "foreign_partner": {"partner": world.foreign},
        "foreign_offer": {"offer": world.foreign_offer},
        "foreign_agreement": {"agreement": world.foreign_agreement},
        "no_level": {"levels": []},
        "unknown_level": {"levels": ["heel_kwetsbaar"]},
        "days_negative": {"days_to_first_contact": -1},
        "days_too_many": {"days_to_first_contact": 400},
        "offer_of_other_partner": {"partner": world.jgz, "offer": world.offer},
        "no_title": {"title": "  "},
    }[case]


@pytest.mark.parametrize(("case", "field", "message"), BAD_STEPS)
def test_bad_step_is_refused_with_a_clear_message_and_nothing_changes(
    world: World, case: str, field: str, message: str | None
) -> None:
    route = new_route(world)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        add_step(world, route, **_bad(world, case))
    expected = message or services.OFFER_OTHER_PARTNER.format(
        offer_partner="Schuldhulp Test", partner="JGZ Test"
    )
    assert _errors(exc) == {field: [expected]}
    assert counts() == before


@pytest.mark.parametrize(("case", "field", "message"), BAD_STEPS[:3])
def test_bad_step_update_changes_nothing(world: World, case: str, field: str, message: str) -> None:
    route = new_route(world)
    step = add_step(world, route)
    before = counts()
    kwargs = {
        "title": step.title,
        "partner": world.schuldhulp,
        "levels": step.levels,
        "actor": world.cast.coordinator,
        **_bad(world, case),
    }
    with pytest.raises(ValidationError) as exc:
        services.route_step_update(step=step, **kwargs)  # type: ignore[arg-type]
    assert _errors(exc) == {field: [message]}
    step.refresh_from_db()
    assert step.partner == world.schuldhulp and step.offer is None and step.agreement is None
    assert counts() == before


def test_days_boundaries_and_unknown_are_accepted(world: World) -> None:
    route = new_route(world)
    for days in (0, 365, None):
        add_step(world, route, days_to_first_contact=days)
    assert RouteStep.objects.count() == 3


def test_a_matching_offer_and_agreement_are_kept(world: World) -> None:
    route = new_route(world)
    step = add_step(world, route, offer=world.offer, agreement=world.agreement)
    assert (step.offer, step.agreement) == (world.offer, world.agreement)


def test_move_and_remove_keep_the_numbering(world: World) -> None:
    route = new_route(world)
    a, b, c = (add_step(world, route, title=t) for t in "abc")
    services.route_step_move(step=c, direction="up", actor=world.cast.coordinator)
    assert list(route.steps.values_list("title", flat=True)) == ["a", "c", "b"]
    services.route_step_move(step=a, direction="up", actor=world.cast.coordinator)  # already first
    assert list(route.steps.values_list("title", flat=True)) == ["a", "c", "b"]
    a.refresh_from_db()
    services.route_step_remove(step=a, actor=world.cast.coordinator)
    assert list(route.steps.values_list("order", "title")) == [(1, "c"), (2, "b")]
    with pytest.raises(ValidationError) as exc:
        services.route_step_move(step=b, direction="sideways", actor=world.cast.coordinator)
    assert exc.value.messages == [services.MOVE_DIRECTION]


def test_publishing_an_empty_concept_is_refused(world: World) -> None:
    route = new_route(world)
    before = counts()
    with pytest.raises(ValidationError) as exc:
        services.klantroute_publish(route=route, actor=world.cast.coordinator)
    assert exc.value.messages == [services.PUBLISH_WITHOUT_STEPS]
    route.refresh_from_db()
    assert route.status == RouteStatus.CONCEPT and counts() == before


def test_publishing_v2_replaces_v1_in_one_transaction(world: World) -> None:
    v1 = published_route(world)
    assert v1.published_by == world.cast.coordinator and v1.published_at is not None
    v2 = new_route(world, title="Versie twee")
    add_step(world, v2)
    services.klantroute_publish(route=v2, actor=world.cast.coordinator)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (RouteStatus.REPLACED, RouteStatus.PUBLISHED)
    assert Klantroute.objects.filter(need="financien", status=RouteStatus.PUBLISHED).count() == 1
    replaced = AuditEvent.objects.get(action="routes.klantroute_replaced")
    assert replaced.changes["replaced_by"] == str(v2.public_id)
    published = AuditEvent.objects.get(action="routes.klantroute_published", object_id=str(v2.public_id))
    assert published.changes["replaces"] == str(v1.public_id)


def test_a_failing_publish_leaves_the_old_version_published(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    v1 = published_route(world)
    v2 = new_route(world)
    add_step(world, v2)

    def boom(**kwargs: object) -> None:
        if kwargs.get("action") == "routes.klantroute_published":
            raise RuntimeError("audit down")

    from kansrijk.audit import services as audit_services

    real = audit_services.record
    monkeypatch.setattr(services, "record", lambda **kw: boom(**kw) or real(**kw))
    with pytest.raises(RuntimeError):
        services.klantroute_publish(route=v2, actor=world.cast.coordinator)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert (v1.status, v2.status) == (RouteStatus.PUBLISHED, RouteStatus.CONCEPT)
    assert not AuditEvent.objects.filter(action="routes.klantroute_replaced").exists()


def _assert_read_only(world: World, route: Klantroute) -> None:
    step = route.steps.first()
    assert step is not None
    coordinator = world.cast.coordinator
    before = counts()
    attempts = [
        lambda: services.klantroute_update(route=route, title="Nieuw", introduction="", actor=coordinator),
        lambda: add_step(world, route),
        lambda: services.route_step_update(
            step=step, title="Nieuw", partner=world.jgz, levels=["kwetsbaar"], actor=coordinator
        ),
        lambda: services.route_step_move(step=step, direction="down", actor=coordinator),
        lambda: services.route_step_remove(step=step, actor=coordinator),
        lambda: services.klantroute_delete(route=route, actor=coordinator),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert exc.value.messages == [services.ROUTE_READ_ONLY]
    assert counts() == before
    step.refresh_from_db()
    assert step.title == "Aanmelden bij schuldhulp"


def test_published_and_replaced_versions_are_read_only(world: World) -> None:
    v1 = published_route(world)
    v2 = new_route(world)
    add_step(world, v2)
    # v2 is deliberately left stale (still "concept" in memory): the services re-read the status.
    services.klantroute_publish(route=v2, actor=world.cast.coordinator)
    v1.refresh_from_db()
    _assert_read_only(world, v1)
    _assert_read_only(world, v2)


def test_delete_a_concept(world: World) -> None:
    route = new_route(world)
    add_step(world, route)
    services.klantroute_delete(route=route, actor=world.cast.coordinator)
    assert not Klantroute.objects.exists() and not RouteStep.objects.exists()
    assert AuditEvent.objects.filter(action="routes.klantroute_deleted").count() == 1


def test_update_a_concept_records_the_diff(world: World) -> None:
    route = new_route(world)
    services.klantroute_update(
        route=route, title="Nieuw", introduction="Voor wie", actor=world.cast.coordinator
    )
    event = AuditEvent.objects.get(action="routes.klantroute_changed")
    assert event.changes == {"title": ["Geldzorgen", "Nieuw"], "introduction": ["", "Voor wie"]}
    assert VulnerabilityLevel.KWETSBAAR  # the enum is importable from the models
