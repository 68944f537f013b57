"""Demo plan, ketenafspraken and a good practice for a demo coalition. Fictitious: every title ends in
"(demo)". Idempotent: running it again adds nothing. Written through the services, so audited like real use."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import User
from kansrijk.areas.models import Indicator, Phase
from kansrijk.coalitions.models import (
    Action,
    ActionStatus,
    Agreement,
    AgreementLevel,
    Ambition,
    Coalition,
    CoalitionPartner,
    Goal,
    GoodPractice,
    PracticeTheme,
)
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.services.agreements import agreement_create
from kansrijk.coalitions.services.plan import (
    action_change_status,
    action_create,
    ambition_create,
    goal_create,
    national_action_adopt,
)
from kansrijk.coalitions.services.practices import practice_publish

# (ambition, [(goal, indicator keys)])
PLAN: list[tuple[str, list[tuple[str, list[str]]]]] = [
    (
        "Elk kind een gezonde en kansrijke start (demo)",
        [
            ("Minder jonge gezinnen met geldzorgen (demo)", ["pct_hh_laag_inkomen", "pct_rond_sociaal_min"]),
            ("Minder roken tijdens de zwangerschap (demo)", ["roken_zwangerschap"]),
        ],
    ),
    (
        "Ouders in een kwetsbare situatie vroeg en samen ondersteund (demo)",
        [
            (
                "Zwangeren in een kwetsbare situatie krijgen tijdig steun (demo)",
                ["vroeggeboorte", "pct_jeugdzorg"],
            )
        ],
    ),
]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@transaction.atomic
def demo_plan(*, coalition: Coalition, coordinator: User) -> None:
    partners = list(partners_accepted(coalition))
    goals = _ambitions_and_goals(coalition, coordinator)
    _actions(coalition, coordinator, goals, partners)
    if len(partners) >= 2:
        _agreements(coalition, coordinator, partners)
    _practice(coalition, coordinator)


def _ambitions_and_goals(coalition: Coalition, coordinator: User) -> list[Goal]:
    goals: list[Goal] = []
    for ambition_title, goal_specs in PLAN:
        ambition = Ambition.objects.filter(coalition=coalition, title=ambition_title).first()
        if ambition is None:
            ambition = ambition_create(
                coalition=coalition,
                title=ambition_title,
                description="Verzonnen voorbeeld om het plan te verkennen.",
                actor=coordinator,
            )
        for goal_title, keys in goal_specs:
            goal = Goal.objects.filter(ambition=ambition, title=goal_title).first()
            if goal is None:
                goal = goal_create(
                    ambition=ambition,
                    title=goal_title,
                    indicators=Indicator.objects.filter(key__in=keys),  # only those that are loaded
                    actor=coordinator,
                )
            goals.append(goal)
    return goals


def _actions(
    coalition: Coalition, coordinator: User, goals: list[Goal], partners: list[CoalitionPartner]
) -> None:
    owner = partners[0] if partners else None
    second = partners[1] if len(partners) > 1 else owner
    own = [
        ("Geldzorgen bespreekbaar maken op het consultatiebureau (demo)", goals[0], owner, 60, True),
        ("Rookvrije-startgesprek bij elke eerste controle (demo)", goals[1], second, -14, False),
    ]
    for title, goal, partner, days, start in own:
        if Action.objects.filter(coalition=coalition, title=title).exists():
            continue
        action = action_create(
            coalition=coalition,
            title=title,
            goal=goal,
            owner=partner,
            due_date=_days(days),
            actor=coordinator,
        )
        if start:
            action_change_status(action=action, to=ActionStatus.IN_PROGRESS, actor=coordinator)
    # Two national actions: the prenatal home visit under a goal, coalition building as is (no goal).
    if not Action.objects.filter(coalition=coalition, national_action=8).exists():
        national_action_adopt(
            coalition=coalition,
            number=8,
            title="Prenataal huisbezoek door de JGZ voor elke zwangere die dat wil (demo)",
            goal=goals[-1],
            owner=owner,
            due_date=_days(120),
            actor=coordinator,
        )
    if not Action.objects.filter(coalition=coalition, national_action=2).exists():
        national_action_adopt(
            coalition=coalition,
            number=2,
            title="Vormen en versterken van de lokale coalitie (demo)",
            actor=coordinator,
        )


def _agreements(coalition: Coalition, coordinator: User, partners: list[CoalitionPartner]) -> None:
    pair = partners[:2]
    everyone = partners[:4]
    specs = [
        (
            AgreementLevel.UITVOERING,
            "Warme overdracht verloskundige → JGZ (demo)",
            "Bij een zorgsignaal belt de verloskundige, met toestemming van de ouders, binnen vijf werkdagen "
            "met de JGZ; samen plannen ze een gezamenlijk contact.",
            pair,
            -300,
            20,  # review within 30 days: shows as due
        ),
        (
            AgreementLevel.ORGANISATIE,
            "Gezamenlijke scholing sensitief werken (demo)",
            "De partners organiseren elk jaar een gezamenlijke scholing en maken er tijd voor vrij.",
            everyone,
            -60,
            300,
        ),
        (
            AgreementLevel.BESTUUR,
            "Samen cijfers volgen en jaarlijks evalueren (demo)",
            "De bestuurders bespreken elk jaar de startfoto en het plan, en stellen de afspraken zo nodig bij.",
            everyone,
            -400,
            -5,  # review date passed: shows as overdue
        ),
    ]
    for level, topic, text, chosen, start, review in specs:
        if Agreement.objects.filter(coalition=coalition, topic=topic).exists():
            continue
        agreement_create(
            coalition=coalition,
            level=level,
            topic=topic,
            text=text,
            partners=chosen,
            start_date=_days(start),
            review_date=_days(review),
            actor=coordinator,
        )


def _practice(coalition: Coalition, coordinator: User) -> None:
    title = "Babyspreekuur met budgetcoach (demo)"
    if GoodPractice.objects.filter(coalition=coalition, title=title).exists():
        return
    practice_publish(
        coalition=coalition,
        title=title,
        target_group="Ouders van baby's tot 1 jaar met geldzorgen (verzonnen voorbeeld)",
        description="Eens per maand schuift een budgetcoach aan bij het consultatiebureau. Ouders kunnen zonder "
        "afspraak binnenlopen met vragen over geld, toeslagen en rekeningen.",
        results="Verzonnen: meer ouders vinden de weg naar schuldhulp, eerder dan voorheen.",
        contact="Coördinator Kansrijke Start (demo), coordinator@demo.kansrijk.nl",
        theme=PracticeTheme.ARMOEDE,
        phase=Phase.NA_GEBOORTE,
        actor=coordinator,
    )
