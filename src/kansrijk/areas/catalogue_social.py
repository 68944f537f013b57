"""CBS catalogue entries: income, work, education, care, facilities and housing (see `catalogue.py`)."""

from __future__ import annotations

from kansrijk.areas.catalogue_base import (
    INKOMEN,
    INKOMEN_SOURCE,
    KWB_2022,
    CbsIndicator,
    Derivation,
    distance,
    education_share,
    indicator,
)

INCOME_THEME = "Inkomen"

SOCIAL: list[CbsIndicator] = [
    # --- Inkomen (KWB 2022 = inkomensjaar 2020, gemeentelijke indeling 2022)
    indicator(
        "pct_hh_laag_inkomen",
        "Huishoudens in de laagste 40% inkomens",
        "Particuliere huishoudens met een inkomen in de laagste 40% van de landelijke verdeling van "
        "het gestandaardiseerd besteedbaar inkomen, als percentage van de huishoudens met inkomen. "
        "Inkomensjaar 2020 (Kerncijfers wijken en buurten 2022, afgerond).",
        Derivation("pct_hh_laag_inkomen", denominator="huishoudens_proxy", approximate=True),
        numerator_label="huishoudens in de laagste 40% inkomens",
        source=KWB_2022,
        direction="hoger_ongunstiger",
        order=200,
        theme=INCOME_THEME,
    ),
    indicator(
        "pct_hh_laagste40_besteedbaar",
        "Huishoudens in de laagste 40% inkomens (per wijk)",
        "Particuliere huishoudens met een gestandaardiseerd besteedbaar inkomen in de laagste 40% van "
        "Nederland, als percentage van de huishoudens met inkomen (2020; landelijk per definitie 40). "
        "Ook per wijk beschikbaar.",
        Derivation(
            "pct_hh_laagste40_besteedbaar",
            denominator="huishoudens_proxy",
            files=(INKOMEN,),
            approximate=True,
        ),
        numerator_label="huishoudens in de laagste 40%",
        source=INKOMEN_SOURCE,
        direction="hoger_ongunstiger",
        order=201,
        theme=INCOME_THEME,
    ),
    indicator(
        "pct_rond_sociaal_min",
        "Huishoudens rond het sociaal minimum",
        "Particuliere huishoudens met een inkomen tot 110% van het sociaal minimum, als percentage van "
        "de huishoudens met inkomen. Inkomensjaar 2020 (Kerncijfers wijken en buurten 2022, afgerond).",
        Derivation("pct_rond_sociaal_min", denominator="huishoudens_proxy", approximate=True),
        numerator_label="huishoudens rond het sociaal minimum",
        source=KWB_2022,
        direction="hoger_ongunstiger",
        order=202,
        theme=INCOME_THEME,
    ),
    indicator(
        "pct_hh_hoog_inkomen",
        "Huishoudens in de hoogste 20% inkomens",
        "Particuliere huishoudens met een inkomen in de hoogste 20% van de landelijke verdeling, als "
        "percentage van de huishoudens met inkomen. Inkomensjaar 2020 (KWB 2022, afgerond).",
        Derivation("pct_hh_hoog_inkomen", denominator="huishoudens_proxy", approximate=True),
        numerator_label="huishoudens in de hoogste 20% inkomens",
        source=KWB_2022,
        order=203,
        theme=INCOME_THEME,
    ),
    indicator(
        "pct_hh_hoogste20_besteedbaar",
        "Huishoudens in de hoogste 20% inkomens (per wijk)",
        "Particuliere huishoudens met een gestandaardiseerd besteedbaar inkomen in de hoogste 20% van "
        "Nederland, als percentage van de huishoudens met inkomen (2020; landelijk per definitie 20).",
        Derivation(
            "pct_hh_hoogste20_besteedbaar",
            denominator="huishoudens_proxy",
            files=(INKOMEN,),
            approximate=True,
        ),
        numerator_label="huishoudens in de hoogste 20%",
        source=INKOMEN_SOURCE,
        order=204,
        theme=INCOME_THEME,
    ),
    indicator(
        "gem_inkomen_inwoner",
        "Gemiddeld inkomen per inwoner",
        "Gemiddeld persoonlijk inkomen per inwoner in euro's (CBS publiceert het in duizenden euro's). "
        "In de editie 2022 gaat het om "
        "inkomensjaar 2020. Regio's: gewogen met het aantal inwoners.",
        Derivation("gem_inkomen_inwoner", denominator="aantal_inwoners"),
        unit="× € 1.000",
        scale=1.0,
        numerator_label="inkomen × inwoners (× € 1.000)",
        order=205,
        theme=INCOME_THEME,
    ),
    indicator(
        "gem_persoonlijk_inkomen",
        "Gemiddeld persoonlijk inkomen (per wijk)",
        "Gemiddeld persoonlijk inkomen per persoon met inkomen in euro's, 2020. Regio's: gewogen met "
        "het aantal inwoners (benadering voor personen met inkomen).",
        Derivation(
            "gem_persoonlijk_inkomen_x1000",
            denominator="inwoners_proxy",
            files=(INKOMEN,),
            approximate=True,
        ),
        unit="× € 1.000",
        scale=1.0,
        numerator_label="inkomen × inwoners (× € 1.000)",
        source=INKOMEN_SOURCE,
        order=206,
        theme=INCOME_THEME,
    ),
    # --- Werk
    indicator(
        "arbeidsparticipatie",
        "Netto arbeidsparticipatie",
        "Werkzame beroepsbevolking als percentage van de bevolking van 15 tot 75 jaar (CBS, afgerond). "
        "Regio's: benaderd, want het aantal 15–75-jarigen staat niet in de open data.",
        Derivation("arbeidsparticipatie", denominator="personen_15_75", approximate=True),
        numerator_label="werkzame personen 15–75 jaar",
        theme="Werk",
        direction="hoger_beter",
        order=300,
    ),
    # --- Opleiding (KWB 2022: aantallen personen 15–75 jaar)
    education_share(
        "pct_opl_laag", "opl_laag", "laag", "basisonderwijs, vmbo of mbo-1", 400, "hoger_ongunstiger"
    ),
    education_share("pct_opl_midden", "opl_midden", "midden", "havo, vwo of mbo-2 tot 4", 401, "neutraal"),
    education_share("pct_opl_hoog", "opl_hoog", "hoog", "hbo of wo", 402, "neutraal"),
    # --- Zorg (KWB 2022)
    indicator(
        "pct_jeugdzorg",
        "Jongeren met jeugdzorg",
        "Jongeren tot 23 jaar met jeugdzorg (in natura) als percentage van alle jongeren tot 23 jaar "
        "(CBS, Kerncijfers wijken en buurten 2022). Regio's: het aantal jongeren tot 23 jaar is "
        "benaderd als 0–15 jaar + 0,8 × 15–25 jaar.",
        Derivation("pct_jeugdzorg", denominator="jongeren_0_23", approximate=True),
        numerator_label="jongeren met jeugdzorg",
        source=KWB_2022,
        theme="Zorg",
        direction="hoger_ongunstiger",
        order=500,
    ),
    indicator(
        "wmo_per_1000",
        "Wmo-cliënten per 1.000 inwoners",
        "Personen met een maatwerkarrangement uit de Wet maatschappelijke ondersteuning per 1.000 "
        "inwoners (CBS, Kerncijfers wijken en buurten 2022).",
        Derivation("wmo_per_1000", denominator="aantal_inwoners"),
        unit="per 1.000 inwoners",
        scale=1000.0,
        numerator_label="Wmo-cliënten",
        source=KWB_2022,
        theme="Zorg",
        order=501,
    ),
    # --- Voorzieningen (afstand over de weg, gewogen met inwoners)
    distance("afstand_huisarts", "huisartsenpraktijk", 600, "hoger_ongunstiger"),
    distance("afstand_apotheek", "apotheek", 601, "hoger_ongunstiger"),
    distance("afstand_kdv", "kinderdagverblijf", 602, "hoger_ongunstiger"),
    distance("afstand_basisonderwijs", "basisschool", 603, "hoger_ongunstiger"),
    distance("afstand_ziekenhuis", "ziekenhuis", 604, "hoger_ongunstiger"),
    distance("afstand_supermarkt", "grote supermarkt", 605),
    distance("afstand_treinstation", "treinstation", 606),
    distance("afstand_bibliotheek", "bibliotheek", 607),
    distance("afstand_restaurant", "restaurant", 608),
    distance("afstand_cafe", "café", 609),
    distance("afstand_oprit", "oprit van een hoofdverkeersweg", 610),
    # --- Wonen
    indicator(
        "pct_koopwoningen",
        "Koopwoningen",
        "Koopwoningen als percentage van de woningvoorraad (CBS, afgerond).",
        Derivation("koopwoningen", denominator="woningvoorraad"),
        numerator_label="koopwoningen",
        theme="Wonen",
        order=700,
    ),
    indicator(
        "pct_huurwoningen",
        "Huurwoningen",
        "Huurwoningen als percentage van de woningvoorraad (CBS, afgerond).",
        Derivation("huurwoningen", denominator="woningvoorraad"),
        numerator_label="huurwoningen",
        theme="Wonen",
        order=701,
    ),
    indicator(
        "gem_woz_waarde",
        "Gemiddelde WOZ-waarde",
        "Gemiddelde WOZ-waarde van woningen in euro's (CBS). Regio's: gewogen met de woningvoorraad "
        "(benadering: CBS middelt over woningen met een waarde).",
        Derivation("gem_woz_waarde", denominator="woningvoorraad", approximate=True),
        unit="× € 1.000",
        scale=1.0,
        numerator_label="WOZ-waarde × woningen (× € 1.000)",
        theme="Wonen",
        order=702,
    ),
]
