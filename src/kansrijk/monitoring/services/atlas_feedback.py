"""The monitor teaches the atlas: published, unsuppressed wijk counts of families found kwetsbaar or zeer
kwetsbaar (teller) over first level decisions (noemer) go to the atlas's re-fit service in memory.

Only what was published goes down (closed periods, after disclosure control, real events only: synthetic
demo or benchmark events never train the model), summed per wijk and calendar year. The atlas checks the
counts exactly as it checks an uploaded file and stores nothing unless all of it is right.
"""

from __future__ import annotations

from collections import Counter

from kansrijk.accounts.types import Actor
from kansrijk.atlas.inputs import InputTable
from kansrijk.atlas.models import AtlasModel
from kansrijk.atlas.services import atlas_model_fit_counts
from kansrijk.monitoring import metrics as m
from kansrijk.monitoring.models import AreaKind, PublishedFigure
from kansrijk.monitoring.services.publish import UNKNOWN_WIJK

SOURCE = "Kansrijk-monitor: gepubliceerde wijkcijfers (kwetsbaar of zeer kwetsbaar / eerste niveaubesluiten)"


def observed_wijk_counts() -> list[tuple[str, int, int, int]]:
    """(wijkcode, jaar, noemer, teller) per wijk and year, from the published figures."""
    rows = (
        PublishedFigure.objects.filter(
            indicator=m.VULNERABLE,
            category="",
            area_kind=AreaKind.WIJK,
            suppressed=False,
            is_synthetic=False,
            teller__isnull=False,
            noemer__isnull=False,
        )
        .exclude(area_code__endswith=UNKNOWN_WIJK)
        .values_list("area_code", "publication__period_start", "teller", "noemer")
    )
    births: Counter[tuple[str, int]] = Counter()
    vulnerable: Counter[tuple[str, int]] = Counter()
    for code, start, teller, noemer in rows:
        if teller is None or noemer is None:
            continue
        births[(code, start.year)] += noemer
        vulnerable[(code, start.year)] += teller
    return [(code, year, births[(code, year)], vulnerable[(code, year)]) for code, year in sorted(births)]


def monitor_refit_atlas(*, actor: Actor, table: InputTable | None = None) -> AtlasModel:
    """A new atlas model version fitted on the monitor's published wijk counts (same rights and checks as
    fitting on a file: ObservedFileError or PermissionDenied, and nothing stored). `table`: the atlas
    inputs when the caller has them loaded already."""
    return atlas_model_fit_counts(actor=actor, counts=observed_wijk_counts(), source=SOURCE, table=table)
