"""The care-layer hook, the export, `kansrijk klantroutes` and GET /api/v1/klantroutes/{slug}, the demo."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from kansrijk.routes import services
from kansrijk.routes.demo import demo_routes
from kansrijk.routes.exports import klantroutes_export
from kansrijk.routes.models import Klantroute, RouteStatus
from kansrijk.routes.selectors import routes_for
from tests.routes.conftest import World, client_for
from tests.routes.support import add_step, new_route, published_route

API = "/api/v1/klantroutes/test"


def test_routes_for_gives_published_steps_for_the_level_in_order(world: World) -> None:
    route = new_route(world)
    add_step(world, route, title="Alleen zwaar", levels=["zeer_kwetsbaar"])
    add_step(world, route, title="Iedereen", levels=["zelfredzaam", "kwetsbaar", "zeer_kwetsbaar"])
    coalition = world.cast.coalition
    assert routes_for(coalition=coalition, need="financien", level="zeer_kwetsbaar") == []  # a concept
    services.klantroute_publish(route=route, actor=world.cast.coordinator)
    titles = [s.title for s in routes_for(coalition=coalition, need="financien", level="zeer_kwetsbaar")]
    assert titles == ["Alleen zwaar", "Iedereen"]
    assert [s.title for s in routes_for(coalition=coalition, need="financien", level="zelfredzaam")] == [
        "Iedereen"
    ]
    assert routes_for(coalition=coalition, need="financien", level="potentieel_kwetsbaar") == []
    assert routes_for(coalition=coalition, need="psychisch", level="kwetsbaar") == []
    # A newer concept does not change what the care layer proposes.
    services.klantroute_create(
        coalition=coalition, need="financien", title="v2", copy_published=True, actor=world.cast.coordinator
    )
    assert len(routes_for(coalition=coalition, need="financien", level="zeer_kwetsbaar")) == 2


def test_export_shape(world: World) -> None:
    route = new_route(world)
    add_step(world, route, offer=world.offer, agreement=world.agreement, contact="Bel 000")
    assert klantroutes_export(world.cast.coalition) == []
    services.klantroute_publish(route=route, actor=world.cast.coordinator)
    [data] = klantroutes_export(world.cast.coalition)
    assert data["thema"] == "financien" and data["thema_label"] == "Financiële problemen en schulden"
    assert (data["titel"], data["versie"], data["status"]) == ("Geldzorgen", 1, "gepubliceerd")
    assert data["gepubliceerd_op"]
    assert data["stappen"] == [
        {
            "volgorde": 1,
            "stap": "Aanmelden bij schuldhulp",
            "wat": "",
            "partner": "Schuldhulp Test",
            "partner_soort": data["stappen"][0]["partner_soort"],
            "contact": "Bel 000",
            "niveaus": ["kwetsbaar"],
            "dagen_tot_eerste_contact": 3,
            "aanbod": "Vroeg Eropaf",
            "afspraak": "Warme overdracht schuldhulp",
        }
    ]
    assert data["stappen"][0]["partner_soort"]
    new_route(world, need="psychisch")
    assert len(klantroutes_export(world.cast.coalition, published_only=False)) == 2


def test_cli_json(world: World) -> None:
    published_route(world)
    out = io.StringIO()
    call_command("klantroutes", "test", "--format", "json", stdout=out)
    assert [r["titel"] for r in json.loads(out.getvalue())] == ["Geldzorgen"]


def test_cli_unknown_slug_exits_2_with_one_line(world: World) -> None:
    err = io.StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("klantroutes", "bestaat-niet", stderr=err)
    assert exc.value.code == 2
    assert err.getvalue().strip() == "Onbekende coalitie: bestaat-niet. Zie `kansrijk coalitie list`."


@pytest.mark.urls("tests.routes.api_urls")
def test_api_statuses(world: World) -> None:
    published_route(world)
    new_route(world, need="psychisch")  # a concept: never in the API
    assert Client().get(API).status_code == 401
    assert client_for(world.cast.other_coordinator).get(API).status_code == 403
    assert client_for(world.cast.outsider).get(API).status_code == 403
    assert client_for(world.cast.coordinator).get("/api/v1/klantroutes/onbekend").status_code == 404
    for user in (world.cast.coordinator, world.cast.partner_member, world.cast.national):
        response = client_for(user).get(API)
        assert response.status_code == 200
        assert [r["thema"] for r in response.json()] == ["financien"]


def test_demo_routes_are_published_and_idempotent(world: World) -> None:
    from kansrijk.coalitions.demo.partners import demo_partners

    coalition, coordinator = world.cast.coalition, world.cast.coordinator
    demo_partners(coalition=coalition, coordinator=coordinator)
    demo_routes(coalition=coalition, coordinator=coordinator)
    demo_routes(coalition=coalition, coordinator=coordinator)
    routes = Klantroute.objects.filter(coalition=coalition)
    assert sorted(routes.values_list("need", flat=True)) == ["financien", "psychisch"]
    assert all(r.status == RouteStatus.PUBLISHED and "(demo)" in r.title for r in routes)
    assert all(r.steps.count() == 3 for r in routes)
