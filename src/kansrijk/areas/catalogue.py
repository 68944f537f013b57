"""The CBS indicator catalogue: one list of `CbsIndicator` (spec + derivation), keyed by indicator key.

Keys colleagues code against (stable): inwoners, huishoudens, geboorten (derived), geboorte_relatief,
pct_0_15 … pct_65plus, pct_herkomst_*, pct_hhd_met_kind, pct_eenpersoonshhd, pct_hh_laag_inkomen,
pct_hh_laagste40_besteedbaar, pct_rond_sociaal_min, pct_jeugdzorg, pct_opl_laag/midden/hoog,
stedelijkheid, afstand_*, arbeidsparticipatie, gem_inkomen_inwoner, bevolkingsdichtheid, wmo_per_1000.
"""

from __future__ import annotations

from kansrijk.areas.catalogue_base import (
    CLASS,
    COUNT,
    DERIVED_COUNT,
    INKOMEN,
    KWB,
    RATE,
    SHARE,
    WIJK,
    CbsIndicator,
    Derivation,
)
from kansrijk.areas.catalogue_population import POPULATION
from kansrijk.areas.catalogue_social import SOCIAL
from kansrijk.areas.specs import IndicatorSpec

CBS_INDICATORS: list[CbsIndicator] = [*POPULATION, *SOCIAL]
CBS_BY_KEY: dict[str, CbsIndicator] = {c.spec.key: c for c in CBS_INDICATORS}
CBS_SPECS: list[IndicatorSpec] = [c.spec for c in CBS_INDICATORS]

if len(CBS_BY_KEY) != len(CBS_INDICATORS):  # a duplicated key would silently drop an indicator
    raise RuntimeError("CBS catalogue: duplicate indicator key")


def aggregation_method(key: str) -> str:
    """How regions aggregate this indicator: RATE for everything not in the CBS catalogue (perinatal)."""
    entry = CBS_BY_KEY.get(key)
    return entry.derivation.method if entry else RATE


# Shares defined against the national distribution (CBS: lowest 40 %, highest 20 % of standardised
# disposable income): the national value is the definition itself, not a re-aggregate of rounded
# municipal shares that drifts 0.3–0.4 points (issue 10).
NATIONAL_BY_DEFINITION: dict[str, float] = {
    "pct_hh_laag_inkomen": 40.0,
    "pct_hh_laagste40_besteedbaar": 40.0,
    "pct_hh_hoog_inkomen": 20.0,
    "pct_hh_hoogste20_besteedbaar": 20.0,
}


def counts_are_published(key: str) -> bool:
    """Whether an indicator's numerator is a real count we may publish. Not when CBS gives only a
    rounded rate (e.g. "12 % of inhabitants are 0–15"): its numerator is the rate × inhabitants, good
    enough to sum regions but not a count anyone should read (issue 10: Amsterdam's 0–15 and 15–25
    would both read "121.069")."""
    entry = CBS_BY_KEY.get(key)
    if entry is None:  # perinatal figures: imported tellers and noemers
        return True
    derivation = entry.derivation
    return not (derivation.method == RATE and not derivation.numerator)


__all__ = [
    "CBS_BY_KEY",
    "CBS_INDICATORS",
    "CBS_SPECS",
    "CLASS",
    "COUNT",
    "DERIVED_COUNT",
    "NATIONAL_BY_DEFINITION",
    "INKOMEN",
    "KWB",
    "RATE",
    "SHARE",
    "WIJK",
    "CbsIndicator",
    "Derivation",
    "aggregation_method",
    "counts_are_published",
]
