"""Demo zelfscan: two rounds (a closed one six months ago, an open one now) answered by demo users.

Invented data, and visibly so: the round names end with "(demo)". Idempotent: a second run finds the
rounds and responses by name and user and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import User
from kansrijk.coalitions.models import Coalition, Statement, ZelfscanResponse, ZelfscanRound
from kansrijk.coalitions.selectors.access import user_coordinates, user_is_member
from kansrijk.coalitions.services.zelfscan import (
    zelfscan_response_submit,
    zelfscan_round_close,
    zelfscan_round_open,
)

FIRST_ROUND = "Nulmeting (demo)"
SECOND_ROUND = "Voortgangsmeting (demo)"


def _value(user: User, statement: Statement, lift: int) -> int:
    """A stable, varied answer 1..5 per user and statement (no random numbers: reruns agree).
    The second round answers `lift` higher, so the demo trend goes up."""
    digest = hashlib.sha256(f"{user.email}:{statement.theme.key}:{statement.key}".encode()).digest()
    base = 1 + digest[0] % 4  # 1..4
    return min(5, base + lift)


def _answer(zs_round: ZelfscanRound, members: Sequence[User], lift: int) -> None:
    statements = list(
        Statement.objects.filter(theme__questionnaire=zs_round.questionnaire).select_related("theme")
    )
    done = set(ZelfscanResponse.objects.filter(round=zs_round).values_list("user_id", flat=True))
    for user in members:
        if user.pk not in done:
            answers = {s.pk: _value(user, s, lift) for s in statements}
            zelfscan_response_submit(round=zs_round, answers=answers, actor=user)


@transaction.atomic
def demo_zelfscan(*, coalition: Coalition, users: list[User]) -> None:
    """Give the demo coalition a zelfscan history. Users who are not members (the national programme,
    the platform admin) are skipped: they do not answer."""
    coordinator = next((u for u in users if user_coordinates(u, coalition)), None)
    members = [u for u in users if user_is_member(u, coalition)]
    if coordinator is None or not members:
        return  # rounds are opened by a coordinator; without one there is nothing to demonstrate
    today = timezone.localdate()
    first = ZelfscanRound.objects.filter(coalition=coalition, name=FIRST_ROUND).first()
    if first is None:
        if ZelfscanRound.objects.filter(coalition=coalition, closed=False).exists():
            return  # someone is using the demo coalition with an open round of their own: leave it be
        first = zelfscan_round_open(
            coalition=coalition, name=FIRST_ROUND, opened_on=today - dt.timedelta(days=182), actor=coordinator
        )
    if not first.closed:
        _answer(first, members, lift=0)
        zelfscan_round_close(round=first, actor=coordinator)
    second = ZelfscanRound.objects.filter(coalition=coalition, name=SECOND_ROUND).first()
    if second is None:
        if ZelfscanRound.objects.filter(coalition=coalition, closed=False).exists():
            return
        second = zelfscan_round_open(
            coalition=coalition, name=SECOND_ROUND, opened_on=today, actor=coordinator
        )
    if not second.closed:
        _answer(second, members, lift=1)
