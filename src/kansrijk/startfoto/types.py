"""The startfoto as plain data: built once by `selectors.startfoto_build`, rendered by the page,
the PDF, the CSV/JSON exports, the CLI and the API alike (one source of truth for every output)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AreaRef:
    code: str
    name: str


@dataclass(frozen=True)
class Comparison:
    """The same indicator and year for a reference area, from summed numerators and denominators."""

    level: str  # "ggd_regio" | "provincie" | "nederland" | "vergelijkbare_gemeenten"
    area: AreaRef
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    approximate: bool = False
    # How the region value was built when not from every member ("gebaseerd op 340 van 342 gemeenten").
    note: str = ""


@dataclass(frozen=True)
class TrendPoint:
    year: int
    value: float | None
    nederland: float | None
    note: str = ""  # e.g. a merger: "gemeente bestond nog niet in deze indeling"


@dataclass(frozen=True)
class IndicatorFigure:
    key: str
    title: str
    definition: str
    unit: str
    phase: str
    direction: str
    theme: str
    source: str  # e.g. "CBS, Kerncijfers wijken en buurten 2024"
    year: int | None  # None: not available for this municipality
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    numerator_label: str = ""
    denominator_label: str = ""
    approximate: bool = False
    derived: bool = False  # computed by us from other published figures (e.g. births)
    note: str = ""
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    trend: list[TrendPoint] = field(default_factory=list)
    available_for_wijk: bool = False


@dataclass(frozen=True)
class PerinatalReference:
    key: str
    title: str
    value: float
    year: int
    source: str
    unit: str = "%"


@dataclass(frozen=True)
class Startfoto:
    code: str
    name: str
    province: AreaRef | None
    ggd_region: AreaRef | None
    peer_group: AreaRef | None
    population: int | None
    figures: list[IndicatorFigure]
    # Imported Perined/RIVM figures; empty when none were imported (the page then explains how to add them).
    perinatal: list[IndicatorFigure]
    perinatal_references: list[PerinatalReference]
    credit: str = "Bron: CBS / PDOK, CC BY 4.0"
    # Year of `population` (1 January, CBS KWB); None when it came from the municipality list.
    population_year: int | None = None
