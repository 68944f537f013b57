"""The PDF's wijk map: which wijk indicator it shows, read through the page's `wijk_map_build`."""

from __future__ import annotations

from kansrijk.areas.models import Area
from kansrijk.startfoto.selectors import indicators_for_wijk
from kansrijk.startfoto.wijken import WijkMap, wijk_map_build

# Households with a low income say most about where support for young families is needed; the share
# of children 0–15 is the fall-back because every wijk has it (income is missing for ~4% of wijken).
PREFERRED_WIJK_INDICATORS = ("pct_hh_laagste40_besteedbaar", "pct_0_15")


def wijk_map_for(*, municipality: Area) -> WijkMap | None:
    """The municipality's wijken coloured by the preferred wijk indicator; None without wijken."""
    available = {i.key: i for i in indicators_for_wijk()}
    key = next((k for k in PREFERRED_WIJK_INDICATORS if k in available), next(iter(available), None))
    if key is None:
        return None
    wijk_map = wijk_map_build(municipality=municipality, indicator=available[key])
    return wijk_map if wijk_map.rows else None
