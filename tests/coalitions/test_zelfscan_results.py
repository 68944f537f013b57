"""Zelfscan aggregates checked against an independent computation: spread per statement and theme,
the trend over rounds, the home block, the export, and bounded queries. The comparison with other
coalitions (snapshots and bands) is tested in test_zelfscan_comparison.py."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kansrijk.accounts.models import Role
from kansrijk.coalitions.models import ParticipationRole, Statement, ZelfscanRound
from kansrijk.coalitions.selectors import zelfscan as sel
from kansrijk.coalitions.selectors.zelfscan_home import zelfscan_home_summary
from kansrijk.coalitions.services import zelfscan as svc
from kansrijk.coalitions.services.participation import participation_grant
from tests.coalitions.conftest import client_for
from tests.coalitions.zelfscan_support import (
    active_statements,
    coalition_with_answers,
    make_user,
    open_round,
)
from tests.personas import Cast, accepted_partner
from tests.system import TESTS


def _pattern(seed: int):  # type: ignore[no-untyped-def]
    """A deterministic but uneven answer per statement (covers the whole 1..5 scale)."""
    return lambda i, s: 1 + (i * 7 + seed * 3 + len(s.key)) % 5


def _answer_round(cast: Cast, zs_round: ZelfscanRound, users: list, seeds: list[int]) -> dict[int, list[int]]:  # type: ignore[type-arg]
    """Submit answers and return statement id → every value given (the raw material for checking)."""
    given: dict[int, list[int]] = defaultdict(list)
    statements = active_statements()
    for user, seed in zip(users, seeds, strict=True):
        fn = _pattern(seed)
        answers = {s.pk: fn(i, s) for i, s in enumerate(statements)}
        svc.zelfscan_response_submit(round=zs_round, answers=answers, actor=user)
        for pk, v in answers.items():
            given[pk].append(v)
    return given


@pytest.fixture
def members(cast: Cast) -> list:  # type: ignore[type-arg]
    """Coordinator, partner member and a second JGZ user (three respondents, two organisations)."""
    extra = make_user("jgz2@test.nl", Role.PARTNER_MEMBER, "JGZ Test")
    # Belonging to a partner organisation gives nothing by itself: the second JGZ user takes part too.
    participation_grant(
        coalition=cast.coalition,
        user=extra,
        organisation=extra.memberships.get().organisation,
        role=ParticipationRole.MEMBER,
        actor=TESTS,
    )
    return [cast.coordinator, cast.partner_member, extra]


def test_round_results_match_an_independent_computation(cast: Cast, members: list) -> None:  # type: ignore[type-arg]
    zs_round = open_round(cast.coalition, cast.coordinator)
    given = _answer_round(cast, zs_round, members, [1, 2, 3])
    results = sel.zelfscan_results(zs_round)
    assert results.respondents == 3
    assert results.organisations == ["Gemeente Test", "JGZ Test"]
    by_pk = {s.pk: s for s in Statement.objects.all()}
    for theme in results.themes:
        pooled: list[int] = []
        for sr in theme.statements:
            pk = next(pk for pk, s in by_pk.items() if s.key == sr.key and s.theme.key == theme.key)
            values = given[pk]
            pooled += values
            counts = Counter(values)
            assert sr.spread.ordered == [counts.get(v, 0) for v in range(1, 6)]
            assert sr.spread.mean == pytest.approx(statistics.mean(values))
            assert (sr.spread.minimum, sr.spread.maximum) == (min(values), max(values))
        counts = Counter(pooled)
        assert theme.spread.ordered == [counts.get(v, 0) for v in range(1, 6)]
        assert theme.spread.mean == pytest.approx(statistics.mean(pooled))
        assert (theme.spread.minimum, theme.spread.maximum) == (min(pooled), max(pooled))


def test_export_matches_the_independent_computation(cast: Cast, members: list) -> None:  # type: ignore[type-arg]
    first = open_round(cast.coalition, cast.coordinator, name="Eerste", opened_on=dt.date(2024, 9, 1))
    given = _answer_round(cast, first, members[:2], [4, 5])
    svc.zelfscan_round_close(round=first, actor=cast.coordinator)
    open_round(cast.coalition, cast.coordinator, name="Tweede", opened_on=dt.date(2025, 3, 1))
    export = sel.zelfscan_export(cast.coalition)
    assert [item["ronde"] for item in export] == ["Eerste", "Tweede"]
    item = export[0]
    assert item["datum"] == "2024-09-01" and item["status"] == "gesloten"
    assert item["vragenlijst"]["versie"] == 1 and item["respondenten"] == 2
    assert export[1]["status"] == "open" and export[1]["respondenten"] == 0
    statements = active_statements()
    for thema in item["themas"]:
        values = [v for s in statements if s.theme.key == thema["sleutel"] for v in given[s.pk]]
        counts = Counter(values)
        assert thema["verdeling"] == {str(v): counts.get(v, 0) for v in range(1, 6)}
        assert thema["gemiddelde"] == round(statistics.mean(values), 2)
        assert (thema["minimum"], thema["maximum"]) == (min(values), max(values))
        assert set(thema) == {"sleutel", "thema", "gemiddelde", "minimum", "maximum", "verdeling"}
    empty = export[1]["themas"][0]
    assert empty["gemiddelde"] is None and empty["minimum"] is None
    assert empty["verdeling"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}
    # Nothing personal in the export.
    assert "jgz@test.nl" not in str(export) and "JGZ Test" not in str(export)


def test_trend_has_the_mean_per_theme_per_round(cast: Cast, members: list) -> None:  # type: ignore[type-arg]
    first = open_round(cast.coalition, cast.coordinator, name="Eerste", opened_on=dt.date(2024, 9, 1))
    g1 = _answer_round(cast, first, members, [1, 2, 3])
    svc.zelfscan_round_close(round=first, actor=cast.coordinator)
    second = open_round(cast.coalition, cast.coordinator, name="Tweede", opened_on=dt.date(2025, 3, 1))
    g2 = _answer_round(cast, second, members[:1], [4])  # still open: open rounds count too
    trend = sel.zelfscan_trend(cast.coalition)
    assert [r.round.name for r in trend.rows] == ["Eerste", "Tweede"]
    statements = active_statements()
    for i, theme in enumerate(trend.themes):
        for row, given in zip(trend.rows, [g1, g2], strict=True):
            values = [v for s in statements if s.theme.key == theme.key for v in given[s.pk]]
            assert row.means[i] == pytest.approx(statistics.mean(values))


OTHER_VALUES = [[1, 2], [5], [3, 4, 5], [2, 2, 3], [4, 1], [5, 5, 1]]


def test_results_page_queries_do_not_grow_with_respondents(cast: Cast) -> None:
    zs_round = open_round(cast.coalition, cast.coordinator)
    url = reverse("coalitions:zelfscan_round", args=["test", zs_round.public_id])
    client = client_for(cast.coordinator)
    svc.zelfscan_response_submit(
        round=zs_round, answers={s.pk: 3 for s in active_statements()}, actor=cast.coordinator
    )
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        user = make_user(f"extra{i}@test.nl", Role.PARTNER_MEMBER, f"Partner {i}")
        organisation = user.memberships.get().organisation
        accepted_partner(cast.coalition, organisation)
        participation_grant(
            coalition=cast.coalition, user=user, organisation=organisation, role="deelnemer", actor=TESTS
        )
        svc.zelfscan_response_submit(
            round=zs_round, answers={s.pk: 1 + i % 5 for s in active_statements()}, actor=user
        )
    for i in range(5):
        coalition_with_answers(i, OTHER_VALUES[i])
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # Respondents, statements and other coalitions' answers add none (the comparison reads a snapshot).
    assert len(many) <= len(few) + 3, [q["sql"] for q in many.captured_queries]
    with CaptureQueriesContext(connection) as export:
        sel.zelfscan_export(cast.coalition)
    assert len(export) == 3


# --- home block ------------------------------------------------------------------------------------


def _home(cast: Cast, user: object) -> str:
    request = RequestFactory().get("/")
    request.user = user  # type: ignore[attr-defined]
    template = Template("{% load zelfscan_tags %}{% zelfscan_home coalition %}")
    return template.render(Context({"coalition": cast.coalition, "request": request}))


def test_home_block_empty_state(cast: Cast) -> None:
    html = _home(cast, cast.coordinator)
    assert "Nog geen zelfscan ingevuld." in html
    assert reverse("coalitions:zelfscan", args=["test"]) in html


def test_home_block_shows_latest_means_and_change(cast: Cast) -> None:
    first = open_round(cast.coalition, cast.coordinator, name="Eerste", opened_on=dt.date(2024, 9, 1))
    svc.zelfscan_response_submit(
        round=first, answers={s.pk: 2 for s in active_statements()}, actor=cast.coordinator
    )
    svc.zelfscan_round_close(round=first, actor=cast.coordinator)
    second = open_round(cast.coalition, cast.coordinator, name="Tweede", opened_on=dt.date(2025, 3, 1))
    svc.zelfscan_response_submit(
        round=second, answers={s.pk: 4 for s in active_statements()}, actor=cast.partner_member
    )
    html = _home(cast, cast.partner_member)
    assert "Laatste ronde met antwoorden: Tweede" in html
    assert "4,0" in html and "2,0" in html and "+2,0" in html
    assert "Uw antwoorden wijzigen" in html
    assert "Vul de zelfscan in" in _home(cast, cast.coordinator)
    national = _home(cast, cast.national)
    assert "Vul de zelfscan in" not in national and "Uw antwoorden wijzigen" not in national
    summary = zelfscan_home_summary(coalition=cast.coalition, user=cast.coordinator)
    assert all(r.latest == 4 and r.previous == 2 and r.change == 2 for r in summary.rows)
    assert summary.rows[0].bar_width == "47.2"


def test_coalition_home_page_includes_the_block(cast: Cast) -> None:
    response = client_for(cast.coordinator).get(reverse("coalitions:home", args=["test"]))
    assert response.status_code == 200
    assert "Nog geen zelfscan ingevuld." in response.content.decode()
