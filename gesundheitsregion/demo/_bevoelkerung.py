"""Population of the demo region per Kreis, Gemeinde and Chemnitz Stadtteil (long table)."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from gesundheitsregion.demo._quellen import AGE_COLUMNS

__all__ = [
    "STICHTAG_GEMEINDEN",
    "STICHTAG_KREISE",
    "gemeinde_bevoelkerung",
    "grid_cells",
    "kreis_bevoelkerung",
    "kreis_kennzahlen",
    "kreisfreie_gemeinden",
    "largest_remainder",
    "stadtteil_bevoelkerung",
]

#: Reference dates of the sources: memilio export of 12411-02-03-4 and GV100AD population.
STICHTAG_KREISE = "2024-12-31"
STICHTAG_GEMEINDEN = "2022-12-31"

#: Side of a Zensus grid cell in metres (EPSG:3035).
CELL = 1000.0

_UNDER_18 = ["age_0_2", "age_3_5", "age_6_14", "age_15_17"]
_FROM_65 = ["age_65_74", "age_75_plus"]
_LONG = ["gebiet", "stichtag", "altersgruppe", "geschlecht", "einwohner"]


def largest_remainder(values: np.ndarray, total: int) -> np.ndarray:
    """Round non-negative ``values`` to integers that add up exactly to ``total``.

    The values are scaled to ``total`` first; the units left after flooring go to the largest
    remainders (ties to the earlier position, so the result is deterministic).

    Examples
    --------
    >>> largest_remainder(np.array([1.0, 1.0, 1.0]), 10).tolist()
    [4, 3, 3]
    """
    values = np.asarray(values, dtype=float)
    if total == 0 or values.sum() == 0:
        return np.zeros(len(values), dtype=np.int64)
    scaled = values / values.sum() * total
    floor = np.floor(scaled).astype(np.int64)
    remainder = scaled - floor
    order = np.lexsort((np.arange(len(values)), -remainder))
    floor[order[: total - floor.sum()]] += 1
    return floor


def kreis_kennzahlen(altersgruppen: pd.DataFrame, gv100ad: pd.DataFrame) -> pd.DataFrame:
    """Return per Kreis the 2024 totals used by the Bedarfsplanung.

    ``einwohner_weiblich`` applies the women's share of GV100AD (31.12.2022) to the 2024 total,
    because no 2024 table by age and sex is in the open data.
    """
    women = gv100ad.groupby("kreis_ags")[["weiblich", "bevoelkerung"]].sum()
    share = (women["weiblich"] / women["bevoelkerung"]).reindex(altersgruppen["ags"]).to_numpy()
    total = altersgruppen["population"].to_numpy()
    weiblich = np.rint(total * share).astype(np.int64)
    return pd.DataFrame(
        {
            "kreis": altersgruppen["ags"].to_numpy(),
            "einwohner": total,
            "einwohner_weiblich": weiblich,
            "einwohner_maennlich": total - weiblich,
            "einwohner_unter_18": altersgruppen[_UNDER_18].sum(axis=1).to_numpy(),
            "einwohner_ab_65": altersgruppen[_FROM_65].sum(axis=1).to_numpy(),
        }
    )


def _long(gebiet, stichtag, altersgruppe, geschlecht, einwohner) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "gebiet": gebiet,
            "stichtag": stichtag,
            "altersgruppe": altersgruppe,
            "geschlecht": geschlecht,
            "einwohner": np.asarray(einwohner, dtype=np.int64),
        }
    )
    return frame[_LONG]


def kreis_bevoelkerung(altersgruppen: pd.DataFrame, kennzahlen: pd.DataFrame) -> pd.DataFrame:
    """Return the long rows per Kreis: total, women, men and the 11 age groups (2024)."""
    ages = altersgruppen.melt(
        id_vars="ags", value_vars=list(AGE_COLUMNS), var_name="column", value_name="einwohner"
    )
    by_age = _long(
        ages["ags"],
        STICHTAG_KREISE,
        ages["column"].map(AGE_COLUMNS),
        "insgesamt",
        ages["einwohner"],
    )
    sexes = kennzahlen.melt(
        id_vars="kreis",
        value_vars=["einwohner", "einwohner_weiblich", "einwohner_maennlich"],
        var_name="column",
        value_name="value",
    )
    sex_code = {"einwohner": "insgesamt", "einwohner_weiblich": "w", "einwohner_maennlich": "m"}
    by_sex = _long(
        sexes["kreis"],
        STICHTAG_KREISE,
        "insgesamt",
        sexes["column"].map(sex_code),
        sexes["value"],
    )
    return pd.concat([by_sex, by_age], ignore_index=True)


def kreisfreie_gemeinden(kreis_rows: pd.DataFrame, gv100ad: pd.DataFrame) -> pd.DataFrame:
    """Repeat the Kreis rows for the Gemeinde of a kreisfreie Stadt (Kreis = one Gemeinde).

    So the Stadtteile of Chemnitz (2024) have a parent total at the same Stichtag.
    """
    single = gv100ad.groupby("kreis_ags")["ags"].agg(["size", "first"])
    gemeinde = single.loc[single["size"] == 1, "first"]
    rows = kreis_rows[kreis_rows["gebiet"].isin(gemeinde.index)].copy()
    rows["gebiet"] = rows["gebiet"].map(gemeinde)
    return rows


def gemeinde_bevoelkerung(gv100ad: pd.DataFrame) -> pd.DataFrame:
    """Return the long rows per Gemeinde: total, men and women on 31.12.2022 (GV100AD)."""
    sexes = gv100ad.melt(
        id_vars="ags",
        value_vars=["bevoelkerung", "weiblich", "maennlich"],
        var_name="column",
        value_name="einwohner",
    )
    sex_code = {"bevoelkerung": "insgesamt", "weiblich": "w", "maennlich": "m"}
    return _long(
        sexes["ags"],
        STICHTAG_GEMEINDEN,
        "insgesamt",
        sexes["column"].map(sex_code),
        sexes["einwohner"],
    )


def grid_cells(grid: pd.DataFrame) -> gpd.GeoDataFrame:
    """Return the Zensus cells as 1 km squares in EPSG:3035 (the CSV holds their centres)."""
    x, y = grid["x_mp_1km"].to_numpy(float), grid["y_mp_1km"].to_numpy(float)
    half = CELL / 2
    squares = shapely.box(x - half, y - half, x + half, y + half)
    return gpd.GeoDataFrame(grid.reset_index(drop=True), geometry=squares, crs="EPSG:3035")


def _areal_sums(cells: gpd.GeoDataFrame, stadtteile: gpd.GeoDataFrame) -> pd.DataFrame:
    """Sum cell population and the weights of the share columns per Stadtteil by overlap area."""
    pieces = gpd.overlay(
        cells,
        stadtteile[["id", "geometry"]].to_crs(cells.crs),
        how="intersection",
        keep_geom_type=True,
    )
    people = pieces["Einwohner"] * pieces.area / CELL**2
    sums = {"einwohner": people}
    for column in ("unter18_A", "ab65_A", "Frauen_A"):
        # Suppressed cells (empty share) count neither in the numerator nor the denominator.
        known = pieces[column].notna()
        sums[f"{column}_zaehler"] = people.where(known, 0.0) * pieces[column].fillna(0.0) / 100
        sums[f"{column}_nenner"] = people.where(known, 0.0)
    return pd.DataFrame(sums).groupby(pieces["id"]).sum().reindex(stadtteile["id"], fill_value=0.0)


def _share(sums: pd.DataFrame, column: str) -> np.ndarray:
    numerator, denominator = sums[f"{column}_zaehler"], sums[f"{column}_nenner"]
    city = numerator.sum() / denominator.sum()
    # A Stadtteil whose cells are all suppressed gets the city-wide share.
    return np.where(denominator > 0, numerator / denominator.where(denominator > 0, 1), city)


def stadtteil_bevoelkerung(
    grid: pd.DataFrame, stadtteile: gpd.GeoDataFrame, chemnitz: pd.Series
) -> pd.DataFrame:
    """Spread the 2024 Chemnitz population over its Stadtteile by the Zensus 2011 grid.

    Each 1 km cell's population is split by the share of the cell's area inside each Stadtteil
    (areal weighting), the Stadtteil sums are scaled to the 2024 total of Chemnitz, and the age
    and sex shares of the grid (weighted the same way) are scaled to the 2024 Kreis figures.

    Parameters
    ----------
    grid
        Zensus 2011 cells around Chemnitz (``x_mp_1km``, ``y_mp_1km``, ``Einwohner``, shares).
    stadtteile
        The Stadtteile of table ``gebiete`` (``id``, geometry).
    chemnitz
        The row of :func:`kreis_kennzahlen` for Chemnitz.
    """
    sums = _areal_sums(grid_cells(grid), stadtteile)
    total = largest_remainder(sums["einwohner"].to_numpy(), int(chemnitz["einwohner"]))
    parts = {}
    for column, key in (
        ("unter18_A", "einwohner_unter_18"),
        ("ab65_A", "einwohner_ab_65"),
        ("Frauen_A", "einwohner_weiblich"),
    ):
        parts[key] = largest_remainder(total * _share(sums, column), int(chemnitz[key]))
    adults = total - parts["einwohner_unter_18"] - parts["einwohner_ab_65"]
    if (adults < 0).any() or (parts["einwohner_weiblich"] > total).any():
        raise AssertionError("Anteile aus dem Zensus-Gitter ergeben negative Einwohnerzahlen")
    ids = sums.index.to_numpy()
    rows = [
        (total, "insgesamt", "insgesamt"),
        (parts["einwohner_weiblich"], "insgesamt", "w"),
        (total - parts["einwohner_weiblich"], "insgesamt", "m"),
        (parts["einwohner_unter_18"], "0-17", "insgesamt"),
        (adults, "18-64", "insgesamt"),
        (parts["einwohner_ab_65"], "65+", "insgesamt"),
    ]
    return pd.concat(
        [_long(ids, STICHTAG_KREISE, age, sex, values) for values, age, sex in rows],
        ignore_index=True,
    )
