"""The drawing under every map: projected metres onto SVG units, polygons as compact path data.

Used by :mod:`gesundheitsregion.report.choropleth` and by the platform's partner map
(``registry/maps.py``). It needs only numpy and shapely, so that importing it is cheap.

Examples
--------
>>> import shapely
>>> frame = Frame.around((0.0, 0.0, 1000.0, 500.0), width=100, max_height=100, pad=0)
>>> frame.width, frame.height
(100.0, 50.0)
>>> path_data([shapely.box(0, 0, 1000, 500)], frame)
['M100 50L100 0 0 0 0 50Z']
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

__all__ = ["Frame", "path_data", "simplified"]


@dataclass(frozen=True)
class Frame:
    """Maps projected metres onto SVG units, north up.

    Attributes
    ----------
    x0, y1
        The projected coordinates of the SVG origin (top left).
    scale
        SVG units per metre.
    width, height
        The size of the drawing in SVG units (its ``viewBox``).
    """

    x0: float
    y1: float
    scale: float
    width: float
    height: float

    @classmethod
    def around(
        cls,
        bounds: Sequence[float],
        *,
        width: float,
        max_height: float,
        pad: float,
        min_extent: float = 1.0,
    ) -> Frame:
        """The frame that fits ``bounds`` (minx, miny, maxx, maxy in metres) into ``width``
        units, at most ``max_height`` high, with ``pad`` units around.

        An extent below ``min_extent`` metres (a single point, a line) is widened to it around
        its centre, which keeps the scale finite.
        """
        minx, miny, maxx, maxy = (float(b) for b in bounds)
        dx, dy = maxx - minx, maxy - miny
        if dx < min_extent:
            minx, dx = (minx + maxx - min_extent) / 2, min_extent
        if dy < min_extent:
            maxy, dy = (miny + maxy + min_extent) / 2, min_extent
        scale = min((width - 2 * pad) / dx, (max_height - 2 * pad) / dy)
        margin = pad / scale
        return cls(minx - margin, maxy + margin, scale, dx * scale + 2 * pad, dy * scale + 2 * pad)

    def pixels(self, xy) -> np.ndarray:
        """SVG coordinates of projected points (``n × 2``)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return np.column_stack(
            ((xy[:, 0] - self.x0) * self.scale, (self.y1 - xy[:, 1]) * self.scale)
        )

    @property
    def window(self) -> shapely.Polygon:
        """The frame in projected metres."""
        return shapely.box(
            self.x0, self.y1 - self.height / self.scale, self.x0 + self.width / self.scale, self.y1
        )


def simplified(geoms, frame: Frame, groups: Sequence[object] | None = None) -> np.ndarray:
    """Simplify polygons to about one SVG unit of ``frame``; neighbours keep a common edge
    (no slivers between them). With ``groups``, each group is simplified as its own coverage."""
    tolerance = 0.8 / frame.scale
    values = np.asarray(geoms, dtype=object)
    if groups is None:
        return shapely.coverage_simplify(values, tolerance)
    keys = np.asarray(groups, dtype=object)
    out = np.empty(len(values), dtype=object)
    for key in dict.fromkeys(keys.tolist()):
        mask = keys == key
        out[mask] = shapely.coverage_simplify(values[mask], tolerance)
    return out


def path_data(geoms, frame: Frame) -> list[str]:
    """One SVG path string per (multi)polygon, in whole SVG units; empty where nothing is left.

    Rings that collapse below one unit are left out; points rounding onto their predecessor too.
    """
    geoms = np.asarray(geoms, dtype=object)
    parts, owner = shapely.get_parts(geoms, return_index=True)
    polygon = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    parts, owner = parts[polygon], owner[polygon]
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    px = np.rint(frame.pixels(coords)).astype(np.int64)
    # The closing point repeats the first; points rounding onto their predecessor add nothing.
    closing = np.r_[ring_of[1:] != ring_of[:-1], True]
    px, ring_of = px[~closing], ring_of[~closing]
    repeat = np.r_[False, (ring_of[1:] == ring_of[:-1]) & np.all(px[1:] == px[:-1], axis=1)]
    px, ring_of = px[~repeat], ring_of[~repeat]
    starts = np.searchsorted(ring_of, np.arange(len(rings) + 1))
    paths: list[list[str]] = [[] for _ in range(len(geoms))]
    for ring, (start, end) in enumerate(itertools.pairwise(starts)):
        if end - start < 3:  # collapsed below one unit: invisible at this scale
            continue
        nums = px[start:end].ravel().tolist()
        paths[owner[ring_part[ring]]].append(
            f"M{nums[0]} {nums[1]}L" + " ".join(map(str, nums[2:])) + "Z"
        )
    return ["".join(p) for p in paths]
