"""Did a municipality code exist in a year? Perinatal rows for a year a municipality did not exist in
(GM0457 Weesp in 2024, GM1992 Voorne aan Zee in 2019) would be counted twice in the region sums.

A code is valid for a year when it is in that year's CBS municipality list. The lists we have are the
open-data ones (the KWB municipality tables and the current municipality list): each municipality keeps
the first and last list year it appears in (`Area.first_year` / `last_year`; lists are contiguous per
code). For a year between two lists, the code must be in both neighbouring lists, or the known start or
end of the code decides (KNOWN_CHANGES below). Anything else is refused with the reason.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from kansrijk.areas.models import Area, AreaLevel, ImportRun

OPEN_DATA_RUN = "opendata"  # ImportRun.kind of the open-data import (its summary lists the KWB years)

# Municipal reorganisations in years between the open-data lists (2013–2016, 2020–2021), as
# (first year, last year) of the code; None = outside that gap. Reorganisations take effect on 1 January.
# Source: CBS, "Gemeentelijke indelingen per jaar" (wijzigingen per 1 januari).
KNOWN_CHANGES: dict[str, tuple[int | None, int | None]] = {
    # 2013: Goeree-Overflakkee, Molenwaard; Harenkarspel and Zijpe into Schagen.
    **{code: (None, 2012) for code in ("GM0504", "GM0511", "GM0559", "GM0580", "GM0693", "GM0694")},
    **{code: (None, 2012) for code in ("GM0571", "GM0395", "GM0476")},
    "GM1924": (2013, None),
    "GM1927": (2013, None),
    # 2014: Boskoop and Rijnwoude into Alphen aan den Rijn; Boarnsterhim divided.
    **{code: (None, 2013) for code in ("GM0499", "GM1672", "GM0055")},
    # 2015: Krimpenerwaard; Nissewaard; Graft-De Rijp and Schermer into Alkmaar; Maasdonk divided.
    **{code: (None, 2014) for code in ("GM0491", "GM0643", "GM0644", "GM0608", "GM0623")},
    **{code: (None, 2014) for code in ("GM0612", "GM0568", "GM0365", "GM0458", "GM1671")},
    "GM1931": (2015, None),
    "GM1930": (2015, None),
    # 2016: Gooise Meren; Zeevang into Edam-Volendam.
    **{code: (None, 2015) for code in ("GM0381", "GM0424", "GM0425", "GM0478")},
    "GM1942": (2016, None),
    # 2017: Meierijstad.
    **{code: (None, 2016) for code in ("GM0844", "GM0846", "GM0860")},
    "GM1948": (2017, None),
    # 2021: Eemsdelta; Haaren divided.
    **{code: (None, 2020) for code in ("GM0003", "GM0010", "GM0024", "GM0788")},
    "GM1979": (2021, None),
    # 2022: Dijk en Waard, Land van Cuijk, Maashorst; Beemster into Purmerend.
    **{code: (None, 2021) for code in ("GM0398", "GM0416", "GM0756", "GM1684", "GM0786", "GM0815")},
    **{code: (None, 2021) for code in ("GM1702", "GM0856", "GM1685", "GM0370")},
    "GM1980": (2022, None),
    "GM1982": (2022, None),
    "GM1991": (2022, None),
}


@dataclass(frozen=True)
class MunicipalityYears:
    """The list years and, per municipality code, the first and last list it appears in."""

    lists: tuple[int, ...]  # sorted years with a CBS municipality list
    spans: dict[str, tuple[int | None, int | None]]

    def problem(self, code: str, year: int) -> str | None:
        """Why `code` cannot have figures for `year`, or None when it can."""
        first, last = self.spans.get(code, (None, None))
        if first is None or last is None or not self.lists:
            return f"van {code} is niet bekend in welke jaren de gemeente bestond."
        if year in self.lists:
            if first <= year <= last:
                return None
            return _not_existing(code, year, first, last)
        position = bisect_left(self.lists, year)
        if position == 0:
            return f"voor {year} is geen gemeentelijke indeling bekend (de oudste is van {self.lists[0]})."
        if position == len(self.lists):
            # After the newest list: a code in that list has no known end.
            return None if last == self.lists[-1] else _not_existing(code, year, first, last)
        before, after = self.lists[position - 1], self.lists[position]
        in_before, in_after = first <= before <= last, first <= after <= last
        if in_before and in_after:
            return None
        if not in_before and not in_after:
            return _not_existing(code, year, first, last)
        start, end = KNOWN_CHANGES.get(code, (None, None))
        if in_before and end is not None:  # ended between the two lists, at a known date
            return None if year <= end else _not_existing(code, year, first, end)
        if in_after and start is not None:  # started between the two lists, at a known date
            return None if year >= start else _not_existing(code, year, start, last)
        return (
            f"{code} staat wel in de gemeentelijke indeling van {before if in_before else after} maar niet in "
            f"die van {after if in_before else before}; of de gemeente in {year} bestond, is niet bekend."
        )


def _not_existing(code: str, year: int, first: int, last: int) -> str:
    return f"gemeente {code} bestond niet in {year} (wel van {first} tot en met {last})."


def municipality_years() -> MunicipalityYears:
    """Read the list years and spans from the areas the open-data import wrote."""
    spans = {
        code: (first, last)
        for code, first, last in Area.objects.filter(level=AreaLevel.MUNICIPALITY).values_list(
            "code", "first_year", "last_year"
        )
    }
    # The KWB municipality tables the open-data import read (each lists the municipalities of its year)…
    summary = ImportRun.objects.filter(kind=OPEN_DATA_RUN).values_list("summary", flat=True).first() or {}
    lists = {int(y) for y in summary.get("jaren_kwb", [])}
    # … and the current municipality list, the newest: its year is every current municipality's last year.
    lists |= {
        year
        for year in Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True)
        .values_list("last_year", flat=True)
        .distinct()
        if year is not None
    }
    return MunicipalityYears(lists=tuple(sorted(lists)), spans=spans)
