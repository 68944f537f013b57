"""Municipal mergers (herindelingen) since the 2021 postcode table: dissolved code → successor.

The open data knows a dissolved municipality only as an area with `current=False` and the years it
appears in KWB; it does not say where it went. This table does, for the mergers between the division of
the postcode table (1 January 2021) and today's (`gemeenten_2025.csv`), from CBS *Gemeentelijke
indelingen* / the laws of each herindeling. The postcode import refuses a municipality it cannot map,
so a new merger shows up as an import error, not as a postcode pointing at a gone municipality.
"""

from __future__ import annotations

from typing import NamedTuple


class Merger(NamedTuple):
    successor: str  # CBS code of the municipality it became part of
    year: int  # the first year (CBS division of 1 January, or the date in that year) it was gone


MERGERS: dict[str, Merger] = {
    # 1 January 2022
    "GM0370": Merger("GM0439", 2022),  # Beemster → Purmerend
    "GM0398": Merger("GM1980", 2022),  # Heerhugowaard → Dijk en Waard
    "GM0416": Merger("GM1980", 2022),  # Langedijk → Dijk en Waard
    "GM0756": Merger("GM1982", 2022),  # Boxmeer → Land van Cuijk
    "GM0786": Merger("GM1982", 2022),  # Grave → Land van Cuijk
    "GM0815": Merger("GM1982", 2022),  # Mill en Sint Hubert → Land van Cuijk
    "GM1684": Merger("GM1982", 2022),  # Cuijk → Land van Cuijk
    "GM1702": Merger("GM1982", 2022),  # Sint Anthonis → Land van Cuijk
    "GM0856": Merger("GM1991", 2022),  # Uden → Maashorst
    "GM1685": Merger("GM1991", 2022),  # Landerd → Maashorst
    # 24 March 2022
    "GM0457": Merger("GM0363", 2022),  # Weesp → Amsterdam
    # 1 January 2023
    "GM0501": Merger("GM1992", 2023),  # Brielle → Voorne aan Zee
    "GM0530": Merger("GM1992", 2023),  # Hellevoetsluis → Voorne aan Zee
    "GM0614": Merger("GM1992", 2023),  # Westvoorne → Voorne aan Zee
}

# Haaren (GM0788) was divided on 1 January 2021 over four municipalities; the 2021 postcode table still
# names it. Its places went whole to one municipality each, so they are mapped by place.
SPLIT_BY_PLACE: dict[str, dict[str, str]] = {
    "GM0788": {
        "Haaren": "GM0824",  # Oisterwijk
        "Biezenmortel": "GM0855",  # Tilburg
        "Esch": "GM0757",  # Boxtel
        "Helvoirt": "GM0865",  # Vught
    },
}


def current_code(code: str, current: set[str]) -> str | None:
    """Today's code of a municipality code: itself when current, else its successor (followed through
    later mergers), or None when unknown."""
    seen: set[str] = set()
    while code not in current:
        merger = MERGERS.get(code)
        if merger is None or code in seen:
            return None
        seen.add(code)
        code = merger.successor
    return code
