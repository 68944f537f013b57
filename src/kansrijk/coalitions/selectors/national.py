"""The national programme's overview across coalitions (issue 10, "Landing where the work is").

Per coalition: status, municipalities, accepted partners, plan progress (actions done of all actions that
were not stopped) and the zelfscan (rounds held, and how many partner organisations answered the latest
round). Counts about organisations and plans only: no personal data. The full national monitor with
chain-process figures comes later (issue 14). A fixed number of queries, whatever the number of coalitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery

from kansrijk.coalitions.models import (
    ActionStatus,
    Coalition,
    CoalitionStatus,
    PartnerStatus,
    ZelfscanResponse,
    ZelfscanRound,
)


@dataclass(frozen=True)
class NationalRow:
    coalition: Coalition
    status_label: str
    municipalities: int
    partners: int
    actions_done: int
    actions_open: int
    rounds: int
    latest_round: str
    latest_round_answered: int

    @property
    def plan_share(self) -> int | None:
        """Percentage of the plan's live actions that are done; None without any action."""
        total = self.actions_done + self.actions_open
        return round(100 * self.actions_done / total) if total else None


@dataclass(frozen=True)
class NationalOverview:
    rows: list[NationalRow]
    by_status: dict[str, int]


def _latest_round(field: str) -> Subquery:
    latest = ZelfscanRound.objects.filter(coalition=OuterRef("pk")).order_by("-opened_on", "-created_at")
    return Subquery(latest.values(field)[:1])


def national_overview() -> NationalOverview:
    live_actions = ~Q(actions__status=ActionStatus.CANCELLED)
    answered = (
        ZelfscanResponse.objects.filter(round_id=OuterRef("latest_round_id"), organisation__isnull=False)
        .values("round_id")
        .annotate(n=Count("organisation_id", distinct=True))
        .values("n")
    )
    coalitions = (
        Coalition.objects.exclude(status=CoalitionStatus.REFUSED)
        .annotate(
            n_municipalities=Count("municipalities", distinct=True),
            n_partners=Count("partners", filter=Q(partners__status=PartnerStatus.ACCEPTED), distinct=True),
            n_done=Count("actions", filter=Q(actions__status=ActionStatus.DONE), distinct=True),
            n_live=Count("actions", filter=live_actions, distinct=True),
            n_rounds=Count("zelfscan_rounds", distinct=True),
            latest_round_id=_latest_round("pk"),
            latest_round_name=_latest_round("name"),
        )
        .annotate(answered=Subquery(answered, output_field=IntegerField()))
        .order_by("name")
    )
    rows = [
        NationalRow(
            coalition=c,
            status_label=str(CoalitionStatus(c.status).label),
            municipalities=c.n_municipalities,
            partners=c.n_partners,
            actions_done=c.n_done,
            actions_open=c.n_live - c.n_done,
            rounds=c.n_rounds,
            latest_round=c.latest_round_name or "",
            latest_round_answered=c.answered or 0,
        )
        for c in coalitions
    ]
    by_status = {
        str(label): sum(1 for r in rows if r.coalition.status == value)
        for value, label in CoalitionStatus.choices
        if value != CoalitionStatus.REFUSED
    }
    return NationalOverview(rows=rows, by_status=by_status)
