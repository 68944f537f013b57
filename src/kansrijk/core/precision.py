"""How precisely a derived count may be written (issue 10: "births are one number, honest precision").

A count we derive from rounded inputs (births = rounded rate × inhabitants) is not known to the unit:
from 1,000 up it is written to hundreds, from 100 to tens. Shared by the startfoto and the atlas so the
same births read the same on both.
"""

from __future__ import annotations


def derived_count_step(value: float) -> int:
    return 100 if value >= 1000 else 10 if value >= 100 else 1


def round_derived_count(value: float) -> int:
    step = derived_count_step(value)
    return int(round(value / step) * step)
