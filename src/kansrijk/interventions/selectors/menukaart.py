"""Reads of the menukaart: the public, filterable list and one intervention. Everyone may read."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kansrijk.areas.models import Phase
from kansrijk.interventions.models import Intervention, InterventionNeed, InterventionPhase, Need
from kansrijk.interventions.services.menukaart import MENU_PHASES

RECOGNISED = "ja"  # filter value: only interventions with a rating in a databank


def menu_phase_choices() -> list[tuple[str, str]]:
    return [(p, str(Phase(p).label)) for p in MENU_PHASES]


def _prefetched(qs: QuerySet[Intervention]) -> QuerySet[Intervention]:
    return qs.prefetch_related(
        Prefetch("phase_rows", queryset=InterventionPhase.objects.order_by("id")),
        Prefetch("need_rows", queryset=InterventionNeed.objects.order_by("id")),
    )


@dataclass(frozen=True)
class MenukaartFilter:
    phase: str = ""
    need: str = ""
    domain: str = ""
    recognition: str = ""
    q: str = ""

    @property
    def active(self) -> bool:
        return any((self.phase, self.need, self.domain, self.recognition, self.q))


def interventions_on_menukaart(
    *, filters: MenukaartFilter | None = None, include_inactive: bool = False
) -> QuerySet[Intervention]:
    """The menukaart, filtered. Inactive interventions only when asked (the platform admin's view)."""
    qs = Intervention.objects.all() if include_inactive else Intervention.objects.filter(is_active=True)
    f = filters or MenukaartFilter()
    if f.phase:
        qs = qs.filter(pk__in=InterventionPhase.objects.filter(phase=f.phase).values("intervention_id"))
    if f.need:
        qs = qs.filter(pk__in=InterventionNeed.objects.filter(need=f.need).values("intervention_id"))
    if f.domain:
        qs = qs.filter(domain=f.domain)
    if f.recognition == RECOGNISED:
        qs = qs.exclude(recognition_rating="")
    if f.q.strip():
        for word in f.q.split():
            qs = qs.filter(
                Q(name__icontains=word)
                | Q(summary__icontains=word)
                | Q(target_group__icontains=word)
                | Q(executor_text__icontains=word)
                | Q(licence_holder__icontains=word)
            )
    return _prefetched(qs.order_by("name"))


def intervention_get(slug: str) -> Intervention:
    """One intervention, also an inactive one (local offers may still use it; the page says so)."""
    intervention = _prefetched(Intervention.objects.filter(slug=slug)).first()
    if intervention is None:
        raise Http404("Onbekende interventie")
    return intervention


def phases_of(intervention: Intervention) -> list[str]:
    """Phase codes in the order of the first 1000 days (uses the prefetch)."""
    present = {row.phase for row in intervention.phase_rows.all()}
    return [p for p in MENU_PHASES if p in present]


def needs_of(intervention: Intervention) -> list[str]:
    present = {row.need for row in intervention.need_rows.all()}
    return [n for n in Need.values if n in present]


def phase_labels(codes: list[str]) -> list[str]:
    return [str(Phase(c).label) for c in codes if c in Phase.values]


def need_labels(codes: list[str]) -> list[str]:
    return [str(Need(c).label) for c in codes if c in Need.values]
