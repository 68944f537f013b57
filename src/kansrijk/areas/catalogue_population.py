"""CBS catalogue entries: population and households (see `catalogue.py`)."""

from __future__ import annotations

from kansrijk.areas.catalogue_base import (
    CLASS,
    COUNT,
    DERIVED_COUNT,
    KWB,
    KWB_2022,
    KWB_2024,
    WIJK,
    CbsIndicator,
    Derivation,
    age_share,
    indicator,
)

POPULATION: list[CbsIndicator] = [
    # --- Bevolking
    indicator(
        "inwoners",
        "Inwoners",
        "Aantal inwoners op 1 januari volgens de Basisregistratie Personen (CBS).",
        Derivation("aantal_inwoners", method=COUNT, files=(KWB, WIJK)),
        unit="aantal",
        scale=1.0,
        numerator_label="inwoners",
        order=10,
    ),
    indicator(
        "geboorten",
        "Geboorten (afgeleid)",
        "Afgeleid, geen CBS-cijfer: het relatieve aantal levendgeborenen 2022 (per 1.000 inwoners, "
        "door CBS afgerond op hele getallen) × aantal inwoners / 1.000. Door die afronding is het een "
        "schatting; de marge staat bij het cijfer van elke gemeente (bij een klein geboortecijfer is die "
        "groter). Landelijk ≈ 167.000 tegen officieel 167.500. Minder dan 10 staat als <10.",
        Derivation("geboorte_relatief", method=DERIVED_COUNT, approximate=True),
        unit="aantal",
        scale=1.0,
        numerator_label="levendgeborenen (afgeleid)",
        source=KWB_2022,
        phase="geboorte",
        derived=True,
        order=11,
    ),
    indicator(
        "geboorte_relatief",
        "Geboorten per 1.000 inwoners",
        "Levendgeborenen in het jaar per 1.000 inwoners op 1 januari (CBS, afgerond op hele getallen).",
        Derivation("geboorte_relatief", denominator="aantal_inwoners"),
        unit="per 1.000 inwoners",
        scale=1000.0,
        numerator_label="levendgeborenen",
        source=KWB_2022,
        phase="geboorte",
        order=12,
    ),
    indicator(
        "sterfte_relatief",
        "Sterfte per 1.000 inwoners",
        "Overledenen in het jaar per 1.000 inwoners op 1 januari (CBS, afgerond).",
        Derivation("sterfte_relatief", denominator="aantal_inwoners"),
        unit="per 1.000 inwoners",
        scale=1000.0,
        numerator_label="overledenen",
        source=KWB_2022,
        order=13,
    ),
    age_share("pct_0_15", "0_15", "0 tot 15 jaar", 20),
    age_share("pct_15_25", "15_25", "15 tot 25 jaar", 21),
    age_share("pct_25_45", "25_45", "25 tot 45 jaar", 22),
    age_share("pct_45_65", "45_65", "45 tot 65 jaar", 23),
    age_share("pct_65plus", "65plus", "65 jaar en ouder", 24),
    indicator(
        "pct_herkomst_nl",
        "Herkomst Nederland",
        "Inwoners met Nederland als herkomstland (CBS-indeling naar herkomst, 2024), als percentage "
        "van alle inwoners.",
        Derivation("pct_herkomst_nl", denominator="aantal_inwoners"),
        numerator_label="inwoners met herkomst Nederland",
        source=KWB_2024,
        order=30,
    ),
    indicator(
        "pct_herkomst_europa",
        "Herkomst Europa (buiten Nederland)",
        "Inwoners met een Europees herkomstland buiten Nederland (CBS, 2024), als percentage van alle "
        "inwoners.",
        Derivation("pct_herkomst_europa", denominator="aantal_inwoners"),
        numerator_label="inwoners met herkomst Europa (excl. Nederland)",
        source=KWB_2024,
        order=31,
    ),
    indicator(
        "pct_herkomst_buiten_europa",
        "Herkomst buiten Europa",
        "Inwoners met een herkomstland buiten Europa (CBS, 2024), als percentage van alle inwoners.",
        Derivation("pct_herkomst_buiten_europa", denominator="aantal_inwoners"),
        numerator_label="inwoners met herkomst buiten Europa",
        source=KWB_2024,
        order=32,
    ),
    indicator(
        "bevolkingsdichtheid",
        "Bevolkingsdichtheid",
        "Inwoners per km² land (CBS). Regio's: inwoners gedeeld door landoppervlakte; waar de "
        "oppervlakte niet gepubliceerd is, afgeleid uit inwoners / dichtheid (benadering).",
        Derivation("bevolkingsdichtheid", denominator="km2", numerator="aantal_inwoners", files=(KWB, WIJK)),
        unit="per km²",
        scale=1.0,
        numerator_label="inwoners",
        order=40,
    ),
    indicator(
        "stedelijkheid",
        "Stedelijkheid",
        "Stedelijkheidsklasse op basis van de omgevingsadressendichtheid: 1 = zeer sterk stedelijk "
        "(≥ 2.500 adressen per km²) … 5 = niet stedelijk (< 500). Een klasse: niet gemiddeld over "
        "regio's.",
        Derivation("stedelijkheid", method=CLASS),
        unit="klasse",
        scale=1.0,
        order=41,
    ),
    # --- Huishoudens
    indicator(
        "huishoudens",
        "Huishoudens",
        "Aantal particuliere huishoudens op 1 januari (CBS).",
        Derivation("huishoudens", method=COUNT, files=(KWB, WIJK)),
        unit="aantal",
        scale=1.0,
        numerator_label="huishoudens",
        theme="Huishoudens",
        order=100,
    ),
    indicator(
        "pct_hhd_met_kind",
        "Huishoudens met kinderen",
        "Particuliere huishoudens met thuiswonende kinderen als percentage van alle particuliere "
        "huishoudens (CBS, afgerond).",
        Derivation("pct_hhd_met_kind", denominator="huishoudens"),
        numerator_label="huishoudens met kinderen",
        theme="Huishoudens",
        order=101,
    ),
    indicator(
        "pct_hhd_zonder_kind",
        "Meerpersoonshuishoudens zonder kinderen",
        "Meerpersoonshuishoudens zonder thuiswonende kinderen als percentage van alle particuliere "
        "huishoudens (CBS, afgerond).",
        Derivation("pct_hhd_zonder_kind", denominator="huishoudens"),
        numerator_label="huishoudens zonder kinderen",
        theme="Huishoudens",
        order=102,
    ),
    indicator(
        "pct_eenpersoonshhd",
        "Eenpersoonshuishoudens",
        "Eenpersoonshuishoudens als percentage van alle particuliere huishoudens (CBS, afgerond).",
        Derivation("pct_eenpersoonshhd", denominator="huishoudens"),
        numerator_label="eenpersoonshuishoudens",
        theme="Huishoudens",
        order=103,
    ),
    indicator(
        "gem_huishouden_grootte",
        "Gemiddelde huishoudensgrootte",
        "Gemiddeld aantal personen per particulier huishouden (CBS). Regio's: inwoners / huishoudens "
        "(benadering: inwoners in instellingen tellen mee).",
        Derivation(
            "gem_huishouden_grootte",
            denominator="huishoudens",
            numerator="aantal_inwoners",
            files=(KWB, WIJK),
            approximate=True,
        ),
        unit="personen",
        scale=1.0,
        numerator_label="inwoners",
        theme="Huishoudens",
        order=104,
    ),
]
