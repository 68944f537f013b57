"""Boundary changes of municipalities that kept their code (issue 10: "trends mark boundary changes").

When a municipality absorbs another and keeps its CBS code (Amsterdam with Weesp), its time series jumps
(+35,000 inhabitants between 2022 and 2023) without anything in the data saying why. Charts and trend
tables show a visible break at these years instead of a smooth line. New municipalities (a new code)
need no entry: their series simply starts.

`year` is the first year whose figures (CBS division of 1 January) are in the new boundaries. Source:
CBS, "Gemeentelijke indelingen per jaar" (wijzigingen per 1 januari). Weesp joined Amsterdam on
24 March 2022, so the 2022 figures (1 January) are still without Weesp.
"""

from __future__ import annotations

from typing import NamedTuple


class BoundaryChange(NamedTuple):
    year: int
    text: str  # what changed, in plain Dutch


BOUNDARY_CHANGES: dict[str, tuple[BoundaryChange, ...]] = {
    "GM0441": (BoundaryChange(2013, "Harenkarspel en Zijpe gingen op in Schagen"),),
    "GM0484": (BoundaryChange(2014, "Boskoop en Rijnwoude gingen op in Alphen aan den Rijn"),),
    "GM0361": (BoundaryChange(2015, "Graft-De Rijp en Schermer gingen op in Alkmaar"),),
    "GM0828": (BoundaryChange(2015, "een deel van Maasdonk ging naar Oss"),),
    "GM0796": (BoundaryChange(2015, "een deel van Maasdonk ging naar 's-Hertogenbosch"),),
    "GM0385": (BoundaryChange(2016, "Zeevang ging op in Edam-Volendam"),),
    "GM0299": (BoundaryChange(2018, "Rijnwaarden ging op in Zevenaar"),),
    "GM0080": (
        BoundaryChange(2018, "Leeuwarderadeel en een deel van Littenseradiel gingen op in Leeuwarden"),
    ),
    "GM0014": (BoundaryChange(2019, "Haren en Ten Boer gingen op in Groningen"),),
    "GM0575": (BoundaryChange(2019, "Noordwijkerhout ging op in Noordwijk"),),
    "GM0394": (BoundaryChange(2019, "Haarlemmerliede en Spaarnwoude ging op in Haarlemmermeer"),),
    "GM0757": (BoundaryChange(2021, "een deel van Haaren ging naar Boxtel"),),
    "GM0824": (BoundaryChange(2021, "een deel van Haaren ging naar Oisterwijk"),),
    "GM0855": (BoundaryChange(2021, "een deel van Haaren ging naar Tilburg"),),
    "GM0865": (BoundaryChange(2021, "een deel van Haaren ging naar Vught"),),
    "GM0439": (BoundaryChange(2022, "Beemster ging op in Purmerend"),),
    "GM0363": (BoundaryChange(2023, "Weesp ging op in Amsterdam (24 maart 2022)"),),
}


def boundary_changes(code: str) -> tuple[BoundaryChange, ...]:
    """The boundary changes of a municipality that kept its code, oldest first (empty for most)."""
    return BOUNDARY_CHANGES.get(code.upper(), ())
