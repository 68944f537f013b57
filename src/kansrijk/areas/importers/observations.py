"""Municipality and wijk observations from the checked sources, following the catalogue's derivations.

Every observation keeps numerator and denominator where they can be derived, so that region values
are sum(numerator) / sum(denominator) (`aggregation.py`). An empty CBS cell gives an observation with
value None: the indicator exists that year but the figure is suppressed — never filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from kansrijk.areas.catalogue import CBS_INDICATORS, CLASS, COUNT, DERIVED_COUNT, INKOMEN, KWB, SHARE, WIJK
from kansrijk.areas.catalogue_base import INCOME_COLUMNS, INCOME_NOTE_2022, INKOMEN_SOURCE, CbsIndicator
from kansrijk.areas.importers.sources import (
    INKOMEN_DIVISION_YEAR,
    INKOMEN_FILE,
    INKOMEN_YEAR,
    KWB_WIJK,
    WIJK_YEAR,
    Sources,
)

BIRTHS_NOTE = "afgeleid: geboorte_relatief (afgerond) × inwoners / 1.000"
AREA_PROXY_NOTE = "oppervlakte afgeleid uit inwoners / bevolkingsdichtheid"
DEN = "__den"
NUM = "__num"
VAL = "__val"


@dataclass(frozen=True)
class ObservationRow:
    area: str
    key: str
    year: int
    value: float | None
    numerator: float | None
    denominator: float | None
    approximate: bool
    note: str
    source: str


def kwb_source(year: int) -> str:
    table = " (tabel 85984NED)" if year == 2024 else ""
    return f"CBS, Kerncijfers wijken en buurten {year}{table}"


def _denominator(name: str, columns: set[str]) -> tuple[pl.Expr | None, bool]:
    """The denominator expression for a frame with these columns, and whether it is a proxy here."""
    inw = pl.col("aantal_inwoners")
    if name in {"aantal_inwoners", "inwoners_proxy"}:
        return inw, name == "inwoners_proxy"
    if name in {"huishoudens", "huishoudens_proxy"}:
        return (
            (pl.col("huishoudens"), name == "huishoudens_proxy")
            if "huishoudens" in columns
            else (None, False)
        )
    if name == "woningvoorraad":
        return (pl.col("woningvoorraad"), False) if "woningvoorraad" in columns else (None, False)
    if name == "jongeren_0_23" and {"0_15", "15_25"} <= columns:
        return inw * (pl.col("0_15") + 0.8 * pl.col("15_25")) / 100, True
    if name == "personen_15_75" and {"15_25", "25_45", "45_65", "65plus"} <= columns:
        share = pl.col("15_25") + pl.col("25_45") + pl.col("45_65") + 0.5 * pl.col("65plus")
        return inw * share / 100, True
    if name == "km2":
        if "opp_land" in columns:  # hectares
            return pl.col("opp_land") / 100, False
        if "bevolkingsdichtheid" in columns:
            density = pl.col("bevolkingsdichtheid")
            return pl.when(density > 0).then(inw / density).otherwise(None), True
    return None, False


def _expressions(entry: CbsIndicator, columns: set[str]) -> tuple[list[pl.Expr], bool] | None:
    """(value, numerator, denominator) expressions for one indicator in one frame, or None when the
    frame lacks the indicator's column; plus whether the derivation is approximate in this frame."""
    d = entry.derivation
    if d.column not in columns:
        return None
    col = pl.col(d.column)
    scale = entry.spec.scale
    none = pl.lit(None, dtype=pl.Float64)
    if d.method == COUNT:
        return [col.alias(VAL), col.alias(NUM), none.alias(DEN)], d.approximate
    if d.method == CLASS:
        return [col.alias(VAL), none.alias(NUM), none.alias(DEN)], False
    if d.method == DERIVED_COUNT:
        births = col * pl.col("aantal_inwoners") / 1000
        return [births.alias(VAL), births.alias(NUM), none.alias(DEN)], True
    if d.method == SHARE:
        if not set(d.shares) <= columns:
            return None
        total = pl.sum_horizontal([pl.col(c) for c in d.shares])
        # A share only when every part is published: a missing part would inflate the others.
        complete = pl.all_horizontal([pl.col(c).is_not_null() for c in d.shares]) & (total > 0)
        value = pl.when(complete).then(col / total * 100).otherwise(None)
        return [
            value.alias(VAL),
            pl.when(complete).then(col).alias(NUM),
            pl.when(complete).then(total).alias(DEN),
        ], False
    den, proxy = _denominator(d.denominator, columns)
    if den is None:
        return [col.alias(VAL), none.alias(NUM), none.alias(DEN)], d.approximate
    if d.numerator:
        if d.numerator not in columns:
            return [col.alias(VAL), none.alias(NUM), none.alias(DEN)], d.approximate
        num = pl.col(d.numerator)
    else:
        num = col * den / scale
    usable = col.is_not_null() & den.is_not_null()
    return [
        col.alias(VAL),
        pl.when(usable).then(num).alias(NUM),
        pl.when(usable).then(den).alias(DEN),
    ], d.approximate or proxy


def _rows(
    frame: pl.DataFrame,
    code_col: str,
    kind: str,
    year: int,
    source: str,
    extra_note: dict[str, str] | None = None,
) -> list[ObservationRow]:
    columns = set(frame.columns)
    out: list[ObservationRow] = []
    for entry in CBS_INDICATORS:
        if kind not in entry.derivation.files:
            continue
        built = _expressions(entry, columns)
        if built is None:
            continue
        exprs, approximate = built
        key = entry.spec.key
        note = (extra_note or {}).get(entry.derivation.column, "")
        if entry.derivation.method == DERIVED_COUNT:
            note = BIRTHS_NOTE
        elif entry.derivation.denominator == "km2" and "opp_land" not in columns:
            note = AREA_PROXY_NOTE
        for code, value, num, den in frame.select(pl.col(code_col), *exprs).iter_rows():
            out.append(
                ObservationRow(
                    code, key, year, value, num, den, approximate and value is not None, note, source
                )
            )
    return out


def build_observations(src: Sources) -> tuple[list[ObservationRow], dict[str, int]]:
    """All municipality and wijk observations, plus observations per source file for the summary."""
    rows: list[ObservationRow] = []
    per_file: dict[str, int] = {}
    for year, frame in sorted(src.kwb.items()):
        notes = {c: INCOME_NOTE_2022 for c in INCOME_COLUMNS} if year == 2022 else None
        built = _rows(frame, "gemeentecode", KWB, year, kwb_source(year), notes)
        per_file[f"kwb/kwb_gemeente_{year}.csv"] = len(built)
        rows += built
    built = _rows(src.wijk, "wijkcode", WIJK, WIJK_YEAR, kwb_source(WIJK_YEAR))
    per_file[KWB_WIJK] = len(built)
    rows += built
    built = _income_rows(src)
    per_file[INKOMEN_FILE] = len(built)
    rows += built
    return rows, per_file


def _income_rows(src: Sources) -> list[ObservationRow]:
    """The income table, with inhabitants and households of the same division as proxy denominators:
    KWB of the table's division year for municipalities, the 2024 wijk file for wijken. Wijken of the
    2023 division that no longer exist in 2024 are left out (they have no Area)."""
    inkomen = src.inkomen
    gm_base = src.kwb.get(INKOMEN_DIVISION_YEAR, src.kwb[max(src.kwb)])
    gm = inkomen.filter(pl.col("niveau") == "gemeente").join(
        gm_base.select(pl.col("gemeentecode").alias("code"), "aantal_inwoners", "huishoudens"),
        on="code",
        how="left",
    )
    wk = inkomen.filter(pl.col("niveau") == "wijk").join(
        src.wijk.select(pl.col("wijkcode").alias("code"), "aantal_inwoners", "huishoudens"),
        on="code",
        how="inner",
    )
    frame = pl.concat([gm, wk], how="vertical_relaxed")
    return _rows(frame, "code", INKOMEN, INKOMEN_YEAR, INKOMEN_SOURCE)
