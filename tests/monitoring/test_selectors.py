"""The selectors the pages use: periods newest first, a coalition's rows and the national rows, and the
comparison with other coalitions (quartiles only, and only when at least five confirmed coalitions report)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.services import coalition_create
from kansrijk.monitoring.selectors import (
    closed_periods,
    coalition_comparison,
    coalition_figures,
    indicator_definitions,
    national_figures,
)
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from tests.monitoring.support import add, at, entry
from tests.system import TESTS

OCTOBER = dt.date(2026, 10, 1)


def _coalitions(n: int) -> list[Coalition]:
    small = (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True)
        .annotate(w=Count("children", filter=Q(children__level=AreaLevel.WIJK, children__current=True)))
        .filter(w__lte=3)
        .order_by("code")[:n]
    )
    return [
        coalition_create(name=f"Coalitie {i}", slug=f"vergelijk-{i}", municipalities=[m], actor=TESTS)
        for i, m in enumerate(small)
    ]


def _publish(coalitions: list[Coalition]) -> None:
    for i, c in enumerate(coalitions):
        muni = c.municipalities.get().code
        add(entry(c, "gezin_aangemeld", when=at(OCTOBER), municipality=muni) for _ in range(20 + 10 * i))
    monitor_consume_all()
    monitor_publish(now=at(dt.date(2026, 11, 2)))


def test_comparison_needs_five_confirmed_coalitions_and_gives_quartiles(db: None, monthly: None) -> None:
    coalitions = _coalitions(6)
    _publish(coalitions)
    [period] = closed_periods()
    Coalition.objects.filter(pk__in=[c.pk for c in coalitions[:4]]).update(status=CoalitionStatus.CONFIRMED)
    assert coalition_comparison("gezinnen_aangemeld", period) is None  # four: too few to compare
    Coalition.objects.filter(pk=coalitions[4].pk).update(status=CoalitionStatus.CONFIRMED)
    comparison = coalition_comparison("gezinnen_aangemeld", period)
    assert comparison is not None
    assert comparison.coalitions == 5  # the sixth is not confirmed
    assert (comparison.q1, comparison.median, comparison.q3) == (30.0, 40.0, 50.0)


def test_coalition_and_national_figures(db: None, monthly: None) -> None:
    coalitions = _coalitions(2)
    _publish(coalitions)
    first = coalition_figures(coalitions[0])
    assert {f.area_kind for f in first} <= {"coalitie", "gemeente", "wijk"}
    own = [f for f in first if f.area_kind == "coalitie"]
    assert [(f.indicator, f.teller, f.period.label) for f in own] == [
        ("gezinnen_aangemeld", 20, "oktober 2026")
    ]
    assert all(f.area_code == str(coalitions[0].public_id) for f in own)
    national = national_figures()
    assert {f.area_kind for f in national} <= {"nederland", "ggd_regio", "coalitie"}
    [nl] = [f for f in national if f.area_kind == "nederland"]
    assert (nl.teller, nl.area_name, nl.suppressed, nl.is_synthetic) == (50, "Nederland", False, False)


def test_indicator_definitions_are_loaded_with_sources_and_never_guessed(db: None) -> None:
    definitions = indicator_definitions()
    keys = [d.key for d in definitions]
    for key in (
        "gezinnen_aangemeld", "gezinnen_gescreend", "niveau", "verwijzingen_thema", "op_tijd_geaccepteerd",
        "eerste_contact_mediaan", "eerste_contact_p90", "warme_overdracht", "uitval_zwangerschap_jgz",
        "verwijzing_met_toestemming", "huisbezoek_aangeboden", "huisbezoek_gehouden",
    ):  # fmt: skip
        assert key in keys
    assert {d.indicator_set for d in definitions} == {"kansrijk_keten", "rivm_landelijk", "rivm_lokaal"}
    assert all(d.source and d.source_url.startswith("https://") for d in definitions)
    for d in definitions:
        if not d.defined:
            assert d.numerator == "" and d.denominator == ""
    voorzorg = next(d for d in definitions if d.key == "rivm-landelijk-voorzorg")
    assert voorzorg.defined is False


def test_definitions_sync_is_idempotent(db: None) -> None:
    from kansrijk.monitoring.models import IndicatorDefinition
    from kansrijk.monitoring.services.sync import sync_definitions

    count = IndicatorDefinition.objects.count()
    assert sync_definitions() == 0  # the migration loaded them already
    IndicatorDefinition.objects.filter(key="niveau").update(title="oud")
    IndicatorDefinition.objects.create(key="weg", title="x", phase="proces", indicator_set="kansrijk_keten",
                                       source="x", source_url="https://example.org", unit="aantal")  # fmt: skip
    assert sync_definitions() == 2
    assert IndicatorDefinition.objects.count() == count
    assert (
        IndicatorDefinition.objects.get(key="niveau").title == "Verdeling over de niveaus van kwetsbaarheid"
    )
