"""The national programme's monitor: where the programme runs (per municipality, with a map), how far
the coalitions' plans and zelfscans are, and the chain-process figures nationally and per GGD region.

Counts of municipalities and coalitions are not about persons and are shown as they are; chain-process
figures are the published, suppressed ones (`selectors`). The map is drawn once per change of the
underlying data and cached (the municipalities' shapes do not change between imports).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.translation import gettext as _

from kansrijk.areas.selectors import geometries_by_code, municipalities_current
from kansrijk.coalitions.selectors.national import NationalOverview, national_overview
from kansrijk.coalitions.selectors.programme import MunicipalityProgramme, municipality_programme
from kansrijk.interventions.selectors.programme import (
    NU_NIET_ZWANGER,
    PRENATAL_HOME_VISIT,
    municipalities_offering,
)
from kansrijk.monitoring.charts import MAP_CLASSES, map_svg
from kansrijk.monitoring.pages import ChainFigures, national_chain


@dataclass(frozen=True)
class ReachRow:
    label: str
    count: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    colour: str
    count: int


@dataclass(frozen=True)
class NationalMonitor:
    overview: NationalOverview
    reach: list[ReachRow]
    legend: list[LegendItem]
    map_svg: str
    chain: ChainFigures
    by_status: dict[str, int]  # coalitions per status label, demo coalitions left out
    plan_started: int  # coalitions with at least one plan action
    zelfscan_started: int  # coalitions with at least one zelfscan round


def _map_class(row: MunicipalityProgramme | None) -> str:
    if row is None:
        return "geen"
    if row.status == "bevestigd":
        return "ketenaanpak" if row.ketenaanpak else "bevestigd"
    return "aangevraagd"


def _map(codes: list[str], classes: dict[str, str]) -> str:
    key = "monitor:map:" + hashlib.sha256(repr(sorted(classes.items())).encode()).hexdigest()[:16]
    svg = cache.get(key)
    if svg is None:
        title = _("Kaart van Nederland: gemeenten naar stand van Kansrijke Start")
        svg = map_svg(geometries_by_code(codes, "gemeente"), classes, title=title)
        cache.set(key, svg, 24 * 3600)
    return str(svg)


def national_monitor() -> NationalMonitor:
    municipalities = list(municipalities_current().values_list("code", flat=True))
    total = len(municipalities)
    programme = municipality_programme()
    offered = municipalities_offering([NU_NIET_ZWANGER, PRENATAL_HOME_VISIT])
    current = set(municipalities)
    in_coalition = {c for c in programme if c in current}
    confirmed = {c for c in in_coalition if programme[c].status == "bevestigd"}
    keten = {c for c in confirmed if programme[c].ketenaanpak}
    reach = [
        ReachRow(_("Gemeenten in een coalitie (aangevraagd of bevestigd)"), len(in_coalition), total),
        ReachRow(_("Gemeenten in een bevestigde coalitie"), len(confirmed), total),
        ReachRow(_("Gemeenten met een ketenaanpak (vastgestelde ketenafspraken)"), len(keten), total),
        ReachRow(
            _("Gemeenten waar Nu Niet Zwanger wordt aangeboden"),
            len(offered[NU_NIET_ZWANGER] & current),
            total,
        ),
        ReachRow(
            _("Gemeenten waar het prenataal huisbezoek wordt aangeboden"),
            len(offered[PRENATAL_HOME_VISIT] & current),
            total,
        ),
    ]
    classes = {code: _map_class(programme.get(code)) for code in municipalities}
    labels = {
        "geen": _("Geen coalitie bekend"),
        "aangevraagd": _("Coalitie aangevraagd"),
        "bevestigd": _("Coalitie bevestigd"),
        "ketenaanpak": _("Bevestigd, met ketenaanpak"),
    }
    counts = {key: sum(1 for v in classes.values() if v == key) for key, _c in MAP_CLASSES}
    legend = [LegendItem(key, labels[key], colour, counts[key]) for key, colour in MAP_CLASSES]
    overview = national_overview()
    real = [r for r in overview.rows if not r.coalition.is_demo]
    return NationalMonitor(
        overview=overview,
        reach=reach,
        legend=legend,
        map_svg=_map(municipalities, classes),
        chain=national_chain(),
        by_status={label: sum(1 for r in real if r.status_label == label) for label in overview.by_status},
        plan_started=sum(1 for r in real if r.actions_done + r.actions_open),
        zelfscan_started=sum(1 for r in real if r.rounds),
    )
