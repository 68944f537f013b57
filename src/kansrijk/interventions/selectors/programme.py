"""Where a named intervention is offered, per municipality (issue 14: the national overview counts
municipalities with Nu Niet Zwanger and with the prenatal home visit). From the coalitions' local offer
(menukaart): an offer counts for the municipalities it names. Only confirmed, real coalitions count."""

from __future__ import annotations

from collections.abc import Iterable

from kansrijk.coalitions.selectors.confirmation import comparable_coalitions
from kansrijk.interventions.models import LocalOffer

NU_NIET_ZWANGER = "nu-niet-zwanger"
PRENATAL_HOME_VISIT = "prenataal-huisbezoek-jgz"


def municipalities_offering(slugs: Iterable[str]) -> dict[str, set[str]]:
    """Intervention slug → codes of the municipalities where a confirmed coalition offers it. One query."""
    wanted = list(slugs)
    out: dict[str, set[str]] = {slug: set() for slug in wanted}
    rows = LocalOffer.objects.filter(
        intervention__slug__in=wanted, coalition__in=comparable_coalitions()
    ).values_list("intervention__slug", "municipalities__code")
    for slug, code in rows:
        if code:
            out[slug].add(code)
    return out
