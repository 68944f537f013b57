"""Exports for the CLI and API, the plan home block, and the demo data (idempotent, marked as demo)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from kansrijk.areas.models import Indicator
from kansrijk.coalitions.demo.plan import demo_plan
from kansrijk.coalitions.models import Action, Agreement, Ambition, Goal, GoodPractice
from kansrijk.coalitions.selectors.plan import ambitions_export, loose_actions_export, plan_summary
from kansrijk.coalitions.services.plan import (
    action_change_status,
    action_create,
    ambition_create,
    goal_create,
    national_action_adopt,
)
from kansrijk.coalitions.templatetags.plan_tags import plan_home
from tests.coalitions.test_plan_support import counts, jgz, kraamzorg
from tests.personas import Cast


def test_ambitions_and_loose_actions_export(cast: Cast) -> None:
    ambition = ambition_create(
        coalition=cast.coalition, title="Gezonde start", description="Uitleg", actor=cast.coordinator
    )
    goal = goal_create(
        ambition=ambition,
        title="Minder armoede",
        indicators=Indicator.objects.filter(key="inwoners"),
        actor=cast.coordinator,
    )
    action_create(
        coalition=cast.coalition,
        title="Budgetcoach",
        goal=goal,
        owner=jgz(cast),
        due_date=datetime.date(2026, 9, 1),
        actor=cast.coordinator,
    )
    national_action_adopt(coalition=cast.coalition, number=12, actor=cast.coordinator)
    assert ambitions_export(cast.coalition) == [
        {
            "titel": "Gezonde start",
            "toelichting": "Uitleg",
            "doelen": [
                {
                    "titel": "Minder armoede",
                    "toelichting": "",
                    "indicatoren": ["inwoners"],
                    "acties": [
                        {
                            "titel": "Budgetcoach",
                            "eigenaar": "JGZ Test",
                            "status": "gepland",
                            "klaar_op": "2026-09-01",
                            "landelijke_actie": None,
                        }
                    ],
                }
            ],
        }
    ]
    assert loose_actions_export(cast.coalition) == [
        {
            "titel": "Stimuleren sterk ouderschap",
            "eigenaar": None,
            "status": "gepland",
            "klaar_op": None,
            "landelijke_actie": 12,
        }
    ]


def test_export_queries_are_bounded(cast: Cast, django_assert_max_num_queries: object) -> None:
    for i in range(3):
        ambition = ambition_create(coalition=cast.coalition, title=f"A{i}", actor=cast.coordinator)
        goal = goal_create(
            ambition=ambition, title="G", indicators=Indicator.objects.all()[:2], actor=cast.coordinator
        )
        action_create(coalition=cast.coalition, title="X", goal=goal, owner=jgz(cast), actor=cast.coordinator)
    with django_assert_max_num_queries(5):  # type: ignore[operator]
        ambitions_export(cast.coalition)


def test_plan_summary_and_home_block(cast: Cast) -> None:
    today = timezone.localdate()
    html = render_to_string("coalitions/plan/_home.html", plan_home({}, cast.coalition))
    assert "Nog geen acties in het plan." in html
    late = action_create(
        coalition=cast.coalition,
        title="Te late actie",
        due_date=today - datetime.timedelta(days=1),
        actor=cast.coordinator,
    )
    action_create(
        coalition=cast.coalition,
        title="Volgende",
        due_date=today + datetime.timedelta(days=5),
        actor=cast.coordinator,
    )
    done = action_create(
        coalition=cast.coalition,
        title="Klaar",
        due_date=today - datetime.timedelta(days=9),
        actor=cast.coordinator,
    )
    action_change_status(action=done, to="lopend", actor=cast.coordinator)
    action_change_status(action=done, to="afgerond", actor=cast.coordinator)
    summary = plan_summary(coalition=cast.coalition, today=today)
    assert summary.total == 3
    assert {row.status: row.count for row in summary.per_status} == {
        "gepland": 2,
        "lopend": 0,
        "gepauzeerd": 0,
        "afgerond": 1,
        "gestopt": 0,
    }
    assert summary.overdue == [late]  # a finished action is never overdue
    assert summary.next_due is not None and summary.next_due.title == "Volgende"
    html = render_to_string("coalitions/plan/_home.html", plan_home({}, cast.coalition))
    assert "3 acties, per status" in html and "Te laat: 1 actie" in html and "Eerstvolgende" in html


def test_demo_plan_is_complete_marked_and_idempotent(cast: Cast) -> None:
    kraamzorg(cast)  # the demo needs two partners for agreements
    demo_plan(coalition=cast.coalition, coordinator=cast.coordinator)
    assert Ambition.objects.filter(coalition=cast.coalition).count() == 2
    assert (
        Goal.objects.filter(ambition__coalition=cast.coalition, indicators__isnull=False).distinct().count()
        == 3
    )
    assert set(
        Action.objects.filter(coalition=cast.coalition, national_action__isnull=False).values_list(
            "national_action", flat=True
        )
    ) == {2, 8}
    assert Agreement.objects.filter(coalition=cast.coalition).count() == 3
    assert GoodPractice.objects.filter(coalition=cast.coalition).count() == 1
    titles = [
        *Ambition.objects.values_list("title", flat=True),
        *Goal.objects.values_list("title", flat=True),
        *Action.objects.values_list("title", flat=True),
        *Agreement.objects.values_list("topic", flat=True),
        *GoodPractice.objects.values_list("title", flat=True),
    ]
    assert all(t.endswith("(demo)") for t in titles), titles
    before = counts()
    demo_plan(coalition=cast.coalition, coordinator=cast.coordinator)
    assert counts() == before


def test_demo_plan_skips_agreements_with_fewer_than_two_partners(cast: Cast) -> None:
    # One partner left: the coordinator's own municipality (without it the coordinator would take part no more).
    cast.coalition.partners.exclude(organisation__name="Gemeente Test").delete()
    demo_plan(coalition=cast.coalition, coordinator=cast.coordinator)
    assert not Agreement.objects.exists()
    assert Action.objects.filter(coalition=cast.coalition).count() == 4
