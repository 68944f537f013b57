""" "Wat valt op" (issue 10): the rule on known figures, its limits, and the page leading with it and with
the birth phase, context last; "no duiding yet" said once, not on every card."""

from __future__ import annotations

import pytest
from django.test import Client

from kansrijk.areas.models import Direction
from kansrijk.startfoto.highlights import MAX_FAVOURABLE, MAX_UNFAVOURABLE, highlights
from kansrijk.startfoto.selectors import startfoto_get
from kansrijk.startfoto.types import AreaRef, Comparison, IndicatorFigure, Startfoto


def _figure(key: str, value: float | None, nl: float, peers: float, direction: str) -> IndicatorFigure:
    return IndicatorFigure(
        key=key, title=key, definition="", unit="%", phase="context", direction=direction, theme="",
        source="test", year=2024, value=value,
        comparisons={
            "nederland": Comparison("nederland", AreaRef("NL01", "Nederland"), nl),
            "vergelijkbare_gemeenten": Comparison("vergelijkbare_gemeenten", AreaRef("PG", "Peers"), peers),
        },
    )  # fmt: skip


def _build(figures: list[IndicatorFigure]) -> Startfoto:
    return Startfoto(
        code="GM0000", name="Testgemeente", province=None, ggd_region=None, peer_group=None, population=None,
        figures=figures, perinatal=[], perinatal_references=[],
    )  # fmt: skip


WORSE, BETTER, NEUTRAL = Direction.HIGHER_WORSE, Direction.HIGHER_BETTER, Direction.NEUTRAL


def test_the_rule_on_known_figures() -> None:
    figures = [
        _figure("a_much_worse", 30, 15, 16, WORSE),  # worse than both: +100 % vs NL
        _figure("b_worse", 20, 15, 16, WORSE),  # +33 %
        _figure("c_only_vs_nl", 20, 15, 21, WORSE),  # better than peers: left out
        _figure("e_neutral", 90, 10, 10, NEUTRAL),  # no direction: left out
        _figure("f_better", 40, 30, 31, BETTER),  # favourable
        _figure("g_missing", None, 30, 31, BETTER),  # no value: left out
    ]
    found = highlights(_build(figures))
    keys = [h.key for h in found]
    assert keys[:2] == ["a_much_worse", "b_worse"] and "f_better" in keys
    assert not {"c_only_vs_nl", "e_neutral", "g_missing"} & set(keys)
    assert all(not h.favourable for h in found[: keys.index("f_better")])
    assert found[0].verdict == "hoger dan Nederland (ongunstiger)"


def test_whole_numbers_within_a_point_are_no_difference() -> None:
    assert highlights(_build([_figure("x", 15, 15.4, 14.6, WORSE)])) == []


def test_at_most_three_unfavourable_and_two_favourable() -> None:
    figures = [_figure(f"w{i}", 20 + i, 10, 10, WORSE) for i in range(6)]
    figures += [_figure(f"b{i}", 20 + i, 10, 10, BETTER) for i in range(6)]
    found = highlights(_build(figures))
    assert [h.favourable for h in found] == [False] * MAX_UNFAVOURABLE + [True] * MAX_FAVOURABLE
    assert [h.key for h in found[:3]] == ["w5", "w4", "w3"]  # biggest difference first


@pytest.mark.django_db
def test_the_page_leads_with_what_stands_out_then_birth_and_context_last(client: Client) -> None:
    html = client.get("/startfoto/GM0363/").content.decode()
    what, birth = html.index('id="wat-valt-op"'), html.index('id="fase-geboorte"')
    perinatal, context = html.index('id="perinataal"'), html.index('id="fase-context"')
    assert what < birth < perinatal < context
    assert "Zo kiezen we" in html
    # Said once for anonymous visitors, not on every card.
    assert html.count("Nog geen coalitie heeft bij deze cijfers een duiding geschreven.") == 1
    assert "Nog geen duiding." not in html


@pytest.mark.django_db
def test_real_highlights_are_consistent_with_the_cards() -> None:
    from kansrijk.areas.selectors import municipality_by_code

    municipality = municipality_by_code("GM0363")
    assert municipality is not None
    startfoto = startfoto_get(municipality=municipality)
    found = highlights(startfoto)
    assert len(found) <= MAX_UNFAVOURABLE + MAX_FAVOURABLE
    by_key = {f.key: f for f in startfoto.figures}
    for h in found:
        figure = by_key[h.key]
        assert figure.direction != Direction.NEUTRAL and figure.value is not None
