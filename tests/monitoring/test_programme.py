"""Where the programme runs (national monitor): municipalities per coalition status, with a ketenaanpak,
with Nu Niet Zwanger and with the prenatal home visit, and the map drawn from them."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from kansrijk.areas.selectors import geometries_by_code, municipalities_current, municipality_count
from kansrijk.coalitions.selectors.programme import municipality_programme
from kansrijk.coalitions.services.agreements import agreement_create
from kansrijk.coalitions.services.confirmation import coalition_confirm
from kansrijk.interventions.models import Intervention
from kansrijk.interventions.selectors.programme import (
    NU_NIET_ZWANGER,
    PRENATAL_HOME_VISIT,
    municipalities_offering,
)
from kansrijk.monitoring.charts import Point, map_svg, trend_svg
from tests.interventions.balans_support import offer
from tests.personas import Cast, make_cast
from tests.system import TESTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db: None) -> Cast:
    return make_cast()


def test_a_municipality_counts_for_its_furthest_status_and_a_ketenaanpak_needs_an_agreed_agreement(
    cast: Cast,
) -> None:
    found = municipality_programme()
    assert found["GM0344"].status == "aangevraagd"
    assert found["GM0363"].status == "aangevraagd"
    assert not found["GM0344"].ketenaanpak
    coalition_confirm(coalition=cast.coalition, actor=TESTS)
    today = dt.date(2026, 12, 1)
    agreement_create(
        coalition=cast.coalition,
        level="uitvoering",
        topic="Warme overdracht",
        text="Verloskundige belt JGZ bij elke verwijzing.",
        partners=cast.coalition.partners.all(),
        start_date=today,
        review_date=today + dt.timedelta(days=365),
        actor=cast.coordinator,
    )
    found = municipality_programme()
    assert found["GM0344"].status == "bevestigd" and found["GM0344"].ketenaanpak
    assert found["GM0363"].status == "aangevraagd" and not found["GM0363"].ketenaanpak
    assert "GM0014" not in found  # Groningen is in no coalition


def test_demo_coalitions_never_count(cast: Cast) -> None:
    cast.coalition.is_demo = True
    cast.coalition.save(update_fields=["is_demo"])
    assert "GM0344" not in municipality_programme()
    assert "GM0344" in municipality_programme(include_demo=True)


def test_an_intervention_counts_where_a_confirmed_real_coalition_offers_it(cast: Cast) -> None:
    nnz = Intervention.objects.get(slug=NU_NIET_ZWANGER)  # from the menukaart, loaded with the schema
    offer(cast.coalition, nnz, phases=[nnz.phase_rows.values_list("phase", flat=True).first()])
    # Not yet confirmed: anyone with a coordinator role could have made it, so it does not count.
    assert municipalities_offering([NU_NIET_ZWANGER, PRENATAL_HOME_VISIT]) == {
        NU_NIET_ZWANGER: set(),
        PRENATAL_HOME_VISIT: set(),
    }
    coalition_confirm(coalition=cast.coalition, actor=TESTS)
    assert municipalities_offering([NU_NIET_ZWANGER]) == {NU_NIET_ZWANGER: {"GM0344"}}


def test_the_map_colours_each_municipality_by_its_class_and_has_a_text_alternative() -> None:
    square = json.dumps(
        {"type": "Polygon", "coordinates": [[[5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.0]]]}
    )
    other = json.dumps(
        {"type": "MultiPolygon", "coordinates": [[[[6.0, 53.0], [6.1, 53.0], [6.1, 53.1], [6.0, 53.0]]]]}
    )
    svg = map_svg({"GM0001": square, "GM0002": other}, {"GM0001": "ketenaanpak"}, title="Kaart <test>")
    assert svg.count("<path") == 2
    assert 'fill="#08519c"' in svg and 'fill="#f0f0f0"' in svg  # the unnamed one is "geen"
    assert 'role="img"' in svg and "Kaart &lt;test&gt;" in svg
    assert map_svg({}, {}, title="leeg") == ""


def test_the_real_map_has_every_current_municipality() -> None:
    codes = list(municipalities_current().values_list("code", flat=True))
    geometries = geometries_by_code(codes, "gemeente")
    assert len(geometries) == len(codes) == municipality_count() > 300
    svg = map_svg(geometries, {}, title="Nederland")
    assert svg.count("<path") == len(codes)


def test_a_trend_leaves_a_gap_for_a_withheld_period_and_never_draws_it_as_zero() -> None:
    points = [Point("jan", 40.0), Point("feb", None), Point("mrt", 50.0), Point("apr", 55.0)]
    svg = trend_svg(points, unit="percentage", title="Op tijd")
    assert svg.count("<polyline") == 1  # one line for mrt–apr; jan stands alone
    assert svg.count("<circle") == 3
    assert "feb: geen cijfer" in svg
    assert trend_svg([Point("jan", None)], unit="aantal", title="x") == ""
