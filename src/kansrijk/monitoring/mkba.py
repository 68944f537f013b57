"""The business case (MKBA, maatschappelijke kosten-batenanalyse) calculator for a coalition's wethouder.

Pure Python: no models, nothing stored. The user enters the reach per vulnerability level (number of
families), the intervention cost per family per level and a horizon in years; the one sourced default is
the return of 7–10 % that seed 003 ("Het verhaal over de eerste 1.000 dagen", VWS) cites from Heckman.

Method (one honest reading of "een rendement van 7% - 10%", stated on the page as an assumption):
  investment          I = Σ over levels of (families × cost per family), a one-off investment in one group
  avoided costs/year  I × r                     (simple yearly return on the invested amount, no compounding)
  avoided costs       I × r × horizon years     (no discounting)
  net                 avoided costs − I
  payback             1 / r years
computed with r = the low and the high rate, so every result is a range (low, high), never one number.
Amounts are rounded outward (low down, high up) to whole thousands of euros, so rounding never makes the
range look narrower than it is; below € 10,000 to hundreds, below € 1,000 to tens.

Every default carries its source and no default exists without one (`Parameter.__post_init__` refuses
it). The Integrale GezinsPoli MKBA (AEF 2021) is named as a source, but its figures are not in our sources,
so none of its numbers is used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kansrijk.routes.models import VulnerabilityLevel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- sources ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where a default (or a named but unused figure) comes from: enough for a reader to find it."""

    key: str
    title: str
    publisher: str
    year: str
    url: str  # "" when our sources give no address
    quote: str  # the words we rely on, as the source has them ("" when we rely on no words of it)
    note: StrOrPromise = ""


HECKMAN_RETURN = Source(
    key="rendement",
    title="Een Kansrijke Start voor iedereen. Het verhaal over de eerste 1.000 dagen",
    publisher="Ministerie van VWS, Actieprogramma Kansrijke Start (met de Heckman-curve van James Heckman)",
    year="",
    url="https://www.kansrijkestartnl.nl/",
    quote="investeren in de eerste 1.000 dagen kent een rendement van 7% - 10%",
    note=gettext_lazy(
        "Het document noemt dit rendement bij de uitspraak van Nobelprijswinnaar James Heckman "
        "'Investeren in jonge kinderen rendeert'. Het zegt niet hoe het rendement is berekend."
    ),
)
GEZINSPOLI_MKBA = Source(
    key="gezinspoli",
    title="Maatschappelijke kosten- en batenanalyse Integrale GezinsPoli",
    publisher="AEF, in opdracht van VWS (Actieprogramma Kansrijke Start)",
    year="2021",
    url="https://www.kansrijkestartnl.nl/actueel/nieuws/2022/03/15/mkba-rapport",
    quote="",
    note=gettext_lazy(
        "Onderzocht bij ongeveer 700 (aanstaande) gezinnen met medische en sociale problemen "
        "(HagaZiekenhuis en Juliana Kinderziekenhuis, Den Haag). De cijfers uit dat rapport staan niet "
        "in onze bronnen; vul ze zelf in als u ze heeft."
    ),
)
SOURCES: tuple[Source, ...] = (HECKMAN_RETURN, GEZINSPOLI_MKBA)


# --- parameters ---------------------------------------------------------------------------------------

MAX_FAMILIES = 200_000  # per level: far above the families any coalition sees in a year
MAX_COST = 250_000  # euros per family
MIN_HORIZON, MAX_HORIZON = 1, 30  # years
MAX_RATE = Decimal(25)  # percent per year
LEVELS: tuple[VulnerabilityLevel, ...] = tuple(VulnerabilityLevel)

Number = int | Decimal


@dataclass(frozen=True)
class Parameter:
    """One input of the calculation. A default exists only with its source, and a source only with a
    default (a parameter naming a source it does not use would suggest a sourced value)."""

    key: str
    label: str
    unit: str  # "gezinnen", "euro", "jaar", "procent"
    minimum: Number
    maximum: Number
    default: Number | None = None
    source: Source | None = None

    def __post_init__(self) -> None:
        if self.default is not None and self.source is None:
            raise ValueError(f"parameter {self.key}: a default needs a source")
        if self.source is not None and self.default is None:
            raise ValueError(f"parameter {self.key}: a source without a default value")
        if self.default is not None and not self.minimum <= self.default <= self.maximum:
            raise ValueError(f"parameter {self.key}: default outside its bounds")


def reach_key(level: str) -> str:
    return f"bereik_{level}"


def cost_key(level: str) -> str:
    return f"kosten_{level}"


HORIZON = "horizon"
RATE_LOW = "rendement_laag"
RATE_HIGH = "rendement_hoog"


def parameters() -> tuple[Parameter, ...]:
    """Every input, in page order. Only the two rates have a default (seed 003's 7–10 %)."""
    per_level: list[Parameter] = []
    for level in LEVELS:
        per_level.append(
            Parameter(
                key=reach_key(level.value),
                label=_("Aantal gezinnen: %(level)s") % {"level": level.label},
                unit="gezinnen",
                minimum=0,
                maximum=MAX_FAMILIES,
            )
        )
        per_level.append(
            Parameter(
                key=cost_key(level.value),
                label=_("Kosten per gezin: %(level)s") % {"level": level.label},
                unit="euro",
                minimum=0,
                maximum=MAX_COST,
            )
        )
    return (
        *per_level,
        Parameter(
            key=HORIZON, label=_("Periode in jaren"), unit="jaar", minimum=MIN_HORIZON, maximum=MAX_HORIZON
        ),
        Parameter(
            key=RATE_LOW,
            label=_("Rendement per jaar, laag"),
            unit="procent",
            minimum=Decimal(0),
            maximum=MAX_RATE,
            default=Decimal(7),
            source=HECKMAN_RETURN,
        ),
        Parameter(
            key=RATE_HIGH,
            label=_("Rendement per jaar, hoog"),
            unit="procent",
            minimum=Decimal(0),
            maximum=MAX_RATE,
            default=Decimal(10),
            source=HECKMAN_RETURN,
        ),
    )


def defaults() -> dict[str, Number]:
    """The sourced defaults, by parameter key."""
    return {p.key: p.default for p in parameters() if p.default is not None}


@dataclass(frozen=True)
class Prefill:
    """A reach the caller knows (e.g. a published monitor figure), shown with where it came from."""

    families: int
    source_label: str


# --- input and validation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inputs:
    reach: Mapping[str, int]  # level → families (a level left out counts as 0)
    cost: Mapping[str, int]  # level → euros per family
    horizon_years: int
    rate_low: Decimal  # percent per year
    rate_high: Decimal


class MkbaInputError(ValueError):
    """Invalid input: Dutch messages by parameter key ("" for the input as a whole)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)


def families_message() -> str:
    return _("Vul een aantal gezinnen in van 0 tot en met %(max)s.") % {"max": _thousands(MAX_FAMILIES)}


def cost_message() -> str:
    return _("Vul een bedrag in van € 0 tot en met € %(max)s per gezin, in hele euro's.") % {
        "max": _thousands(MAX_COST)
    }


def horizon_message() -> str:
    return _("Vul een periode in van %(min)d tot en met %(max)d jaar, in hele jaren.") % {
        "min": MIN_HORIZON,
        "max": MAX_HORIZON,
    }


def rate_message() -> str:
    return _("Vul een percentage in van 0 tot en met %(max)d.") % {"max": int(MAX_RATE)}


def validate(inputs: Inputs) -> dict[str, str]:
    """Every problem with the input, by parameter key; empty when the calculation can run."""
    errors: dict[str, str] = {}
    for level, families in inputs.reach.items():
        if level not in VulnerabilityLevel.values:
            errors[""] = _("Onbekend niveau: %(level)s.") % {"level": level}
        elif not 0 <= families <= MAX_FAMILIES:
            errors[reach_key(level)] = families_message()
    for level, euros in inputs.cost.items():
        if level not in VulnerabilityLevel.values:
            errors[""] = _("Onbekend niveau: %(level)s.") % {"level": level}
        elif not 0 <= euros <= MAX_COST:
            errors[cost_key(level)] = cost_message()
    if not MIN_HORIZON <= inputs.horizon_years <= MAX_HORIZON:
        errors[HORIZON] = horizon_message()
    for key, rate in ((RATE_LOW, inputs.rate_low), (RATE_HIGH, inputs.rate_high)):
        if not rate.is_finite() or not Decimal(0) <= rate <= MAX_RATE:
            errors[key] = rate_message()
    if RATE_LOW not in errors and RATE_HIGH not in errors and inputs.rate_low > inputs.rate_high:
        errors[RATE_HIGH] = _("Het hoge rendement moet minstens zo hoog zijn als het lage.")
    if not errors and _investment(inputs) == 0:
        errors[""] = _(
            "Vul bij minstens één niveau een aantal gezinnen én kosten per gezin in (meer dan 0). "
            "Zonder investering valt er niets te berekenen."
        )
    return errors


# --- the calculation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Range:
    """An estimate from the low to the high rate, rounded outward. `step` is the rounding unit in euros."""

    low: int
    high: int
    step: int = 1

    @property
    def text(self) -> str:
        return euro_range(self)


@dataclass(frozen=True)
class LevelResult:
    level: str
    label: str
    families: int
    cost_per_family: int
    investment: int  # exact: families × cost, the user's own numbers
    avoided: Range  # avoided costs over the horizon

    @property
    def families_text(self) -> str:
        return _thousands(self.families)

    @property
    def cost_text(self) -> str:
        return euro(self.cost_per_family)

    @property
    def investment_text(self) -> str:
        return euro(self.investment)


@dataclass(frozen=True)
class Result:
    inputs: Inputs
    levels: list[LevelResult]
    investment: int  # exact
    avoided_per_year: Range
    avoided: Range  # over the horizon
    net: Range  # avoided − investment over the horizon
    payback_years: tuple[int, int] | None  # (from, to) whole years; None when a rate is 0
    uses_sourced_rates: bool
    sources: tuple[Source, ...] = field(default=SOURCES)

    @property
    def chart(self) -> list[Bar]:
        return chart_bars(self)

    @property
    def investment_text(self) -> str:
        return euro(self.investment)

    @property
    def families(self) -> int:
        return sum(row.families for row in self.levels)

    @property
    def families_text(self) -> str:
        return _thousands(self.families)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _investment(inputs: Inputs) -> int:
    return sum(inputs.reach.get(level, 0) * inputs.cost.get(level, 0) for level in VulnerabilityLevel.values)


def rounding_step(amount: Decimal) -> int:
    """€ 1,000 for amounts from € 10,000; € 100 from € 1,000; € 10 below."""
    size = abs(amount)
    if size >= 10_000:
        return 1_000
    if size >= 1_000:
        return 100
    return 10


def round_range(low: Decimal, high: Decimal) -> Range:
    """Round outward: the low end down and the high end up, both to the step the larger end needs."""
    step = rounding_step(max(abs(low), abs(high)))
    unit = Decimal(step)
    down = (low / unit).to_integral_value(rounding=ROUND_FLOOR) * unit
    up = (high / unit).to_integral_value(rounding=ROUND_CEILING) * unit
    return Range(low=int(down), high=int(up), step=step)


def compute(inputs: Inputs) -> Result:
    """The business case as ranges; MkbaInputError (Dutch messages) when the input is not valid."""
    errors = validate(inputs)
    if errors:
        raise MkbaInputError(errors)
    low_rate, high_rate = inputs.rate_low / 100, inputs.rate_high / 100
    years = Decimal(inputs.horizon_years)
    levels = []
    for level in LEVELS:
        families = inputs.reach.get(level.value, 0)
        cost = inputs.cost.get(level.value, 0)
        invested = Decimal(families * cost)
        levels.append(
            LevelResult(
                level=level.value,
                label=str(level.label),
                families=families,
                cost_per_family=cost,
                investment=families * cost,
                avoided=round_range(invested * low_rate * years, invested * high_rate * years),
            )
        )
    total = _investment(inputs)
    invested = Decimal(total)
    payback = None
    if inputs.rate_low > 0:
        payback = (math.floor(100 / inputs.rate_high), math.ceil(100 / inputs.rate_low))
    sourced = defaults()
    return Result(
        inputs=inputs,
        levels=levels,
        investment=total,
        avoided_per_year=round_range(invested * low_rate, invested * high_rate),
        avoided=round_range(invested * low_rate * years, invested * high_rate * years),
        net=round_range(invested * low_rate * years - invested, invested * high_rate * years - invested),
        payback_years=payback,
        uses_sourced_rates=(inputs.rate_low, inputs.rate_high) == (sourced[RATE_LOW], sourced[RATE_HIGH]),
    )


# --- the picture --------------------------------------------------------------------------------------

CHART_WIDTH = 1000  # viewBox units


@dataclass(frozen=True)
class Bar:
    """One horizontal bar in viewBox units: solid from 0 to `solid`, a lighter band from `solid` to `end`
    (the range between the low and the high estimate)."""

    key: str
    label: str
    solid: int
    end: int
    text: str

    @property
    def band(self) -> int:
        return self.end - self.solid


def chart_bars(result: Result) -> list[Bar]:
    """The investment and the avoided costs over the horizon on one scale (the largest = full width)."""
    top = max(result.investment, result.avoided.high, 1)

    def scale(amount: int) -> int:
        return round(CHART_WIDTH * max(amount, 0) / top)

    return [
        Bar(
            key="investering",
            label=_("Investering"),
            solid=scale(result.investment),
            end=scale(result.investment),
            text=euro(result.investment),
        ),
        Bar(
            key="vermeden",
            label=_("Vermeden kosten in %(years)d jaar (schatting)") % {"years": result.inputs.horizon_years},
            solid=scale(result.avoided.low),
            end=scale(result.avoided.high),
            text=euro_range(result.avoided),
        ),
    ]


def euro(amount: int) -> str:
    """Dutch notation (€ 1.234) with a no-break space, so the sign never wraps away from the number."""
    sign = "−" if amount < 0 else ""
    return f"{sign}€\u00a0{_thousands(abs(amount))}"


def euro_range(r: Range) -> str:
    return _("%(low)s tot %(high)s") % {"low": euro(r.low), "high": euro(r.high)}
