"""Reads of the balans: the matrix phase × theme of one coalition, and the per-wijk view.

One `Balans` feeds the page, the PDF, the JSON export, the CLI and the API. Queries are bounded: the
coalition's municipalities, one startfoto per municipality (cached), the offers once (with their
intervention themes, municipalities and wijken prefetched), the menukaart once and the notes once; the
cells are grouped in Python. Visibility is the caller's job (`coalition_get_for_user`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from kansrijk.areas.models import Area, Phase
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.atlas.selectors import ESTIMATE_NOTE, atlas_municipality, atlas_summary_for, count_label
from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.models import BalansNote, Intervention, LocalOffer, Need
from kansrijk.interventions.selectors.needs import (
    BALANS_PHASES,
    LEVEL_LABELS,
    LEVEL_UNKNOWN,
    LEVELS_WITH_NEED,
    NEED_SOURCES,
    NO_OPEN_FIGURE,
    highest,
    level_for,
)
from kansrijk.startfoto.presentation import format_value
from kansrijk.startfoto.selectors import startfoto_get
from kansrijk.startfoto.types import IndicatorFigure

CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


@dataclass(frozen=True)
class NeedFigure:
    """One open figure behind a need, for one municipality."""

    municipality: str
    key: str
    title: str
    unit: str
    value: float | None
    nederland: float | None
    year: int | None
    source: str
    reason: str
    proxy: bool
    level: str
    note: str = ""

    @property
    def value_text(self) -> str:
        return format_value(self.value, self.unit) if self.value is not None else NO_OPEN_FIGURE

    @property
    def nederland_text(self) -> str:
        return format_value(self.nederland, self.unit) if self.nederland is not None else "–"

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]


@dataclass(frozen=True)
class NeedAssessment:
    level: str  # hoog | gemiddeld | laag | onbekend
    figures: list[NeedFigure]
    explanation: str

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def present(self) -> bool:
        return self.level in LEVELS_WITH_NEED


@dataclass(frozen=True)
class OfferRef:
    intervention: str
    intervention_slug: str
    partner: str
    capacity_per_year: int | None
    waiting_days: int | None


@dataclass(frozen=True)
class Cell:
    phase: str
    phase_label: str
    need: str
    need_label: str
    behoefte: NeedAssessment
    offers: list[OfferRef]
    menukaart: list[str]  # interventions on the national menukaart for this phase and theme
    goes_well: str = ""
    gaps: str = ""

    @property
    def gap(self) -> bool:
        return self.behoefte.present and not self.offers

    @property
    def anchor(self) -> str:
        return f"cel-{self.phase}-{self.need}"


@dataclass(frozen=True)
class BalansRow:
    need: str
    label: str
    behoefte: NeedAssessment
    cells: list[Cell]


@dataclass(frozen=True)
class AtlasContext:
    municipality: str
    share: float
    lower: float
    upper: float
    number_label: str


@dataclass
class Balans:
    coalition: Coalition
    phases: list[tuple[str, str]]
    rows: list[BalansRow]
    atlas: list[AtlasContext] = field(default_factory=list)
    credit: str = CREDIT

    @property
    def cells(self) -> list[Cell]:
        return [cell for row in self.rows for cell in row.cells]

    @property
    def gaps(self) -> list[Cell]:
        """The gaps in reading order (theme by theme, phases in programme order): listed at the top."""
        return [cell for cell in self.cells if cell.gap]

    @property
    def gap_count(self) -> int:
        return len(self.gaps)


def gap_summary(count: int) -> str:
    """The summary line above the matrix: "1 gat", "3 gaten", "0 gaten"."""
    return "1 gat" if count == 1 else f"{count} gaten"


def _municipalities(coalition: Coalition) -> list[Area]:
    return list(
        coalition.municipalities.select_related("province", "ggd_region", "peer_group")
        .defer("geometry", "province__geometry", "ggd_region__geometry", "peer_group__geometry")
        .order_by("name")
    )


def _need_figure(
    municipality: Area, spec_key: str, reason: str, proxy: bool, figure: IndicatorFigure
) -> NeedFigure:
    nl = figure.comparisons.get("nederland")
    nederland = nl.value if nl is not None else None
    return NeedFigure(
        municipality=municipality.name,
        key=spec_key,
        title=figure.title,
        unit=figure.unit,
        value=figure.value,
        nederland=nederland,
        year=figure.year,
        source=figure.source,
        reason=reason,
        proxy=proxy,
        level=level_for(value=figure.value, nederland=nederland, direction=figure.direction),
        note=figure.note if figure.value is None else "",
    )


def needs_for(municipalities: list[Area]) -> dict[str, NeedAssessment]:
    """The need level per theme for these municipalities (rule: `selectors/needs.py`)."""
    figures_by_area = {}
    for municipality in municipalities:
        sf = startfoto_get(municipality=municipality)
        figures_by_area[municipality.pk] = {f.key: f for f in [*sf.figures, *sf.perinatal]}
    out: dict[str, NeedAssessment] = {}
    for need in Need:
        source = NEED_SOURCES[need]
        found: list[NeedFigure] = []
        for municipality in municipalities:
            by_key = figures_by_area[municipality.pk]
            for spec in source.indicators:
                figure = by_key.get(spec.key)
                if figure is not None:
                    found.append(_need_figure(municipality, spec.key, spec.reason, spec.proxy, figure))
        with_value = [f for f in found if f.level != LEVEL_UNKNOWN]
        level = highest([f.level for f in with_value])
        if not with_value:
            missing = source.missing
            explanation = (
                missing
                if NO_OPEN_FIGURE in missing.lower()
                else f"Nog {NO_OPEN_FIGURE} in Kansrijk. {missing}"
            )
        elif any(f.proxy for f in with_value):
            text = "; ".join(sorted({f.reason for f in with_value if f.proxy}))
            explanation = text[:1].upper() + text[1:] + "."
        else:
            explanation = ""
        out[need] = NeedAssessment(level=level, figures=found, explanation=explanation)
    return out


def _offers_by_cell(coalition: Coalition) -> dict[tuple[str, str], list[OfferRef]]:
    offers = (
        LocalOffer.objects.filter(coalition=coalition)
        .select_related("intervention", "partner__organisation")
        .prefetch_related("intervention__need_rows")
        .order_by("intervention__name", "partner__organisation__name")
    )
    out: dict[tuple[str, str], list[OfferRef]] = defaultdict(list)
    for offer in offers:
        ref = OfferRef(
            intervention=offer.intervention.name,
            intervention_slug=offer.intervention.slug,
            partner=offer.partner.organisation.name,
            capacity_per_year=offer.capacity_per_year,
            waiting_days=offer.waiting_days,
        )
        needs = {row.need for row in offer.intervention.need_rows.all()}
        for phase in offer.phases or []:
            for need in needs:
                out[(phase, need)].append(ref)
    return out


def _menukaart_by_cell() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    interventions = Intervention.objects.filter(is_active=True).prefetch_related("phase_rows", "need_rows")
    for intervention in interventions.only("name"):
        for phase_row in intervention.phase_rows.all():
            for need_row in intervention.need_rows.all():
                out[(phase_row.phase, need_row.need)].append(intervention.name)
    return out


def _atlas_context(municipalities: list[Area]) -> list[AtlasContext]:
    out = []
    for municipality in municipalities:
        summary = atlas_summary_for(municipality)
        if summary is None:
            continue
        estimate = summary["estimate"]
        out.append(
            AtlasContext(
                municipality=municipality.name,
                share=estimate.share,
                lower=estimate.share_lower,
                upper=estimate.share_upper,
                number_label=summary["number_label"],
            )
        )
    return out


def balans_get(*, coalition: Coalition) -> Balans:
    """The coalition's balans: need, offer, gap and notes for every phase × theme."""
    municipalities = _municipalities(coalition)
    needs = needs_for(municipalities)
    offers = _offers_by_cell(coalition)
    menukaart = _menukaart_by_cell()
    notes = {(n.phase, n.need): n for n in BalansNote.objects.filter(coalition=coalition)}
    rows = []
    for need in Need:
        cells = []
        for phase in BALANS_PHASES:
            note = notes.get((phase.value, need.value))
            cells.append(
                Cell(
                    phase=phase.value,
                    phase_label=str(phase.label),
                    need=need.value,
                    need_label=str(need.label),
                    behoefte=needs[need],
                    offers=offers.get((phase.value, need.value), []),
                    menukaart=menukaart.get((phase.value, need.value), []),
                    goes_well=note.goes_well if note else "",
                    gaps=note.gaps if note else "",
                )
            )
        rows.append(BalansRow(need=need.value, label=str(need.label), behoefte=needs[need], cells=cells))
    return Balans(
        coalition=coalition,
        phases=[(p.value, str(p.label)) for p in BALANS_PHASES],
        rows=rows,
        atlas=_atlas_context(municipalities),
    )


def balans_cell(*, balans: Balans, phase: str, need: str) -> Cell | None:
    return next((c for c in balans.cells if c.phase == phase and c.need == need), None)


def is_balans_cell(phase: str, need: str) -> bool:
    return phase in {p.value for p in BALANS_PHASES} and need in Need.values


# --- per wijk -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WijkRow:
    code: str
    name: str
    municipality: str
    share: float
    lower: float
    upper: float
    number_label: str
    offers: list[str]
    high: bool  # the 90% interval lies wholly above the national estimate

    @property
    def flag(self) -> bool:
        return self.high and not self.offers


@dataclass
class BalansWijken:
    model: AtlasModel
    national_share: float | None
    rows: list[WijkRow]
    note: str = ESTIMATE_NOTE
    credit: str = CREDIT

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flag)


def _offers_reaching(
    coalition: Coalition, municipality_codes: list[str]
) -> list[tuple[str, set[str], set[str]]]:
    """(label, municipality codes, wijk codes) per offer. No municipalities: the coalition's whole area."""
    offers = (
        LocalOffer.objects.filter(coalition=coalition)
        .select_related("intervention", "partner__organisation")
        .prefetch_related(
            Prefetch("municipalities", queryset=Area.objects.only("code")),
            Prefetch("wijken", queryset=Area.objects.only("code")),
        )
        .order_by("intervention__name")
    )
    out = []
    for offer in offers:
        gms = {a.code for a in offer.municipalities.all()} or set(municipality_codes)
        wks = {a.code for a in offer.wijken.all()}
        out.append((f"{offer.intervention.name} ({offer.partner.organisation.name})", gms, wks))
    return out


def balans_wijken(*, coalition: Coalition, model: AtlasModel) -> BalansWijken:
    """Per wijk of the coalition's municipalities: the atlas estimate next to the offers that reach it.

    An offer reaches a wijk when it lists the wijk, or lists no wijken and covers the wijk's municipality.
    Sorted by estimated share, highest first."""
    municipalities = _municipalities(coalition)
    codes = [m.code for m in municipalities]
    offers = _offers_reaching(coalition, codes)
    national = AtlasEstimate.objects.filter(model=model, level="land").values_list("share", flat=True).first()
    rows = []
    for municipality in municipalities:
        data = atlas_municipality(model=model, code=municipality.code)
        if data is None:
            continue
        for wijk in data.wijken:
            reaching = [
                label
                for label, gms, wks in offers
                if wijk.code in wks or (not wks and municipality.code in gms)
            ]
            rows.append(
                WijkRow(
                    code=wijk.code,
                    name=wijk.name,
                    municipality=municipality.name,
                    share=wijk.share,
                    lower=wijk.share_lower,
                    upper=wijk.share_upper,
                    number_label=count_label(wijk.number),
                    offers=reaching,
                    high=national is not None and wijk.share_lower > national,
                )
            )
    rows.sort(key=lambda r: (-r.share, r.name))
    return BalansWijken(model=model, national_share=national, rows=rows)


def phase_label(phase: str) -> str:
    return str(Phase(phase).label)


def need_label(need: str) -> str:
    return str(Need(need).label)
