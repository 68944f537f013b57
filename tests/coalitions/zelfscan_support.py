"""Helpers for the zelfscan tests: a platform admin, rounds, complete answer sets, extra coalitions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.coalitions.models import Coalition, Questionnaire, Statement, ZelfscanRound
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.zelfscan import zelfscan_response_submit, zelfscan_round_open
from tests.mfa import give_totp
from tests.personas import PASSWORD
from tests.system import TESTS


def make_user(email: str, role: Role = Role.PARTNER_MEMBER, org: str = "Organisatie Test") -> User:
    user = user_create(email=email, password=PASSWORD, actor=TESTS)
    give_totp(user)  # two-step verification is required for every signed-in user
    kind = OrganisationKind.OVERIG if role == Role.PLATFORM_ADMIN else OrganisationKind.GEMEENTE
    organisation = organisation_get_or_create(name=org, kind=kind, actor=TESTS)
    membership_grant(user=user, organisation=organisation, role=role, actor=TESTS)
    return user


def make_platform_admin() -> User:
    return make_user("beheer@test.nl", Role.PLATFORM_ADMIN, "Platformbeheer Test")


def active_statements() -> list[Statement]:
    questionnaire = Questionnaire.objects.get(is_active=True)
    return list(
        Statement.objects.filter(theme__questionnaire=questionnaire).order_by(
            "theme__order", "theme__key", "order", "key"
        )
    )


def answers_for(zs_round: ZelfscanRound, value: int | Callable[[Statement], int] = 3) -> dict[int, object]:
    statements = Statement.objects.filter(theme__questionnaire=zs_round.questionnaire).select_related("theme")
    return {s.pk: (value(s) if callable(value) else value) for s in statements}


def open_round(
    coalition: Coalition, coordinator: User, name: str = "Ronde 1", opened_on: dt.date | None = None
) -> ZelfscanRound:
    return zelfscan_round_open(
        coalition=coalition, name=name, opened_on=opened_on or dt.date(2025, 3, 1), actor=coordinator
    )


def coalition_with_answers(index: int, values: list[int], *, is_demo: bool = False) -> Coalition:
    """Another coalition whose coordinator answered one round with `values` (cycled over the statements)."""
    coordinator = make_user(f"coord{index}@elders.nl", Role.COORDINATOR, f"Gemeente Elders {index}")
    coalition = coalition_create(
        name=f"Coalitie Geheim {index}",
        slug=f"geheim-{index}",
        municipalities=[],
        first_coordinator=coordinator,
        actor=TESTS,
        is_demo=is_demo,
    )
    zs_round = open_round(coalition, coordinator, name=f"Ronde geheim {index}")
    statements = active_statements()
    answers = {s.pk: values[i % len(values)] for i, s in enumerate(statements)}
    zelfscan_response_submit(round=zs_round, answers=answers, actor=coordinator)
    return coalition
