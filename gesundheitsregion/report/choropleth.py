"""Maps as inline SVG, without tiles or scripts: Versorgungsgrad, travel times and the like.

Areas are projected to EPSG:25833 (ETRS89 / UTM 33N, the metric system of Saxony and the east),
simplified to about one SVG unit and written with whole-unit coordinates, which keeps a map of
200 Gemeinden at a few hundred kilobytes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from shapely.ops import polylabel

from gesundheitsregion._numbers import MISSING_COLOUR, VERSORGUNGSGRAD, Classification
from gesundheitsregion.report.svg import Frame, path_data, simplified

__all__ = ["SYNTHETIC_LABEL", "Markers", "choropleth_svg"]

SYNTHETIC_LABEL = "synthetische Praxisstandorte (Demo)"

_WIDTH = 1000.0
_MAX_HEIGHT = 760.0
_PAD = 12.0
_LEGEND_FONT = 15.0
_LEGEND_ROW = 26.0
_NAME_FONT = 13.0
_VALUE_FONT = 16.0
#: A plus sign 12 units wide, drawn from the top-left corner of its upper arm.
_CROSS = "h4v4h4v4h-4v4h-4v-4h-4v-4h4z"
_PREFIXES = ("Mittelbereich ", "Planungsbereich ", "Kreisregion ", "Raumordnungsregion ")
#: With more areas than this (Gemeinden rather than planning areas) a heavy border between
#: every pair of them would hide the small ones' colours: their borders are drawn thin.
_MANY_AREAS = 40
_MARKER_RADIUS = 11.0
_MARKER_COLOUR = "#1f5f99"


@dataclass(frozen=True)
class Markers:
    """Numbered point markers drawn above everything else, e.g. recommended sites.

    Attributes
    ----------
    table
        One row per marker: ``lon``, ``lat`` (EPSG:4326), ``label`` (short text in the circle,
        e.g. the rank) and ``tooltip``.
    legend
        Legend text, e.g. ``"empfohlener Standort (Rang)"``.
    """

    table: pd.DataFrame
    legend: str


def _projected(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    # The data model promises EPSG:4326, so a frame without CRS is taken to be in it.
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.to_crs(25833)


def _points_inside(table: pd.DataFrame | None, region: shapely.Geometry) -> np.ndarray:
    """Projected x/y of the rows with ``lon``/``lat`` that lie inside ``region``."""
    if table is None or table.empty or not {"lon", "lat"} <= set(table.columns):
        return np.empty((0, 2))
    lon = pd.to_numeric(table["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(table["lat"], errors="coerce").to_numpy(float)
    x, y = Transformer.from_crs(4326, 25833, always_xy=True).transform(lon, lat)
    xy = np.column_stack((x, y))
    keep = np.isfinite(xy).all(axis=1)
    keep[keep] = shapely.contains_xy(region, xy[keep, 0], xy[keep, 1])
    return np.where(keep[:, None], xy, np.nan)


def _area_layer(
    planning, paths, grade, tooltips: Mapping[str, str] | None, classes: Classification
) -> list[str]:
    out = ['<g class="flaechen" stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round">']
    rows = zip(planning["id"], planning["name"], paths, grade, classes.classify(grade), strict=True)
    for area_id, name, d, value, klass in rows:
        if not d:
            continue
        tip = (tooltips or {}).get(area_id) or f"{name}\n{classes.title}: {classes.format(value)}"
        out.append(
            f'<path d="{d}" fill="{classes.colour(klass)}" fill-rule="evenodd" '
            f'data-id="{html.escape(area_id)}" data-klasse="{klass}">'
            f"<title>{html.escape(tip)}</title></path>"
        )
    out.append("</g>")
    return out


def _outline_layer(outlines: gpd.GeoDataFrame | None, frame: Frame) -> list[str]:
    if outlines is None or outlines.empty:
        return []
    outlines = _projected(outlines)
    outlines = outlines[outlines.intersects(frame.window)]
    if outlines.empty:
        return []
    arts = outlines["art"].astype(str) if "art" in outlines else None
    paths = path_data(simplified(outlines.geometry, frame, arts), frame)
    kreis = (arts == "Kreis").to_numpy() if arts is not None else np.zeros(len(paths), bool)
    fine = "".join(p for p, k in zip(paths, kreis, strict=True) if not k)
    coarse = "".join(p for p, k in zip(paths, kreis, strict=True) if k)
    out = []
    if fine:
        out.append(
            f'<path class="gemeinden" d="{fine}" fill="none" stroke="#5f5f5f" '
            'stroke-width="0.5" stroke-opacity="0.5"/>'
        )
    if coarse:
        out.append(
            f'<path class="kreise" d="{coarse}" fill="none" stroke="#5f5f5f" '
            'stroke-width="1" stroke-dasharray="4 2"/>'
        )
    return out


def _doctor_layer(xy: np.ndarray, frame: Frame) -> list[str]:
    px = frame.pixels(xy[np.isfinite(xy).all(axis=1)])
    if not len(px):
        return []
    # A zero-length segment with round caps draws a dot: about a dozen bytes per practice.
    d = "".join(f"M{x:g} {y:g}h0" for x, y in np.round(px, 1).tolist())
    return [
        f'<path class="praxen" d="{d}" fill="none" stroke="#1a1a1a" stroke-opacity="0.7" '
        'stroke-width="3.4" stroke-linecap="round"/>'
    ]


def _hospital_layer(hospitals: pd.DataFrame | None, xy: np.ndarray, frame: Frame) -> list[str]:
    inside = np.isfinite(xy).all(axis=1)
    if hospitals is None or not inside.any():
        return []
    px = frame.pixels(np.where(inside[:, None], xy, 0.0))
    names = hospitals["name"].astype(str).to_numpy()
    places = hospitals["standort"] if "standort" in hospitals else pd.Series("", hospitals.index)
    places = places.fillna("").astype(str).to_numpy()
    out = ['<g class="krankenhaeuser" fill="#ffffff" stroke="#1a1a1a" stroke-width="1.3">']
    for (x, y), name, place, keep in zip(px, names, places, inside, strict=True):
        if keep:
            tip = name if place in ("", name) else f"{name} ({place})"
            out.append(
                f'<path d="M{x - 2:.1f} {y - 6:.1f}{_CROSS}">'
                f"<title>Krankenhaus: {html.escape(tip)}</title></path>"
            )
    out.append("</g>")
    return out


def _marker_layer(markers: Markers | None, frame: Frame) -> list[str]:
    if markers is None or markers.table.empty:
        return []
    table = markers.table
    lon = pd.to_numeric(table["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(table["lat"], errors="coerce").to_numpy(float)
    x, y = Transformer.from_crs(4326, 25833, always_xy=True).transform(lon, lat)
    px = frame.pixels(np.column_stack((x, y)))
    out = ['<g class="markierungen" font-size="13" font-weight="700" text-anchor="middle">']
    rows = zip(px.tolist(), table["label"].astype(str), table["tooltip"].astype(str), strict=True)
    for (cx, cy), label, tip in rows:
        if not (np.isfinite(cx) and np.isfinite(cy)):
            continue
        out.append(
            f"<g><title>{html.escape(tip)}</title>"
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{_MARKER_RADIUS:g}" fill="{_MARKER_COLOUR}" '
            'stroke="#ffffff" stroke-width="2"/>'
            f'<text x="{cx:.1f}" y="{cy + 4.5:.1f}" fill="#ffffff">{html.escape(label)}</text></g>'
        )
    out.append("</g>")
    return out


def _short_name(name: str) -> str:
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _text_width(text: str, size: float) -> float:
    # Glyphs of a sans-serif average about 0.56 em; good enough to keep labels apart.
    return 0.56 * size * len(text)


def _overlaps(box: tuple[float, ...], placed: list[tuple[float, ...]]) -> bool:
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed)


def _label_layer(
    planning: gpd.GeoDataFrame, grade: np.ndarray, frame: Frame, classes: Classification
) -> list[str]:
    """Name and value in each area; largest areas first, a label that would overlap is dropped."""
    out = [
        '<g class="beschriftung" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" '
        'stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">'
    ]
    placed: list[tuple[float, ...]] = []
    for i in np.argsort(-planning.geometry.area.to_numpy(), kind="stable"):
        geom = planning.geometry.iloc[i]
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=2.0 / frame.scale)
        ((x, y),) = frame.pixels([[point.x, point.y]]).tolist()
        name = html.escape(_short_name(str(planning["name"].iloc[i])))
        value = html.escape(classes.format(grade[i]))
        half = max(_text_width(name, _NAME_FONT), _text_width(value, _VALUE_FONT)) / 2
        both = (x - half, y - 17, x + half, y + 19)
        half = _text_width(value, _VALUE_FONT) / 2
        alone = (x - half, y - 7, x + half, y + 11)
        if not _overlaps(both, placed):
            placed.append(both)
            out.append(
                f'<text x="{x:.0f}" y="{y - 4:.0f}" font-size="{_NAME_FONT:g}">{name}</text>'
                f'<text x="{x:.0f}" y="{y + 14:.0f}" font-size="{_VALUE_FONT:g}" '
                f'font-weight="700">{value}</text>'
            )
        elif not _overlaps(alone, placed):
            placed.append(alone)
            out.append(
                f'<text x="{x:.0f}" y="{y + 6:.0f}" font-size="{_VALUE_FONT:g}" '
                f'font-weight="700">{value}</text>'
            )
    out.append("</g>")
    return out


def _legend_items(
    classes: Classification, has_missing: bool, doctors, has_hospitals: bool, markers
) -> list[tuple[str, str]]:
    """(symbol, label) pairs; each symbol is drawn 22 units wide, centred on y = 0."""
    swatch = (
        '<rect x="0" y="-8" width="22" height="16" fill="{}" stroke="#8a8a8a" '
        'stroke-width="0.6" class="legende-feld" data-klasse="{}"/>'
    )
    items = [
        (swatch.format(colour, klass), label)
        for klass, (colour, label) in enumerate(zip(classes.colours, classes.labels, strict=True))
    ]
    if has_missing:
        items.append((swatch.format(MISSING_COLOUR, -1), "keine Angabe"))
    if doctors is not None:
        synthetic = "synthetisch" in doctors and doctors["synthetisch"].eq(True).any()
        items.append(
            (
                '<circle cx="11" cy="0" r="2.6" fill="#1a1a1a" fill-opacity="0.7"/>',
                SYNTHETIC_LABEL if synthetic else "Praxisstandorte",
            )
        )
    if has_hospitals:
        items.append(
            (
                f'<path d="M9 -6{_CROSS}" fill="#ffffff" stroke="#1a1a1a" stroke-width="1.3"/>',
                "Krankenhaus",
            )
        )
    if markers is not None:
        items.append(
            (
                f'<circle cx="11" cy="0" r="9" fill="{_MARKER_COLOUR}" stroke="#ffffff"/>'
                '<text x="11" y="4.5" font-size="12" font-weight="700" fill="#ffffff" '
                'text-anchor="middle">1</text>',
                markers.legend,
            )
        )
    return items


def _legend(
    items: list[tuple[str, str]], top: float, width: float, title: str
) -> tuple[list[str], float]:
    """Flow the legend items into rows that fit ``width``; return the SVG and its height."""
    out = [
        f'<g class="legende" font-size="{_LEGEND_FONT:g}" fill="#1a1a1a">'
        f'<text x="{_PAD:g}" y="{top + 16:g}" font-weight="700">{html.escape(title)}</text>'
    ]
    x, y = _PAD, top + 16 + _LEGEND_ROW
    for symbol, label in items:
        item_width = 30 + _text_width(label, _LEGEND_FONT) + 24
        if x + item_width > width and x > _PAD:
            x, y = _PAD, y + _LEGEND_ROW
        out.append(
            f'<g transform="translate({x:g} {y - 5:g})">{symbol}'
            f'<text x="30" y="5">{html.escape(label)}</text></g>'
        )
        x += item_width
    out.append("</g>")
    return out, y + 14 - top


def choropleth_svg(
    areas: gpd.GeoDataFrame,
    values: pd.Series | Mapping[str, float],
    *,
    title: str,
    tooltips: Mapping[str, str] | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    doctors: pd.DataFrame | None = None,
    hospitals: pd.DataFrame | None = None,
    labels: bool = True,
    classification: Classification | None = None,
    markers: Markers | None = None,
) -> str:
    """Draw a value per area (by default the Versorgungsgrad) as a self-contained SVG map.

    The areas are projected to EPSG:25833, simplified to about one SVG unit (shared edges stay
    shared) and coloured by ``classification``; by default the Versorgungsgrad classes of
    :func:`~gesundheitsregion.report.classify`: a diverging scale centred on 100 % with breaks
    at 50, 75, 100 and 110 %.

    Parameters
    ----------
    areas
        Polygons with ``id``, ``name`` and ``geometry`` (EPSG:4326; without CRS it is assumed).
        Every row is drawn and the map frame fits them.
    values
        Value by area ``id`` (by default the Versorgungsgrad in %); areas without a value are
        grey ("keine Angabe").
    title
        Accessible name of the map (``aria-label`` and ``<title>``).
    tooltips
        Text per area ``id`` shown on hover; default: name and formatted value.
    outlines
        Polygons drawn as thin lines for orientation (Gemeinden, Stadtteile); rows with
        ``art == "Kreis"`` are drawn dashed and a little stronger.
    doctors
        Practices with ``lon``/``lat`` drawn as dots where they lie in the areas; if any has
        ``synthetisch`` true, the legend says "synthetische Praxisstandorte (Demo)".
    hospitals
        Hospitals with ``name``, ``lon``/``lat`` and optionally ``standort``, drawn as crosses
        with their name as tooltip where they lie in or just beside the areas.
    labels
        Write name and value into the areas (overlapping labels are left out).
    classification
        Breaks, colours, legend labels and heading, unit of the values
        (:class:`~gesundheitsregion._numbers.Classification`); default the Versorgungsgrad.
    markers
        Numbered markers drawn on top with their tooltips and one legend entry (:class:`Markers`).

    Returns
    -------
    str
        An ``<svg>`` element with ``role="img"``, scaled by its ``viewBox``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> areas = gpd.GeoDataFrame(
    ...     {"id": ["1", "2"], "name": ["Nord", "Süd"]},
    ...     geometry=[box(12.0, 50.5, 12.2, 50.6), box(12.0, 50.4, 12.2, 50.5)],
    ...     crs=4326,
    ... )
    >>> svg = choropleth_svg(areas, {"1": 120.0, "2": 60.0}, title="Hausärzte")
    >>> svg.startswith("<svg") and 'fill="#4393c3"' in svg
    True
    """
    classes = VERSORGUNGSGRAD if classification is None else classification
    planning = _projected(areas)
    if planning.empty:
        raise ValueError(f"Karte „{title}“: keine der Flächen hat eine Geometrie.")
    planning = planning.assign(id=planning["id"].astype(str), name=planning["name"].astype(str))
    values = pd.Series(values, dtype=float)
    grade = values.set_axis(values.index.astype(str)).reindex(planning["id"]).to_numpy(float)
    frame = Frame.around(planning.total_bounds, width=_WIDTH, max_height=_MAX_HEIGHT, pad=_PAD)
    region = shapely.union_all(planning.geometry.values)
    # Hospitals just across the border still serve the region; 3 units ≈ the symbol's radius.
    near = shapely.buffer(region, 3.0 / frame.scale)
    shapely.prepare(region)
    shapely.prepare(near)
    doctor_xy = _points_inside(doctors, region)
    hospital_xy = _points_inside(hospitals, near)
    paths = path_data(simplified(planning.geometry, frame), frame)
    body = _area_layer(planning, paths, grade, tooltips, classes)
    body += _outline_layer(outlines, frame)
    border = ("#6b6b6b", 0.6) if len(planning) > _MANY_AREAS else ("#2b2b2b", 1.3)
    body.append(
        f'<path class="bereichsgrenzen" d="{"".join(paths)}" fill="none" stroke="{border[0]}" '
        f'stroke-width="{border[1]:g}" stroke-linejoin="round"/>'
    )
    body += _doctor_layer(doctor_xy, frame)
    body += _hospital_layer(hospitals, hospital_xy, frame)
    if labels:
        body += _label_layer(planning, grade, frame, classes)
    marker_layer = _marker_layer(markers, frame)
    body += marker_layer
    items = _legend_items(
        classes,
        bool(np.isnan(grade).any()),
        doctors if np.isfinite(doctor_xy).all(axis=1).any() else None,
        bool(np.isfinite(hospital_xy).all(axis=1).any()),
        markers if marker_layer else None,
    )
    legend, legend_height = _legend(items, frame.height + 6, frame.width, classes.title)
    height = frame.height + 6 + legend_height
    label = html.escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {frame.width:.0f} {height:.0f}" '
        f'role="img" aria-label="{label}" class="karte-svg" '
        'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        f"<title>{label}</title>" + "".join(body) + "".join(legend) + "</svg>"
    )
