"""Demo: the demo coalition is confirmed (by the demo platform admin), so the demo shows what a confirmed
coalition shows. It keeps its DEMO label (`is_demo`) everywhere and never counts in comparisons."""

from __future__ import annotations

from kansrijk.accounts.types import Actor
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.services.confirmation import coalition_confirm

DEMO_NOTE = "Demo-coalitie met verzonnen gegevens."


def demo_confirm(*, coalition: Coalition, admin: Actor) -> None:
    """Idempotent: a coalition that is already confirmed (or was refused by hand) is left as it is."""
    if coalition.status == CoalitionStatus.REQUESTED:
        coalition_confirm(coalition=coalition, actor=admin, note=DEMO_NOTE)
