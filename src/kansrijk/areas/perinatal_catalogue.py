"""Perinatal indicators (Perined / RIVM Regiobeeld). Not in the CBS open data: they must be imported.

Definitions follow the DIAPER work behind the Kansrijke Start monitor (domain.md §5.2). The national
reference values are published figures (VZinfo / Perined, births ≥ 24 weeks, 2021; domain.md §0); where
no published reference was found, the reference stays empty rather than being filled in.
"""

from __future__ import annotations

from typing import TypedDict

from kansrijk.areas.specs import IndicatorSpec

REFERENCE_SOURCE = "VZinfo / Perined, geboorten ≥ 24 weken, 2021"
SOURCE = "Perined / RIVM (Regiobeeld), geïmporteerd"


class _Common(TypedDict):
    """The fields every perinatal spec shares (a TypedDict, so `**_COMMON` keeps the field types)."""

    source: str
    source_kind: str
    direction: str
    theme: str


_COMMON: _Common = {
    "source": SOURCE,
    "source_kind": "perinataal",
    "direction": "hoger_ongunstiger",
    "theme": "perinataal",
}

PERINATAL_INDICATORS: list[IndicatorSpec] = [
    IndicatorSpec(
        key="vroeggeboorte",
        title="Vroeggeboorte",
        definition="Kinderen geboren na een zwangerschapsduur van 24⁺⁰ tot 37 weken, als percentage van "
        "alle geboorten vanaf 24 weken.",
        unit="%",
        scale=100,
        numerator_label="geboorten 24⁺⁰ tot 37 weken",
        denominator_label="geboorten ≥ 24 weken",
        phase="geboorte",
        order=900,
        reference_value=6.6,
        reference_year=2021,
        reference_source=REFERENCE_SOURCE,
        **_COMMON,
    ),
    IndicatorSpec(
        key="sga",
        title="Laag geboortegewicht voor de zwangerschapsduur (SGA)",
        definition="Kinderen met een geboortegewicht onder het 10e percentiel voor zwangerschapsduur en "
        "geslacht, als percentage van alle geboorten vanaf 24 weken.",
        unit="%",
        scale=100,
        numerator_label="geboorten met gewicht < p10 voor duur en geslacht",
        denominator_label="geboorten ≥ 24 weken",
        phase="geboorte",
        order=901,
        reference_value=9.7,
        reference_year=2021,
        reference_source=REFERENCE_SOURCE,
        **_COMMON,
    ),
    IndicatorSpec(
        key="big2",
        title="Vroeggeboorte en/of SGA (BIG2)",
        definition="Kinderen die te vroeg (24⁺⁰ tot 37 weken) en/of met een te laag gewicht voor de "
        "zwangerschapsduur (< p10) geboren zijn, als percentage van alle geboorten vanaf 24 weken.",
        unit="%",
        scale=100,
        numerator_label="geboorten vroeg en/of SGA",
        denominator_label="geboorten ≥ 24 weken",
        phase="geboorte",
        order=902,
        reference_value=14.8,
        reference_year=2021,
        reference_source=REFERENCE_SOURCE,
        **_COMMON,
    ),
    IndicatorSpec(
        key="perinatale_sterfte",
        title="Perinatale sterfte",
        definition="Perinatale sterfte per 1.000 geboorten, volgens de definitie van de aangeleverde "
        "Perined-export (teller en noemer zoals in het bestand).",
        unit="per 1.000 geboorten",
        scale=1000,
        numerator_label="perinataal overleden kinderen",
        denominator_label="geboorten",
        phase="geboorte",
        order=903,
        **_COMMON,
    ),
    IndicatorSpec(
        key="roken_zwangerschap",
        title="Roken tijdens de zwangerschap",
        definition="Zwangeren die tijdens de zwangerschap roken, als percentage van de zwangeren met een "
        "bekende rookstatus, volgens de aangeleverde export.",
        unit="%",
        scale=100,
        numerator_label="zwangeren die roken",
        denominator_label="zwangeren met bekende rookstatus",
        phase="zwangerschap",
        order=904,
        **_COMMON,
    ),
    IndicatorSpec(
        key="late_start_zorg",
        title="Late start van de zwangerschapszorg",
        definition="Zwangeren zonder zwangerschapszorg vóór week 10, als percentage van alle zwangeren in "
        "de export. Let op: VZinfo noemt de landelijke cijfers over de start van de begeleiding op dit "
        "moment onbetrouwbaar, in afwachting van een Perined-update (vzinfo.nl, prestatie-indicatoren).",
        unit="%",
        scale=100,
        numerator_label="zwangeren zonder zorg vóór week 10",
        denominator_label="zwangeren",
        phase="zwangerschap",
        order=905,
        **_COMMON,
    ),
]

PERINATAL_KEYS: frozenset[str] = frozenset(spec.key for spec in PERINATAL_INDICATORS)
