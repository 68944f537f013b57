"""The model inputs per wijk, assembled from the open CBS tables, and the documented choice of inputs.

Every input is declared once in `INPUTS` with its level, year, source, sign and the reason it is in the
model; the method card, docs/atlas.md, the CLI and the API all read this list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl
from django.conf import settings


@dataclass(frozen=True)
class InputSpec:
    key: str
    label: str  # Dutch noun phrase used in the drivers: "aandeel huishoudens met laag inkomen"
    level: str  # "wijk" (shrunk towards the municipality) or "gemeente"
    year: int
    source: str
    sign: int  # +1 risk factor, -1 protective factor
    default_beta: float  # relative weight per standard deviation, before calibration of the scale
    reason: str


# The weights are relative (they are multiplied by one calibrated scale); their order follows the
# RIVM/Erasmus finding that socio-economic position dominates the prediction of multidimensional
# vulnerability (Molenaar et al., Eur J Public Health 2024). Prior SD = half the weight (see PRIOR_SD_FRACTION).
INPUTS: tuple[InputSpec, ...] = (
    InputSpec(
        "laag_inkomen",
        "aandeel huishoudens met laag inkomen",
        "wijk",
        2020,
        "CBS, Inkomen per gemeente en wijk 2020 (indeling 2023): huishoudens in de laagste 40% besteedbaar inkomen",
        +1,
        0.40,
        "Financiële krapte en een lage sociaal-economische positie zijn in het RIVM/Erasmus-model de sterkste "
        "voorspellers van meervoudige kwetsbaarheid; dit is het enige inkomenscijfer dat per wijk open is.",
    ),
    InputSpec(
        "dichtheid",
        "bevolkingsdichtheid (stedelijkheid)",
        "wijk",
        2024,
        "CBS, Kerncijfers wijken en buurten 2024: inwoners per km² (log)",
        +1,
        0.10,
        "Woon- en leefomgeving (o.a. leefbaarheid van de buurt) is een thema van het RIVM/Erasmus-model; "
        "dichtheid is daarvoor een grove maat, dus met een klein gewicht.",
    ),
    InputSpec(
        "sociaal_minimum",
        "aandeel huishoudens rond het sociaal minimum",
        "gemeente",
        2020,
        "CBS, Kerncijfers wijken en buurten 2022 (inkomensjaar 2020): huishoudens tot 110% van het sociaal minimum",
        +1,
        0.30,
        "Armoede (rondkomen op of rond het sociaal minimum) is de kern van sociaal-economische kwetsbaarheid.",
    ),
    InputSpec(
        "jeugdzorg",
        "aandeel jongeren met jeugdzorg",
        "gemeente",
        2022,
        "CBS, Kerncijfers wijken en buurten 2022: % jongeren tot 23 jaar met jeugdzorg",
        +1,
        0.15,
        "Gebruik van jeugdhulp in het gezin is een variabele in het RIVM/Erasmus-model.",
    ),
    InputSpec(
        "opleiding_laag",
        "aandeel laagopgeleiden",
        "gemeente",
        2022,
        "CBS, Kerncijfers wijken en buurten 2022: laagopgeleiden / alle 15–75-jarigen met bekende opleiding",
        +1,
        0.20,
        "Opleiding en beroepsstatus (sociaal-economische positie) waren de belangrijkste voorspeller.",
    ),
    InputSpec(
        "arbeidsparticipatie",
        "arbeidsparticipatie",
        "gemeente",
        2022,
        "CBS, Kerncijfers wijken en buurten 2022: nettoarbeidsparticipatie (%)",
        -1,
        0.15,
        "Werk (een vast contract) is in het RIVM/Erasmus-model een beschermende factor.",
    ),
)
INPUT_KEYS: tuple[str, ...] = tuple(spec.key for spec in INPUTS)
PRIOR_SD_FRACTION = 0.5

# Inputs considered and left out, with the reason (shown on the method card).
LEFT_OUT: tuple[tuple[str, str], ...] = (
    (
        "Herkomst (migratieachtergrond)",
        "Bewust niet gebruikt: het model mag groepen niet labelen; sociaal-economische positie verklaart de samenhang.",
    ),
    (
        "Eenoudergezinnen",
        "Niet per wijk of gemeente in de open data; huishoudgrootte zegt daar te weinig over.",
    ),
    (
        "Perinatale cijfers (vroeggeboorte, roken)",
        "Niet open per gemeente of wijk (Perined/RIVM); ze zijn te importeren maar niet in dit model.",
    ),
)

# Partial pooling: a wijk percentage counts for households / (households + K); the rest comes from its
# municipality. Small wijken have rounded or unstable percentages, large ones speak for themselves.
POOLING_HOUSEHOLDS = 300.0

# Municipal mergers between the 2022 table and the 2024 wijk boundaries (CBS gemeentelijke indeling):
# Weesp joined Amsterdam (2022); Brielle, Hellevoetsluis and Westvoorne became Voorne aan Zee (2023).
MERGERS_2022: dict[str, str] = {
    "GM0457": "GM0363",
    "GM0501": "GM1992",
    "GM0530": "GM1992",
    "GM0614": "GM1992",
}

BIRTHS_NOTE = (
    "Afgeleid: geboorten per gemeente = geboorte_relatief 2022 (per 1.000, afgerond) × inwoners 2022, "
    "verdeeld over de wijken naar het aantal inwoners van 25–45 jaar (2024)."
)


@dataclass(frozen=True)
class InputTable:
    """One row per wijk (2024 boundaries), aligned arrays."""

    wijk_codes: list[str]
    wijk_names: list[str]
    municipality_codes: list[str]
    births: np.ndarray  # expected births per wijk (derived)
    inhabitants: np.ndarray  # inhabitants per wijk (KWB 2024; 0 where CBS gives none, e.g. "Groot water")
    raw: dict[str, np.ndarray]  # input key -> value per wijk after pooling (natural units)
    pooled_weight: np.ndarray  # weight of the wijk's own value for wijk-level inputs (0 = municipality)
    municipality_names: dict[str, str]

    def __len__(self) -> int:
        return len(self.wijk_codes)


def _num(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Float64, strict=False)


def _municipal_2022(data_dir: Path) -> pl.DataFrame:
    """The 2022 municipal inputs in 2024 boundaries: every share goes back to counts with its own
    denominator, is summed over merged municipalities, and is divided again (README: never a mean of %)."""
    df = pl.read_csv(data_dir / "kwb" / "kwb_gemeente_2022.csv", infer_schema_length=0)
    inw = _num("aantal_inwoners")
    df = df.select(
        pl.col("gemeentecode").replace(MERGERS_2022).alias("gemeentecode"),
        inw.alias("inw"),
        (_num("geboorte_relatief") * inw / 1000).alias("births"),
        (_num("pct_rond_sociaal_min") * _num("huishoudens")).alias("smin_num"),
        pl.when(_num("pct_rond_sociaal_min").is_not_null()).then(_num("huishoudens")).alias("smin_den"),
        (inw * (_num("0_15") + 0.8 * _num("15_25")) / 100).alias("young"),
        _num("pct_jeugdzorg").alias("jz"),
        _num("opl_laag").alias("opl_laag"),
        (_num("opl_laag") + _num("opl_midden") + _num("opl_hoog")).alias("opl_tot"),
        (inw * (_num("15_25") + _num("25_45") + _num("45_65") + 0.5 * _num("65plus")) / 100).alias(
            "work_den"
        ),
        _num("arbeidsparticipatie").alias("ap"),
    )
    return df.group_by("gemeentecode").agg(
        pl.col("births").sum(),
        (pl.col("smin_num").sum() / pl.col("smin_den").sum()).alias("sociaal_minimum"),
        (
            (pl.col("jz") * pl.col("young")).sum() / pl.col("young").filter(pl.col("jz").is_not_null()).sum()
        ).alias("jeugdzorg"),
        (100 * pl.col("opl_laag").sum() / pl.col("opl_tot").sum()).alias("opleiding_laag"),
        (
            (pl.col("ap") * pl.col("work_den")).sum()
            / pl.col("work_den").filter(pl.col("ap").is_not_null()).sum()
        ).alias("arbeidsparticipatie"),
    )


def load_inputs(data_dir: Path | None = None) -> InputTable:
    """Read the open-data tables (the same files `kansrijk data load` imports) into an InputTable."""
    data_dir = Path(data_dir or settings.KANSRIJK_DATA_DIR)
    wijk = pl.read_csv(data_dir / "kwb" / "kwb_wijk_2024.csv", infer_schema_length=0).filter(
        pl.col("gemeentecode") != "GM0998"  # "Buitenland" is not a place where children are born
    )
    wijk = wijk.select(
        "wijkcode",
        "wijknaam",
        "gemeentecode",
        "gemeentenaam",
        _num("aantal_inwoners").fill_null(0).alias("inw"),
        _num("25_45").alias("p2545"),
        _num("huishoudens").fill_null(0).alias("hh"),
        _num("bevolkingsdichtheid").alias("dens"),
    )
    income = pl.read_csv(data_dir / "inkomen" / "inkomen_gemeente_wijk_2020.csv", infer_schema_length=0)
    inc_w = income.filter(pl.col("niveau") == "wijk").select(
        pl.col("code").alias("wijkcode"), _num("pct_hh_laagste40_besteedbaar").alias("low_w")
    )
    inc_g = income.filter(pl.col("niveau") == "gemeente").select(
        pl.col("code").alias("gemeentecode"), _num("pct_hh_laagste40_besteedbaar").alias("low_g")
    )
    gm = _municipal_2022(data_dir)
    df = wijk.join(inc_w, on="wijkcode", how="left").join(inc_g, on="gemeentecode", how="left")
    df = df.join(gm, on="gemeentecode", how="left")
    # Birth proxy: inhabitants aged 25–45 (suppressed age shares fall back to the municipal mix via 30%).
    df = df.with_columns((pl.col("inw") * pl.col("p2545").fill_null(30.0) / 100).alias("w2545"))
    df = df.with_columns(
        (pl.col("births") * pl.col("w2545") / pl.col("w2545").sum().over("gemeentecode"))
        .fill_nan(0)
        .fill_null(0)
        .alias("wijk_births"),
        # Municipal density and low-income share as the pooling target for wijk-level inputs.
        (
            pl.col("inw").sum().over("gemeentecode")
            / (pl.col("inw") / pl.col("dens")).fill_nan(None).sum().over("gemeentecode")
        ).alias("dens_g"),
    )
    df = df.sort("wijkcode")
    hh = df["hh"].to_numpy()
    weight = hh / (hh + POOLING_HOUSEHOLDS)
    raw: dict[str, np.ndarray] = {}
    for key, own, target in (("laag_inkomen", "low_w", "low_g"), ("dichtheid", "dens", "dens_g")):
        own_v = df[own].to_numpy().astype(float)
        tgt_v = df[target].to_numpy().astype(float)
        if key == "dichtheid":  # density is skewed over four orders of magnitude: model its log
            own_v, tgt_v = np.log1p(own_v), np.log1p(tgt_v)
        w = np.where(np.isnan(own_v), 0.0, weight)
        raw[key] = w * np.nan_to_num(own_v) + (1 - w) * tgt_v
    for key in ("sociaal_minimum", "jeugdzorg", "opleiding_laag", "arbeidsparticipatie"):
        raw[key] = df[key].to_numpy().astype(float)
    names = dict(zip(df["gemeentecode"].to_list(), df["gemeentenaam"].to_list(), strict=True))
    return InputTable(
        wijk_codes=df["wijkcode"].to_list(),
        wijk_names=df["wijknaam"].to_list(),
        municipality_codes=df["gemeentecode"].to_list(),
        births=df["wijk_births"].to_numpy().astype(float),
        inhabitants=df["inw"].to_numpy().astype(float),
        raw=raw,
        pooled_weight=np.where(np.isnan(df["low_w"].to_numpy().astype(float)), 0.0, weight),
        municipality_names=names,
    )


def standardise(
    table: InputTable, means: dict[str, float] | None = None, sds: dict[str, float] | None = None
) -> tuple[np.ndarray, dict[str, float], dict[str, float]]:
    """Z-scores per input, weighted by expected births so that z = 0 is the situation of an average birth.
    Missing values get z = 0 (the national average): they neither push up nor down."""
    w = table.births
    means, sds = dict(means or {}), dict(sds or {})
    cols = []
    for key in INPUT_KEYS:
        x = table.raw[key]
        ok = ~np.isnan(x) & (w > 0)
        if key not in means:
            m = float(np.average(x[ok], weights=w[ok]))
            means[key] = m
            sds[key] = float(math.sqrt(np.average((x[ok] - m) ** 2, weights=w[ok])))
        cols.append(np.where(np.isnan(x), 0.0, (x - means[key]) / sds[key]))
    return np.column_stack(cols), means, sds
