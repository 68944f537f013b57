"""Writes for coalitions (minimal here; the coalition-workspace issue extends them)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition


@transaction.atomic
def coalition_create(
    *,
    name: str,
    slug: str,
    municipalities: Iterable[Area],
    coordinators: Iterable[User],
    actor: User | None,
    is_demo: bool = False,
) -> Coalition:
    municipalities = list(municipalities)
    if any(area.level != AreaLevel.MUNICIPALITY for area in municipalities):
        raise ValueError("Een coalitie bestaat uit gemeenten")
    coalition = Coalition(name=name, slug=slug, is_demo=is_demo)
    coalition.full_clean()
    coalition.save()
    coalition.municipalities.set(municipalities)
    coalition.coordinators.set(list(coordinators))
    record(
        actor=actor,
        action="coalition.created",
        obj=coalition,
        changes={"name": name, "municipalities": [a.code for a in municipalities]},
    )
    return coalition
