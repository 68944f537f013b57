"""Which CBS StatLine tables and PDOK layers produce which file of the data directory.

Every table id was checked against CBS's own pages (see the comment per line); none is guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

# CBS "Kerncijfers wijken en buurten" (KWB) per reporting year → StatLine table id.
KWB_TABLES: dict[int, str] = {
    # cbs.nl/nl-nl/cijfers/detail/70904ned — "Kerncijfers wijken en buurten 2009-2012" (multi-year: Perioden 2012JJ00)
    2012: "70904ned",
    # cbs.nl/nl-nl/cijfers/detail/83765NED — "Kerncijfers wijken en buurten 2017"
    2017: "83765NED",
    # cbs.nl/nl-nl/cijfers/detail/84286NED — "Kerncijfers wijken en buurten 2018"
    2018: "84286NED",
    # cbs.nl/nl-nl/cijfers/detail/84583NED — "Kerncijfers wijken en buurten 2019"
    2019: "84583NED",
    # cbs.nl/nl-nl/cijfers/detail/85318NED — "Kerncijfers wijken en buurten 2022"
    2022: "85318NED",
    # cbs.nl/nl-nl/cijfers/detail/85618NED — "Kerncijfers wijken en buurten 2023"
    2023: "85618NED",
    # kwb/metadata/kwb2024_85984NED_TableInfos.json in the open-data folder — "Kerncijfers wijken en buurten 2024"
    2024: "85984NED",
}
# Years for which the wijk file (kwb_wijk_YYYY.csv and grenzen/wijk_YYYY.geojson) is produced.
KWB_WIJK_YEARS: tuple[int, ...] = (2024,)

# cbs.nl/nl-nl/cijfers/detail/86059NED — "Gebieden in Nederland 2025" (municipality → province, GGD region).
GEBIEDEN_TABLE = "86059NED"
GEBIEDEN_YEAR = 2025
# Inhabitants in gemeenten_2025.csv are those of 1 January 2024, from KWB 2024 (as in the open-data folder).
GEMEENTEN_POPULATION_YEAR = 2024

# The open-data folder's income file is the CBS maatwerk "Inkomen per gemeente en wijk, 2020"
# (cbs.nl/nl-nl/maatwerk/2023/35/inkomen-per-gemeente-en-wijk-2020, wijk division 2023), an Excel file that
# is not in the OData API. The same variables for income year 2020 are in KWB 2022 (85318NED), in the 2022
# division; the download uses that table and says so in the `indeling` column.
INKOMEN_TABLE = "85318NED"
INKOMEN_YEAR = 2020
INKOMEN_DIVISION = 2022  # also the KWB reporting year of INKOMEN_TABLE
INKOMEN_MAATWERK_URL = "https://www.cbs.nl/nl-nl/maatwerk/2023/35/inkomen-per-gemeente-en-wijk-2020"


@dataclass(frozen=True)
class PdokLayer:
    """One PDOK WFS layer written as grenzen/<name>.geojson."""

    filename: str
    service: str  # path under KANSRIJK_PDOK_URL, e.g. "gebiedsindelingen/2025/wfs/v1_0"
    type_name: str  # WFS typeName
    level: str  # "gemeente" | "provincie" | "ggdregio" | "wijk"


# PDOK "CBS gebiedsindelingen" (generalised boundaries) and "Wijken en buurten" per year.
PDOK_LAYERS: tuple[PdokLayer, ...] = (
    PdokLayer(
        "gemeente_2025.geojson",
        "gebiedsindelingen/2025/wfs/v1_0",
        "gebiedsindelingen:gemeente_gegeneraliseerd",
        "gemeente",
    ),
    PdokLayer(
        "provincie_2022.geojson",
        "gebiedsindelingen/2022/wfs/v1_0",
        "gebiedsindelingen:provincie_gegeneraliseerd",
        "provincie",
    ),
    PdokLayer(
        "ggdregio_2022.geojson",
        "gebiedsindelingen/2022/wfs/v1_0",
        "gebiedsindelingen:ggdregio_gegeneraliseerd",
        "ggdregio",
    ),
    PdokLayer("wijk_2024.geojson", "wijkenbuurten/2024/wfs/v1_0", "wijkenbuurten:wijken", "wijk"),
)

PARTS: tuple[str, ...] = ("kwb", "grenzen", "inkomen", "gemeenten")
