"""Demand points for the accessibility measures: grid cells, area centroids or area totals.

All three return the same table: ``id``, ``x``, ``y`` (metres in EPSG:3035, the CRS of the
Zensus grid) and ``einwohner``; with areas also ``gebiet``, the area's id.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd

__all__ = ["demand_from_area_totals", "demand_from_centroids", "demand_from_grid"]

_CRS = "EPSG:3035"
_GRID_COLUMNS = ("x_mp_1km", "y_mp_1km", "Einwohner")
_HALF_CELL = 500


def _read_grid(grid) -> pd.DataFrame:
    if isinstance(grid, str | os.PathLike):
        return pd.read_csv(grid, usecols=list(_GRID_COLUMNS))
    missing = [c for c in _GRID_COLUMNS if c not in grid.columns]
    if missing:
        raise ValueError(
            f"Dem Gitter fehlen die Spalten {', '.join(missing)}; erwartet wird das "
            "Zensus-1-km-Gitter mit x_mp_1km, y_mp_1km (EPSG:3035) und Einwohner."
        )
    return grid


def _cell_ids(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    # INSPIRE grid code: the cell's lower-left corner in metres, as the Zensus publishes it.
    east = (x - _HALF_CELL).astype(np.int64).astype(str)
    north = (y - _HALF_CELL).astype(np.int64).astype(str)
    return np.char.add(np.char.add(np.char.add("CRS3035RES1000mN", north), "E"), east)


def _attach_areas(points: pd.DataFrame, areas, area_id: str) -> pd.DataFrame:
    import geopandas as gpd

    if area_id not in areas.columns:
        raise ValueError(f"Den Gebieten fehlt die Kennungsspalte '{area_id}'.")
    shapes = areas[[area_id, areas.geometry.name]].rename(columns={area_id: "_gebiet"})
    shapes = shapes.to_crs(_CRS)
    located = gpd.GeoDataFrame(
        points, geometry=gpd.points_from_xy(points["x"], points["y"]), crs=_CRS
    )
    joined = gpd.sjoin(located, shapes, how="inner", predicate="intersects")
    # A cell centre on the border of two areas would otherwise appear twice: keep one.
    joined = joined[~joined.index.duplicated(keep="first")].sort_index()
    out = pd.DataFrame(joined[list(points.columns)])
    out["gebiet"] = joined["_gebiet"].astype("string").to_numpy()
    return out.reset_index(drop=True)


def demand_from_grid(grid, areas=None, *, area_id: str = "id") -> pd.DataFrame:
    """Demand points at the cell centres of the Zensus 1 km grid.

    Parameters
    ----------
    grid
        Path of ``zensus2011_grid1km_de.csv`` or a table with ``x_mp_1km``, ``y_mp_1km``
        (EPSG:3035 cell centres) and ``Einwohner``.
    areas
        Optional GeoDataFrame of areas (any CRS): only cells whose centre lies in an area are
        kept, with the area's ``area_id`` as ``gebiet``.
    area_id
        The id column of ``areas``.

    Examples
    --------
    >>> grid = pd.DataFrame({"x_mp_1km": [4550500], "y_mp_1km": [3070500], "Einwohner": [812]})
    >>> demand_from_grid(grid).to_dict("records")
    [{'id': 'CRS3035RES1000mN3070000E4550000', 'x': 4550500.0, 'y': 3070500.0, 'einwohner': 812}]
    """
    cells = _read_grid(grid)
    x = cells["x_mp_1km"].to_numpy(dtype=float)
    y = cells["y_mp_1km"].to_numpy(dtype=float)
    points = pd.DataFrame(
        {"id": _cell_ids(x, y), "x": x, "y": y, "einwohner": cells["Einwohner"].to_numpy()}
    )
    points["id"] = points["id"].astype("string")
    return points if areas is None else _attach_areas(points, areas, area_id)


def demand_from_centroids(areas, population_column: str, *, area_id: str = "id") -> pd.DataFrame:
    """One demand point per area at its centroid (computed in EPSG:3035).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame({"id": ["a"], "ew": [120]},
    ...                          geometry=[box(4000000, 3000000, 4002000, 3001000)], crs=_CRS)
    >>> demand_from_centroids(areas, "ew")
      id          x          y  einwohner gebiet
    0  a  4001000.0  3000500.0        120      a
    """
    if area_id not in areas.columns or population_column not in areas.columns:
        raise ValueError(f"Den Gebieten fehlt '{area_id}' oder '{population_column}'.")
    centres = areas.geometry.to_crs(_CRS).centroid
    ids = areas[area_id].astype("string").to_numpy()
    return pd.DataFrame(
        {
            "id": ids,
            "x": centres.x.to_numpy(),
            "y": centres.y.to_numpy(),
            "einwohner": areas[population_column].to_numpy(),
            "gebiet": ids,
        }
    )


def demand_from_area_totals(areas, totals, grid, *, area_id: str = "id") -> pd.DataFrame:
    """Spread known area totals over the grid cells inside each area.

    Each cell gets the area's total in proportion to the cell's grid population, so a current
    Stadtteil total keeps the older grid's pattern inside the Stadtteil.

    Parameters
    ----------
    areas
        GeoDataFrame of the areas.
    totals
        The new totals: a column name of ``areas`` or a Series indexed by area id.
    grid
        As for :func:`demand_from_grid`.

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame({"id": ["a", "b"], "neu": [1000, 10]},
    ...     geometry=[box(0, 0, 2000, 1000), box(5000, 0, 6000, 1000)], crs=_CRS)
    >>> grid = pd.DataFrame({"x_mp_1km": [500, 1500], "y_mp_1km": [500, 500],
    ...                      "Einwohner": [30, 10]})
    >>> demand_from_area_totals(areas, "neu", grid)[["id", "einwohner", "gebiet"]]
                           id  einwohner gebiet
    0     CRS3035RES1000mN0E0      750.0      a
    1  CRS3035RES1000mN0E1000      250.0      a
    2                       b       10.0      b
    """
    total = _totals(areas, totals, area_id)
    cells = demand_from_grid(grid, areas, area_id=area_id)
    cells = cells[cells["gebiet"].isin(total.index)].reset_index(drop=True)
    weight = cells["einwohner"].to_numpy(dtype=float)
    by_area = cells.groupby("gebiet")["einwohner"]
    area_sum = by_area.transform("sum").to_numpy(dtype=float)
    area_count = by_area.transform("size").to_numpy(dtype=float)
    # Cells of an area with no grid population (only if the grid lists empty cells) share its
    # total equally: there is no better guess where those people live inside the area.
    share = np.where(area_sum > 0, weight / np.where(area_sum > 0, area_sum, 1), 1 / area_count)
    cells["einwohner"] = share * total.reindex(cells["gebiet"]).to_numpy(dtype=float)
    # An area without any grid cell (small, or inhabited only since the census) would lose its
    # people; a point at its centroid keeps them in the analysis.
    empty = ~total.index.isin(cells["gebiet"])
    if empty.any():
        keys = areas[area_id].astype("string")
        rest = areas[keys.isin(total.index[empty]).to_numpy()].copy()
        rest["_total"] = total.reindex(keys[keys.isin(total.index[empty])]).to_numpy()
        centres = demand_from_centroids(rest, "_total", area_id=area_id)
        cells = pd.concat([cells, centres.astype({"einwohner": float})], ignore_index=True)
    return cells


def _totals(areas, totals, area_id: str) -> pd.Series:
    keys = areas[area_id].astype("string")
    if isinstance(totals, str):
        series = pd.Series(areas[totals].to_numpy(dtype=float), index=keys.to_numpy())
    else:
        series = pd.Series(totals, dtype=float)
        series.index = series.index.astype("string")
        unknown = series.index.difference(keys)
        if len(unknown):
            raise ValueError(
                f"Einwohnerzahlen für unbekannte Gebiete: {', '.join(map(str, unknown[:5]))}"
            )
    if series.isna().any() or (series < 0).any():
        raise ValueError("Die Einwohnerzahlen der Gebiete müssen Zahlen ≥ 0 sein.")
    return series
