"""Places from the open data directory: postcode centroids and Kreis boundaries.

Both are read once per process and kept (``functools.cache``); without a data directory
(:func:`gesundheitsregion.datadir.find_data_dir`) the functions answer "unknown" instead of
failing, so the registry works anywhere, only without automatic placement and Kreis outlines.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry

from gesundheitsregion.datadir import KREISE, PLZ_CENTROIDS, DataDirError, find_data_dir

__all__ = ["Kreise", "kreis_at", "kreise", "postcode_centroid", "project"]

#: The metric system of Saxony and the east (ETRS89 / UTM 33N); the map is drawn in it.
MAP_CRS = 25833


def _data_file(relative: str) -> Path | None:
    try:
        path = find_data_dir() / relative
    except DataDirError:
        return None
    return path if path.is_file() else None


@cache
def _centroids() -> dict[str, tuple[float, float]]:
    path = _data_file(PLZ_CENTROIDS)
    if path is None:
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["plz"]: (float(row["lon"]), float(row["lat"])) for row in csv.DictReader(handle)
        }


def postcode_centroid(postcode: str) -> tuple[float, float] | None:
    """(lon, lat) of the postcode's centroid, or ``None`` if unknown.

    >>> postcode_centroid("09116") is None or 12.8 < postcode_centroid("09116")[0] < 13.0
    True
    """
    return _centroids().get(postcode.strip())


def _kreis_name(gen: str, bez: str) -> str:
    # As the Länder name them: "Chemnitz", "Erzgebirgskreis", "Landkreis Zwickau".
    if bez == "Landkreis" and not gen.lower().endswith("kreis"):
        return f"Landkreis {gen}"
    return gen


@dataclass(frozen=True)
class Kreise:
    """Kreis outlines projected to :data:`MAP_CRS`, with a spatial index."""

    ags: tuple[str, ...]
    names: tuple[str, ...]
    geometries: np.ndarray
    tree: shapely.STRtree


@cache
def kreise() -> Kreise | None:
    """The Kreise (land areas) of the boundary file, or ``None`` without it. Read and
    projected once per process; plain shapely, so pages need not import pandas."""
    path = _data_file(KREISE)
    if path is None:
        return None
    features = [
        f
        for f in json.loads(path.read_text(encoding="utf-8"))["features"]
        if int(f["properties"]["GF"]) == 9  # land areas only, no coastal waters
    ]
    shapes = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
    projected = shapely.transform(shapes, lambda xy: np.column_stack(project(xy[:, 0], xy[:, 1])))
    return Kreise(
        ags=tuple(str(f["properties"]["AGS"]) for f in features),
        names=tuple(_kreis_name(f["properties"]["GEN"], f["properties"]["BEZ"]) for f in features),
        geometries=projected,
        tree=shapely.STRtree(projected),
    )


@cache
def _to_map_crs():
    from pyproj import Transformer

    return Transformer.from_crs(4326, MAP_CRS, always_xy=True)


def project(lon, lat):
    """Project WGS84 lon/lat (scalars or arrays) to :data:`MAP_CRS` metres."""
    return _to_map_crs().transform(lon, lat)


def kreis_at(lon: float, lat: float) -> str:
    """Name of the Kreis containing the point, or ``""``."""
    areas = kreise()
    if areas is None:
        return ""
    x, y = project(lon, lat)
    hits = areas.tree.query(shapely.points(x, y), predicate="within")
    return areas.names[hits[0]] if len(hits) else ""
