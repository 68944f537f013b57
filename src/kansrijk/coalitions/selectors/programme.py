"""The national programme's view of where Kansrijke Start runs, per municipality (issue 14).

Counts about coalitions and their agreements only: no personal data. RIVM's national indicators count
municipalities "with a local or regional coalition" and "with a joint plan"; here a municipality counts
for a coalition's status when it belongs to a coalition that is not refused, and it has a *ketenaanpak*
when that coalition has at least one agreed (vastgesteld) ketenafspraak. Only confirmed coalitions count
towards "bevestigd"; demo coalitions never count (they are test data).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.models.agreements import AgreementStatus

# A municipality in two coalitions (a regional and a local one) counts once, for its furthest status.
_RANK: dict[str, int] = {CoalitionStatus.CONFIRMED: 2, CoalitionStatus.REQUESTED: 1}


@dataclass(frozen=True)
class MunicipalityProgramme:
    code: str
    name: str
    status: str  # "bevestigd", "aangevraagd" or "" (no coalition)
    ketenaanpak: bool
    coalitions: tuple[str, ...]  # names


def municipality_programme(*, include_demo: bool = False) -> dict[str, MunicipalityProgramme]:
    """Municipality code → where it stands, for every municipality in a coalition that is not refused.
    Two queries, whatever the number of coalitions."""
    coalitions = Coalition.objects.exclude(status=CoalitionStatus.REFUSED).annotate(
        agreed=Count("agreements", filter=Q(agreements__status=AgreementStatus.AGREED), distinct=True)
    )
    if not include_demo:
        coalitions = coalitions.filter(is_demo=False)
    by_pk = {c.pk: c for c in coalitions}
    links = Coalition.municipalities.through.objects.filter(coalition_id__in=list(by_pk)).values_list(
        "coalition_id", "area__code", "area__name"
    )
    out: dict[str, MunicipalityProgramme] = {}
    for coalition_id, code, name in links:
        c = by_pk[coalition_id]
        before = out.get(code)
        status = c.status if before is None or _RANK[c.status] > _RANK[before.status] else before.status
        out[code] = MunicipalityProgramme(
            code=code,
            name=name,
            status=status,
            ketenaanpak=bool(c.agreed) or (before is not None and before.ketenaanpak),
            coalitions=tuple(sorted({*(before.coalitions if before else ()), c.name})),
        )
    return out
