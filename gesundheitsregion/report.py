"""Der Bericht als eine einzige HTML-Datei.

:func:`write_report` schreibt für Netzwerkbüro und Politik einen Bericht zur Bedarfsplanung, der
ohne Internet funktioniert: Stil, Karten (SVG), Diagramme (SVG aus matplotlib) und das kleine
Skript zum Sortieren stehen in der Datei selbst. Die Bausteine :func:`choropleth_svg` und
:func:`forecast_chart_svg` sind öffentlich, damit die Plattform sie wiederverwenden kann.

Die Farbskala des Versorgungsgrads ist divergierend und um 100 % zentriert, mit den Klassengrenzen
50 / 75 / 100 / 110 % der Bedarfsplanungs-Richtlinie (Unterversorgung Fachärzte, Unterversorgung
Hausärzte, Soll, Sperrgrenze).
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import jinja2
import numpy as np
import pandas as pd
import shapely
from markupsafe import Markup
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from pyproj import Transformer
from shapely.ops import polylabel

__all__ = [
    "CLASS_BREAKS",
    "CLASS_COLOURS",
    "CLASS_LABELS",
    "MISSING_COLOUR",
    "STATUS_ORDER",
    "SYNTHETIC_LABEL",
    "choropleth_svg",
    "classify",
    "forecast_chart_svg",
    "format_number",
    "format_percent",
    "write_report",
]

#: Klassengrenzen des Versorgungsgrads in %: unter 50, 50 bis unter 75, 75 bis unter 100,
#: 100 bis 110 (Sperrgrenze eingeschlossen), über 110.
CLASS_BREAKS = (50.0, 75.0, 100.0, 110.0)
#: ColorBrewer RdBu, farbfehlsichtigkeitstauglich; die Mitte liegt zwischen 75–100 und 100–110.
CLASS_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#4393c3")
CLASS_LABELS = (
    "unter 50 %",
    "50 bis unter 75 %",
    "75 bis unter 100 %",
    "100 bis 110 %",
    "über 110 %",
)
MISSING_COLOUR = "#d9d9d9"
STATUS_ORDER = (
    "Unterversorgung",
    "drohende Unterversorgung",
    "Regelversorgung",
    "Überversorgung (gesperrt)",
)
SYNTHETIC_LABEL = "synthetische Praxisstandorte (Demo)"

ACCENT = "#1f5f99"
_STATUS_COLOURS = dict(zip(STATUS_ORDER, ("#b2182b", "#e0703c", "#8a8a8a", "#2f6fae"), strict=True))
_HAUSAERZTE = "Hausärzte"
#: § 29 S. 1 BPL-RL: Unterversorgung bei Hausärzten unter 75 %, bei allen Fachärzten unter 50 %.
_UNTERVERSORGUNG_HAUSAERZTE = 75.0
_UNTERVERSORGUNG_FACHAERZTE = 50.0
#: More planning areas than this and the map labels would cover each other.
_MAX_LABELLED_AREAS = 30
_SOURCE_BPL_RL = (
    "Gemeinsamer Bundesausschuss: Bedarfsplanungs-Richtlinie (BPL-RL), "
    "https://www.g-ba.de/richtlinien/4/"
)


# --------------------------------------------------------------------------------------------
# Zahlen und Farben


def format_number(value: Any, decimals: int = 0) -> str:
    """Format a number the German way: ``.`` groups thousands, ``,`` marks decimals.

    Missing values become an en dash.

    Examples
    --------
    >>> format_number(1234.5, 1)
    '1.234,5'
    >>> format_number(None)
    '–'
    """
    if value is None or pd.isna(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_percent(value: Any, decimals: int = 1) -> str:
    """Format a percentage the German way, e.g. ``105,2 %``.

    Examples
    --------
    >>> format_percent(105.24)
    '105,2 %'
    """
    if value is None or pd.isna(value):
        return "–"
    return f"{format_number(value, decimals)} %"


def classify(values: Any) -> np.ndarray:
    """Return the colour class (0–4) of each Versorgungsgrad in %, ``-1`` where it is missing.

    The classes are those of :data:`CLASS_LABELS`; 110 % itself is not yet gesperrt (§ 24
    BPL-RL: Überversorgung ab *über* 110 %).

    Examples
    --------
    >>> classify([40, 50, 74.9, 100, 110, 110.1, float("nan")]).tolist()
    [0, 1, 1, 3, 3, 4, -1]
    """
    grade = np.asarray(values, dtype=float)
    klass = np.searchsorted(CLASS_BREAKS[:3], grade, side="right")
    klass = np.where(grade > CLASS_BREAKS[3], 4, klass)
    return np.where(np.isnan(grade), -1, klass)


def _colour(klass: int) -> str:
    return MISSING_COLOUR if klass < 0 else CLASS_COLOURS[klass]


def _unterversorgung_mark(arztgruppe: str) -> float:
    if arztgruppe == _HAUSAERZTE:
        return _UNTERVERSORGUNG_HAUSAERZTE
    return _UNTERVERSORGUNG_FACHAERZTE


# --------------------------------------------------------------------------------------------
# Karte


_MAP_WIDTH = 1000.0
_MAP_MAX_HEIGHT = 760.0
_MAP_PAD = 10.0
_LEGEND_FONT = 15.0
_LEGEND_ROW = 26.0


@dataclass(frozen=True)
class _Frame:
    """Maps projected metres (EPSG:25833) onto SVG units, north up."""

    x0: float
    y1: float
    scale: float
    width: float
    height: float

    @classmethod
    def around(cls, bounds: Sequence[float]) -> _Frame:
        minx, miny, maxx, maxy = bounds
        # A single point or a line has no extent in one direction; 1 m keeps the scale finite.
        dx, dy = max(maxx - minx, 1.0), max(maxy - miny, 1.0)
        inner_w, inner_h = _MAP_WIDTH - 2 * _MAP_PAD, _MAP_MAX_HEIGHT - 2 * _MAP_PAD
        scale = min(inner_w / dx, inner_h / dy)
        pad = _MAP_PAD / scale
        return cls(minx - pad, maxy + pad, scale, dx * scale + 2 * _MAP_PAD, dy * scale + 2 * _MAP_PAD)

    def pixels(self, xy: np.ndarray) -> np.ndarray:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return np.column_stack(((xy[:, 0] - self.x0) * self.scale, (self.y1 - xy[:, 1]) * self.scale))

    @property
    def window(self) -> shapely.Polygon:
        """The frame in projected metres."""
        return shapely.box(
            self.x0, self.y1 - self.height / self.scale, self.x0 + self.width / self.scale, self.y1
        )

    def contains(self, px: np.ndarray) -> np.ndarray:
        return (px[:, 0] >= 0) & (px[:, 0] <= self.width) & (px[:, 1] >= 0) & (px[:, 1] <= self.height)


def _projected(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    # The data model promises EPSG:4326; a frame without CRS is taken at its word.
    if gdf.crs is None:
        gdf = gdf.set_crs(4326)
    gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
    return gdf.to_crs(25833)


def _lonlat_to_25833(table: pd.DataFrame) -> np.ndarray:
    transformer = Transformer.from_crs(4326, 25833, always_xy=True)
    lon = pd.to_numeric(table["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(table["lat"], errors="coerce").to_numpy(float)
    return np.column_stack(transformer.transform(lon, lat))


def _simplified(geoms: gpd.GeoSeries, groups: pd.Series | None, frame: _Frame) -> np.ndarray:
    """Simplify to about one SVG unit; neighbours keep a common edge (no slivers between them)."""
    tolerance = 0.8 / frame.scale
    values = np.asarray(geoms.values, dtype=object)
    if groups is None:
        return shapely.coverage_simplify(values, tolerance)
    out = np.empty(len(values), dtype=object)
    for key in pd.unique(groups):
        mask = (groups == key).to_numpy()
        out[mask] = shapely.coverage_simplify(values[mask], tolerance)
    return out


def _path_data(geoms: np.ndarray, frame: _Frame) -> list[str]:
    """One SVG path string per (multi)polygon, in whole SVG units; empty where nothing is left."""
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
    for ring, (start, end) in enumerate(zip(starts[:-1], starts[1:], strict=True)):
        if end - start < 3:  # collapsed below one unit: invisible at this scale
            continue
        nums = px[start:end].ravel().tolist()
        text = f"M{nums[0]} {nums[1]}L" + " ".join(map(str, nums[2:])) + "Z"
        paths[owner[ring_part[ring]]].append(text)
    return ["".join(p) for p in paths]


def _default_tooltip(name: str, value: float) -> str:
    return f"{name}\nVersorgungsgrad: {format_percent(value)}"


def _area_layer(planning: gpd.GeoDataFrame, paths: list[str], values: pd.Series, tooltips):
    grade = values.reindex(planning["id"]).to_numpy(float)
    klass = classify(grade)
    out = ['<g class="flaechen" stroke="#ffffff" stroke-width="1.5" stroke-linejoin="round">']
    for area_id, name, d, value, k in zip(
        planning["id"], planning["name"], paths, grade, klass, strict=True
    ):
        if not d:
            continue
        tip = tooltips.get(area_id) if tooltips is not None else None
        tip = tip if tip is not None else _default_tooltip(name, value)
        out.append(
            f'<path d="{d}" fill="{_colour(k)}" fill-rule="evenodd" '
            f'data-id="{html.escape(str(area_id))}" data-klasse="{k}">'
            f"<title>{html.escape(tip)}</title></path>"
        )
    out.append("</g>")
    return out


def _outline_layer(outlines: gpd.GeoDataFrame | None, frame: _Frame) -> list[str]:
    if outlines is None or outlines.empty:
        return []
    outlines = _projected(outlines)
    outlines = outlines[outlines.intersects(frame.window)]
    if outlines.empty:
        return []
    arts = outlines["art"] if "art" in outlines else None
    paths = _path_data(_simplified(outlines.geometry, arts, frame), frame)
    kreis = (arts == "Kreis").to_numpy() if arts is not None else np.zeros(len(paths), bool)
    fine = "".join(p for p, k in zip(paths, kreis, strict=True) if not k)
    coarse = "".join(p for p, k in zip(paths, kreis, strict=True) if k)
    out = []
    if fine:
        out.append(f'<path class="gemeinden" d="{fine}" fill="none" stroke="#6b6b6b" '
                   'stroke-width="0.5" stroke-opacity="0.55"/>')
    if coarse:
        out.append(f'<path class="kreise" d="{coarse}" fill="none" stroke="#444444" '
                   'stroke-width="1.1" stroke-opacity="0.7"/>')
    return out


def _doctor_layer(doctors: pd.DataFrame | None, frame: _Frame) -> list[str]:
    if doctors is None or doctors.empty:
        return []
    px = frame.pixels(_lonlat_to_25833(doctors))
    px = px[np.isfinite(px).all(axis=1) & frame.contains(px)]
    if not len(px):
        return []
    nums = np.round(px, 1).tolist()
    # A zero-length segment with round caps draws a dot: about ten bytes per practice.
    d = "".join(f"M{x:g} {y:g}h0" for x, y in nums)
    return [
        f'<path class="praxen" d="{d}" fill="none" stroke="#1a1a1a" stroke-opacity="0.65" '
        'stroke-width="3.2" stroke-linecap="round"/>'
    ]


_CROSS = "h-2.5v3h-3v3h3v3h3v-3h3v-3h-3v-3z"


def _hospital_layer(hospitals: pd.DataFrame | None, frame: _Frame) -> list[str]:
    if hospitals is None or hospitals.empty:
        return []
    px = frame.pixels(_lonlat_to_25833(hospitals))
    inside = np.isfinite(px).all(axis=1) & frame.contains(px)
    out = ['<g class="krankenhaeuser" fill="#ffffff" stroke="#1a1a1a" stroke-width="1.2">']
    names = hospitals["name"].astype(str).to_numpy()
    places = (
        hospitals["standort"].astype(str).to_numpy()
        if "standort" in hospitals
        else np.full(len(hospitals), "")
    )
    for (x, y), name, place, keep in zip(px, names, places, inside, strict=True):
        if not keep:
            continue
        tip = name if place in ("", "nan", "<NA>", name) else f"{name} ({place})"
        out.append(
            f'<path d="M{x + 1.5:.1f} {y - 4.5:.1f}{_CROSS}">'
            f"<title>Krankenhaus: {html.escape(tip)}</title></path>"
        )
    out.append("</g>")
    return out if len(out) > 2 else []


def _label_layer(planning: gpd.GeoDataFrame, values: pd.Series, frame: _Frame) -> list[str]:
    out = [
        '<g class="beschriftung" text-anchor="middle" fill="#1a1a1a" stroke="#ffffff" '
        'stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">'
    ]
    for area_id, name, geom in zip(planning["id"], planning["name"], planning.geometry, strict=True):
        largest = max(getattr(geom, "geoms", [geom]), key=lambda g: g.area)
        point = polylabel(largest, tolerance=2.0 / frame.scale)
        (x, y), = frame.pixels([[point.x, point.y]]).tolist()
        value = format_percent(values.get(area_id))
        out.append(
            f'<text x="{x:.0f}" y="{y - 4:.0f}" font-size="13">{html.escape(str(name))}</text>'
            f'<text x="{x:.0f}" y="{y + 14:.0f}" font-size="16" font-weight="700">'
            f"{html.escape(value)}</text>"
        )
    out.append("</g>")
    return out


def _legend_items(planning_classes: np.ndarray, doctors, hospitals) -> list[tuple[str, str]]:
    """(svg symbol, label) pairs; the symbol is drawn with its centre-left at (0, 0)."""
    items = [
        (
            f'<rect x="0" y="-8" width="22" height="16" fill="{colour}" stroke="#8a8a8a" '
            f'stroke-width="0.6" class="legende-feld" data-klasse="{k}"/>',
            label,
        )
        for k, (colour, label) in enumerate(zip(CLASS_COLOURS, CLASS_LABELS, strict=True))
    ]
    if (planning_classes < 0).any():
        items.append(
            (
                f'<rect x="0" y="-8" width="22" height="16" fill="{MISSING_COLOUR}" '
                'class="legende-feld" data-klasse="-1"/>',
                "keine Angabe",
            )
        )
    if doctors is not None and not doctors.empty:
        synthetic = "synthetisch" in doctors and doctors["synthetisch"].fillna(False).astype(bool).any()
        items.append(
            (
                '<circle cx="11" cy="0" r="2.4" fill="#1a1a1a" fill-opacity="0.65"/>',
                SYNTHETIC_LABEL if synthetic else "Praxisstandorte",
            )
        )
    if hospitals is not None and not hospitals.empty:
        items.append(
            (
                f'<path d="M12.5 -4.5{_CROSS}" fill="#ffffff" stroke="#1a1a1a" stroke-width="1.2"/>',
                "Krankenhaus",
            )
        )
    return items


def _legend(items: list[tuple[str, str]], top: float, width: float) -> tuple[list[str], float]:
    """Flow the legend items into rows that fit ``width``; return the SVG and its height."""
    out = [f'<g class="legende" font-size="{_LEGEND_FONT:g}" fill="#1a1a1a">']
    out.append(
        f'<text x="{_MAP_PAD:g}" y="{top + 16:g}" font-weight="700">Versorgungsgrad</text>'
    )
    x, y = _MAP_PAD, top + 16 + _LEGEND_ROW
    for symbol, label in items:
        # Glyphs average about 0.55 em; the estimate only decides where a row wraps.
        item_width = 30 + 0.56 * _LEGEND_FONT * len(label) + 22
        if x + item_width > width and x > _MAP_PAD:
            x, y = _MAP_PAD, y + _LEGEND_ROW
        out.append(
            f'<g transform="translate({x:g} {y - 5:g})">{symbol}'
            f'<text x="30" y="5">{html.escape(label)}</text></g>'
        )
        x += item_width
    out.append("</g>")
    return out, y + 14 - top


def choropleth_svg(
    areas: gpd.GeoDataFrame,
    values: pd.Series,
    *,
    title: str,
    tooltips: Mapping[str, str] | None = None,
    outlines: gpd.GeoDataFrame | None = None,
    doctors: pd.DataFrame | None = None,
    hospitals: pd.DataFrame | None = None,
    labels: bool = True,
) -> str:
    """Draw the Versorgungsgrad per area as a self-contained SVG map.

    The areas are projected to EPSG:25833 (ETRS89 / UTM 33N), simplified to about one SVG unit
    (shared edges stay shared) and coloured by :func:`classify`. The legend is part of the SVG.

    Parameters
    ----------
    areas
        Polygons with ``id``, ``name`` and ``geometry`` (EPSG:4326; without CRS it is assumed).
        Every row is drawn; the map frame fits these areas.
    values
        Versorgungsgrad in % indexed by area ``id``; areas without value are grey.
    title
        Accessible name of the map (``aria-label`` and ``<title>``).
    tooltips
        Text per area ``id`` shown on hover; default: name and Versorgungsgrad.
    outlines
        Polygons drawn as thin lines for orientation (Gemeinden, Stadtteile); rows with
        ``art == "Kreis"`` are drawn a little stronger.
    doctors
        Practices with ``lon``/``lat`` drawn as dots; if any has ``synthetisch`` true, the
        legend says "synthetische Praxisstandorte (Demo)".
    hospitals
        Hospitals with ``name``, ``lon``/``lat`` (and optionally ``standort``) drawn as crosses.
    labels
        Write name and Versorgungsgrad into each area.

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
    >>> svg = choropleth_svg(areas, pd.Series({"1": 120.0, "2": 60.0}), title="Hausärzte")
    >>> svg.startswith("<svg") and 'fill="#4393c3"' in svg
    True
    """
    planning = _projected(areas)
    if planning.empty:
        raise ValueError(f"Karte „{title}“: keine der Flächen hat eine Geometrie.")
    frame = _Frame.around(planning.total_bounds)
    values = pd.Series(values, dtype=float)
    values.index = values.index.astype(str)
    planning = planning.assign(id=planning["id"].astype(str), name=planning["name"].astype(str))
    paths = _path_data(_simplified(planning.geometry, None, frame), frame)
    body = _area_layer(planning, paths, values, tooltips)
    body += _outline_layer(outlines, frame)
    borders = "".join(paths)
    body.append(
        f'<path class="bereichsgrenzen" d="{borders}" fill="none" stroke="#333333" '
        'stroke-width="1.2" stroke-linejoin="round"/>'
    )
    body += _doctor_layer(doctors, frame)
    body += _hospital_layer(hospitals, frame)
    if labels:
        body += _label_layer(planning, values, frame)
    classes = classify(values.reindex(planning["id"]).to_numpy(float))
    legend, legend_height = _legend(
        _legend_items(classes, doctors, hospitals), frame.height + 6, frame.width
    )
    width, height = frame.width, frame.height + 6 + legend_height
    label = html.escape(title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'role="img" aria-label="{label}" class="karte-svg" '
        f'font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">'
        f"<title>{label}</title>" + "".join(body) + "".join(legend) + "</svg>"
    )


# --------------------------------------------------------------------------------------------
# Prognosediagramm


_MPL_STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, searchable, in the page's font
    "svg.hashsalt": "gesundheitsregion",  # same input, same file
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.edgecolor": "#8a8a8a",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}


def _first_year_below(jahr: np.ndarray, grade: np.ndarray, mark: float) -> int | None:
    below = np.flatnonzero(grade < mark)
    return int(jahr[below[0]]) if len(below) else None


def _draw_forecast(ax, jahr, grade, low, high, mark) -> int | None:
    ax.fill_between(
        jahr, low, high, color=ACCENT, alpha=0.18, linewidth=0, label="Spanne 10.–90. Perzentil"
    )
    ax.plot(jahr, grade, color=ACCENT, linewidth=2.4, label="erwarteter Versorgungsgrad")
    lines = ((110.0, "#2f6fae", (0, (5, 3)), "110 % Sperrgrenze"), (100.0, "#555555", "-", "100 %"))
    lines += ((mark, "#b2182b", (0, (5, 3)), f"{mark:g} % Unterversorgung"),)
    for level, colour, style, text in lines:
        ax.axhline(level, color=colour, linestyle=style, linewidth=1.0, zorder=1)
        ax.annotate(
            text, (1.0, level), xycoords=("axes fraction", "data"), xytext=(4, 0),
            textcoords="offset points", va="center", fontsize=8.5, color=colour,
        )
    first = _first_year_below(jahr, grade, mark)
    if first is not None:
        ax.axvline(first, color="#b2182b", linestyle=":", linewidth=1.4)
        ax.annotate(
            f"ab {first} unter {mark:g} %", (first, mark), xytext=(5, -14),
            textcoords="offset points", fontsize=9, color="#b2182b", fontweight="bold",
        )
    return first


def _style_axes(ax, jahr, low, high, mark) -> None:
    bottom = np.nanmin(np.r_[low, mark]) - 8
    top = np.nanmax(np.r_[high, 110.0]) + 8
    ax.set_ylim(max(0.0, np.floor(bottom / 10) * 10), np.ceil(top / 10) * 10)
    ax.set_xlim(jahr.min(), jahr.max())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=8))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    ax.set_ylabel("Versorgungsgrad in %")
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=8.5
    )


def _clean_matplotlib_svg(svg: str, element_id: str, title: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's global "*{…}" rule would restyle every SVG on the page.
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    # Several charts share one HTML document, so every id gets the chart's prefix.
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{element_id}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{element_id}-").replace('href="#', f'href="#{element_id}-')
    label = html.escape(title)
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{label}" class="diagramm-svg" ',
        1,
    ).replace(">", f"><title>{label}</title>", 1)


def forecast_chart_svg(
    years: pd.DataFrame,
    *,
    title: str,
    unterversorgung: float | None = None,
    element_id: str | None = None,
) -> str:
    """Draw the forecast of one Planungsbereich and Arztgruppe as an SVG line chart.

    The chart shows the expected Versorgungsgrad, the band between the 10th and 90th
    percentile, the lines at 110 % (Sperrgrenze), 100 % and the Unterversorgung mark, and the
    first year the expected value falls below that mark.

    Parameters
    ----------
    years
        Rows of one Planungsbereich and Arztgruppe with ``jahr``, ``versorgungsgrad``,
        ``versorgungsgrad_p10`` and ``versorgungsgrad_p90`` (all in %).
    title
        Accessible name of the chart.
    unterversorgung
        The mark in %; default 75 for ``arztgruppe == "Hausärzte"``, otherwise 50 (§ 29 BPL-RL).
    element_id
        Prefix for the SVG's internal ids, so that several charts can share one HTML page;
        default derived from the data.

    Returns
    -------
    str
        An ``<svg>`` element with ``role="img"`` and text kept as text.

    Examples
    --------
    >>> years = pd.DataFrame({
    ...     "jahr": [2025, 2030, 2035], "arztgruppe": "Hausärzte",
    ...     "versorgungsgrad": [98.0, 84.0, 70.0],
    ...     "versorgungsgrad_p10": [96.0, 78.0, 61.0],
    ...     "versorgungsgrad_p90": [99.0, 90.0, 80.0],
    ... })
    >>> "ab 2035 unter 75 %" in forecast_chart_svg(years, title="Hausärzte")
    True
    """
    data = years.sort_values("jahr")
    if data.empty:
        raise ValueError(f"Diagramm „{title}“: keine Prognosejahre.")
    if unterversorgung is None:
        group = str(data["arztgruppe"].iloc[0]) if "arztgruppe" in data else _HAUSAERZTE
        unterversorgung = _unterversorgung_mark(group)
    jahr, grade, low, high = (
        data[c].to_numpy(float)
        for c in ("jahr", "versorgungsgrad", "versorgungsgrad_p10", "versorgungsgrad_p90")
    )
    if element_id is None:
        digest = hashlib.sha1(title.encode() + grade.tobytes(), usedforsecurity=False)
        element_id = "d" + digest.hexdigest()[:10]
    with rc_context(_MPL_STYLE):
        fig = Figure(figsize=(6.4, 3.5))
        ax = fig.add_subplot()
        _draw_forecast(ax, jahr, grade, low, high, unterversorgung)
        _style_axes(ax, jahr, low, high, unterversorgung)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _clean_matplotlib_svg(buffer.getvalue(), element_id, title)


# --------------------------------------------------------------------------------------------
# Bericht


_REQUIRED = {
    "bedarfsplanung": ("planungsbereich", "name", "arztgruppe", "versorgungsgrad", "status"),
    "prognose_years": (
        "jahr", "planungsbereich", "arztgruppe", "versorgungsgrad",
        "versorgungsgrad_p10", "versorgungsgrad_p90",
    ),
    "prognose_summary": ("planungsbereich", "name", "arztgruppe"),
    "areas": ("id", "name", "geometry"),
}

_META_LABELS = {
    "regeln": "Regelstand",
    "stichtag": "Stichtag",
    "daten": "Daten",
    "region": "Region",
    "prognose": "Prognose",
}


def _require(table: pd.DataFrame, name: str) -> None:
    missing = [c for c in _REQUIRED[name] if c not in table.columns]
    if missing:
        raise ValueError(
            f"Bericht: der Tabelle „{name}“ fehlen die Spalten {', '.join(missing)}. "
            "Sie entsteht aus Bedarfsplanung bzw. Prognose; bitte diese zuerst berechnen."
        )


def _german_date(value: Any) -> str:
    text = str(value)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return f"{match[3]}.{match[2]}.{match[1]}" if match else text


def _share_percent(series: pd.Series) -> pd.Series:
    """Shares may come as fractions (0.33) or percent (33.0); the report shows percent."""
    numbers = pd.to_numeric(series, errors="coerce")
    return numbers * 100 if numbers.max(skipna=True) <= 1.0 else numbers


def _cell(value: Any, kind: str) -> dict[str, Any]:
    if kind == "text":
        text = "–" if value is None or pd.isna(value) else str(value)
        return {"text": text, "sort": text, "numeric": False}
    sort = "" if value is None or pd.isna(value) else repr(float(value))
    if kind == "pct":
        text = format_percent(value)
    elif kind == "year":
        text = "–" if sort == "" else str(int(value))
    else:
        text = format_number(value, int(kind))
    return {"text": text, "sort": sort, "numeric": True}


def _status_cell(status: Any) -> dict[str, Any]:
    text = str(status)
    rank = STATUS_ORDER.index(text) if text in STATUS_ORDER else len(STATUS_ORDER)
    return {
        "text": text,
        "sort": str(rank),
        "numeric": False,
        "status": _STATUS_COLOURS.get(text, "#8a8a8a"),
    }


_PLAN_COLUMNS = (
    ("name", "Planungsbereich", "text"),
    ("arztgruppe", "Arztgruppe", "text"),
    ("einwohner", "Einwohner", "0"),
    ("verhaeltniszahl", "Verhältniszahl", "0"),
    ("soll", "Soll", "1"),
    ("ist", "Ist", "1"),
    ("versorgungsgrad", "Versorgungsgrad", "pct"),
    ("status", "Status", "status"),
    ("offene_sitze", "Offene Sitze", "1"),
    ("anteil_60plus", "Ärzte ab 60 J.", "pct"),
    ("versorgungsgrad_ohne_65plus", "Versorgungsgrad ohne Ärzte ab 65", "pct"),
)

_SUMMARY_COLUMNS = (
    ("name", "Planungsbereich", "text"),
    ("arztgruppe", "Arztgruppe", "text"),
    ("versorgungsgrad_heute", "Versorgungsgrad heute", "pct"),
    ("versorgungsgrad_ende", "Versorgungsgrad {ende}", "pct"),
    ("erstes_jahr_unter_100", "Erstes Jahr unter 100 %", "year"),
    ("erstes_jahr_unterversorgung", "Erstes Jahr Unterversorgung (erwartet)", "year"),
    ("erstes_jahr_unterversorgung_p10", "Erstes Jahr Unterversorgung (ungünstig)", "year"),
    ("abgaenge_erwartet", "Erwartete Abgänge", "1"),
    ("neue_aerzte_pro_jahr_fuer_ziel", "Neue Ärzte pro Jahr für 100 %", "1"),
    ("neue_aerzte_gesamt_fuer_ziel", "Neue Ärzte gesamt für 100 %", "1"),
)


def _table(frame: pd.DataFrame, columns, notes_of_rows: Sequence[int | None] = ()) -> dict:
    present = [c for c in columns if c[0] in frame.columns]
    header = [{"label": label, "numeric": kind not in ("text", "status")} for _, label, kind in present]
    rows = []
    for i, record in enumerate(frame.to_dict("records")):
        cells = [
            _status_cell(record[col]) if kind == "status" else _cell(record[col], kind)
            for col, _, kind in present
        ]
        note = notes_of_rows[i] if i < len(notes_of_rows) else None
        rows.append({"cells": cells, "group": str(record.get("arztgruppe", "")), "note": note})
    return {"header": header, "rows": rows}


def _group_order(groups: Sequence[str] | pd.Series) -> list[str]:
    unique = list(dict.fromkeys(str(g) for g in groups))
    return sorted(unique, key=lambda g: (g != _HAUSAERZTE, unique.index(g)))


def _map_tooltips(rows: pd.DataFrame) -> dict[str, str]:
    tips = {}
    for record in rows.to_dict("records"):
        lines = [
            str(record["name"]),
            f"Versorgungsgrad: {format_percent(record['versorgungsgrad'])}",
            f"Status: {record['status']}",
        ]
        if "offene_sitze" in record:
            lines.append(f"Offene Sitze bis zur Sperrung: {format_number(record['offene_sitze'], 1)}")
        tips[str(record["planungsbereich"])] = "\n".join(lines)
    return tips


def _inline(svg: str) -> Markup:
    """Inline SVG in HTML needs no namespace declarations; the page then names no URL at all."""
    return Markup(re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", svg))


def _maps(bedarfsplanung, areas, doctors, hospitals, groups) -> tuple[list[dict], list[str]]:
    area_ids = areas["id"].astype(str)
    outlines = areas[areas["art"].isin(["Gemeinde", "Stadtteil", "Kreis"])] if "art" in areas else None
    maps, notes = [], []
    for number, group in enumerate(groups):
        rows = bedarfsplanung[bedarfsplanung["arztgruppe"] == group]
        if rows["planungsbereich"].duplicated().any():
            twice = rows.loc[rows["planungsbereich"].duplicated(), "planungsbereich"].iloc[0]
            raise ValueError(
                f"Bericht: Planungsbereich {twice} steht für {group} mehrfach in der "
                "Bedarfsplanung; je Planungsbereich und Arztgruppe ist eine Zeile erlaubt."
            )
        ids = rows["planungsbereich"].astype(str)
        planning = areas[area_ids.isin(ids)]
        missing = sorted(set(ids) - set(area_ids[area_ids.isin(ids)]))
        if missing:
            notes.append(
                f"Karte {group}: für {len(missing)} Planungsbereich(e) fehlt die Geometrie "
                f"({', '.join(missing)}); sie stehen nur in der Tabelle."
            )
        if planning.empty:
            continue
        if outlines is not None:
            # A Kreis that is itself a planning area here needs no extra line.
            layer = outlines[~outlines["id"].astype(str).isin(ids)]
        else:
            layer = None
        group_doctors = doctors
        if doctors is not None and "arztgruppe" in doctors:
            group_doctors = doctors[doctors["arztgruppe"] == group]
        svg = choropleth_svg(
            planning,
            rows.set_index(ids)["versorgungsgrad"],
            title=f"Karte: Versorgungsgrad {group} je Planungsbereich",
            tooltips=_map_tooltips(rows),
            outlines=layer,
            doctors=group_doctors,
            hospitals=hospitals,
            labels=len(planning) <= _MAX_LABELLED_AREAS,
        )
        maps.append(
            {
                "id": f"karte-{number + 1}",
                "group": group,
                "svg": _inline(svg),
                "synthetic": SYNTHETIC_LABEL in svg,
                "doctors": group_doctors is not None and not group_doctors.empty,
                "hospitals": hospitals is not None and not hospitals.empty,
            }
        )
    return maps, notes


def _chart_groups(prognose_summary: pd.DataFrame, groups: Sequence[str] | None) -> list[str]:
    if groups is not None:
        return list(groups)
    present = _group_order(prognose_summary["arztgruppe"])
    others = prognose_summary[prognose_summary["arztgruppe"] != _HAUSAERZTE]
    chosen = [_HAUSAERZTE] if _HAUSAERZTE in present else []
    if not others.empty and "versorgungsgrad_ende" in others:
        # The other group with the lowest expected end value shows the most pressing need.
        lowest = others.groupby("arztgruppe")["versorgungsgrad_ende"].min().idxmin()
        chosen.append(str(lowest))
    return chosen


def _charts(prognose_years: pd.DataFrame, prognose_summary: pd.DataFrame, groups) -> list[dict]:
    sections = []
    names = prognose_summary.drop_duplicates("planungsbereich").set_index("planungsbereich")["name"]
    for g_number, group in enumerate(groups):
        rows = prognose_years[prognose_years["arztgruppe"] == group]
        charts = []
        for a_number, (area, years) in enumerate(rows.groupby("planungsbereich", sort=False)):
            name = str(names.get(area, years["name"].iloc[0] if "name" in years else area))
            charts.append(
                {
                    "name": name,
                    "svg": _inline(
                        forecast_chart_svg(
                            years,
                            title=f"Prognose Versorgungsgrad {group}, {name}",
                            unterversorgung=_unterversorgung_mark(group),
                            element_id=f"d{g_number + 1}-{a_number + 1}",
                        )
                    ),
                }
            )
        if charts:
            mark = _unterversorgung_mark(group)
            sections.append({"group": group, "charts": charts, "mark": format_percent(mark, 0)})
    return sections


def _summary(bedarfsplanung: pd.DataFrame, prognose_summary: pd.DataFrame, end: Any) -> dict:
    counts = bedarfsplanung["status"].astype(str).value_counts()
    status = [
        {"label": s, "count": int(counts.get(s, 0)), "colour": _STATUS_COLOURS[s]}
        for s in STATUS_ORDER
    ]
    ha = bedarfsplanung[bedarfsplanung["arztgruppe"] == _HAUSAERZTE]
    ha_summary = prognose_summary[prognose_summary["arztgruppe"] == _HAUSAERZTE]
    figures = []
    if not ha.empty and "offene_sitze" in ha:
        figures.append(
            {
                "value": format_number(ha["offene_sitze"].sum(), 1),
                "label": "offene Hausarztsitze bis zur Sperrung",
                "detail": f"in {int((ha['offene_sitze'] > 0).sum())} von {len(ha)} "
                "Planungsbereichen",
            }
        )
    if not ha_summary.empty and "neue_aerzte_pro_jahr_fuer_ziel" in ha_summary:
        total = ha_summary.get("neue_aerzte_gesamt_fuer_ziel")
        figures.append(
            {
                "value": format_number(ha_summary["neue_aerzte_pro_jahr_fuer_ziel"].sum(), 1),
                "label": "Hausärztinnen und Hausärzte pro Jahr nötig, um 100 % zu halten",
                "detail": (
                    f"zusammen {format_number(total.sum(), 0)} bis {end}"
                    if total is not None
                    else ""
                ),
            }
        )
    if not ha_summary.empty and "erstes_jahr_unterversorgung" in ha_summary:
        years = pd.to_numeric(ha_summary["erstes_jahr_unterversorgung"], errors="coerce")
        if years.notna().any():
            first = ha_summary.loc[years.idxmin()]
            figures.append(
                {
                    "value": str(int(years.min())),
                    "label": "erstmals Unterversorgung (unter 75 %) bei Hausärzten erwartet",
                    "detail": f"in {first['name']}; insgesamt {int(years.notna().sum())} "
                    f"von {len(ha_summary)} Planungsbereichen bis {end}",
                }
            )
        else:
            figures.append(
                {
                    "value": "keine",
                    "label": "Unterversorgung bei Hausärzten erwartet",
                    "detail": f"in keinem Planungsbereich bis {end}",
                }
            )
    return {"status": status, "total": int(len(bedarfsplanung)), "figures": figures}


def _row_notes(bedarfsplanung: pd.DataFrame) -> tuple[list[int | None], list[str]]:
    """Number the distinct ``hinweis`` texts; each row points at its note."""
    if "hinweis" not in bedarfsplanung:
        return [None] * len(bedarfsplanung), []
    texts: list[str] = []
    numbers: list[int | None] = []
    for hint in bedarfsplanung["hinweis"]:
        if hint is None or pd.isna(hint) or not str(hint).strip():
            numbers.append(None)
            continue
        hint = str(hint).strip()
        if hint not in texts:
            texts.append(hint)
        numbers.append(texts.index(hint) + 1)
    return numbers, texts


def _meta_items(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    skip = {"quellen", "erstellt"}
    return [
        {
            "label": _META_LABELS.get(key, key.replace("_", " ").capitalize()),
            "value": _german_date(value),
        }
        for key, value in meta.items()
        if key not in skip and value not in (None, "")
    ]


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("gesundheitsregion", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename, so a failure never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _prepared(bedarfsplanung: pd.DataFrame, prognose_summary: pd.DataFrame):
    plan = bedarfsplanung.copy()
    for share in ("anteil_60plus", "anteil_65plus"):
        if share in plan:
            plan[share] = _share_percent(plan[share])
    plan["arztgruppe"] = plan["arztgruppe"].astype(str)
    summary = prognose_summary.copy()
    summary["arztgruppe"] = summary["arztgruppe"].astype(str)
    return plan, summary


def write_report(
    path: str | os.PathLike[str],
    *,
    title: str,
    bedarfsplanung: pd.DataFrame,
    prognose_years: pd.DataFrame,
    prognose_summary: pd.DataFrame,
    areas: gpd.GeoDataFrame,
    doctors: pd.DataFrame | None = None,
    hospitals: pd.DataFrame | None = None,
    notes: Sequence[str] = (),
    meta: Mapping[str, Any] | None = None,
    map_groups: Sequence[str] | None = None,
    chart_groups: Sequence[str] | None = None,
) -> Path:
    """Write the Bedarfsplanung report as one self-contained HTML file.

    The page needs no internet: CSS, maps and charts (SVG) and a few lines of JavaScript (sort
    tables, switch the map's Arztgruppe) are inside. Without JavaScript all maps stand one
    below the other; printing shows all of them too.

    Parameters
    ----------
    path
        Target file; missing folders are created. Written atomically.
    title
        Heading of the report.
    bedarfsplanung
        Result of the Bedarfsplanung, one row per Planungsbereich and Arztgruppe.
    prognose_years, prognose_summary
        Results of the forecast: one row per year, and one row per Planungsbereich and
        Arztgruppe.
    areas
        Areas of all levels (``id``, ``name``, ``art``, ``geometry`` in EPSG:4326). Planning
        areas are those whose ``id`` is a ``planungsbereich``; Gemeinden, Stadtteile and Kreise
        are drawn as thin lines for orientation.
    doctors
        Practices (``lon``, ``lat``, ``arztgruppe``, ``synthetisch``), drawn as dots on the map
        of their Arztgruppe. Synthetic practices are labelled as such.
    hospitals
        Hospitals (``name``, ``standort``, ``lon``, ``lat``), drawn as crosses.
    notes
        Assumptions and remarks, listed under "Hinweise und Annahmen".
    meta
        Shown in the header: ``regeln`` (Regelstand), ``stichtag``, ``daten`` and any other key;
        ``erstellt`` overrides today's date; ``quellen`` (list of texts) extends the sources.
    map_groups
        Arztgruppen with a map; default all, Hausärzte first.
    chart_groups
        Arztgruppen with forecast charts; default Hausärzte and the other group with the lowest
        expected Versorgungsgrad at the end.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> write_report("bericht.html", title="Versorgung Südwestsachsen",  # doctest: +SKIP
    ...              bedarfsplanung=bp, prognose_years=py, prognose_summary=ps, areas=gebiete)
    PosixPath('bericht.html')
    """
    meta = dict(meta or {})
    for name, table in (
        ("bedarfsplanung", bedarfsplanung),
        ("prognose_years", prognose_years),
        ("prognose_summary", prognose_summary),
        ("areas", areas),
    ):
        _require(table, name)
    plan, summary = _prepared(bedarfsplanung, prognose_summary)
    years = prognose_years.assign(arztgruppe=prognose_years["arztgruppe"].astype(str))
    end = int(years["jahr"].max()) if not years.empty else "Ende"
    row_notes, hints = _row_notes(plan)
    maps, map_notes = _maps(
        plan, areas, doctors, hospitals, list(map_groups or _group_order(plan["arztgruppe"]))
    )
    synthetic = any(m["synthetic"] for m in maps)
    summary_columns = tuple(
        (c, label.format(ende=end), kind) for c, label, kind in _SUMMARY_COLUMNS
    )
    context = {
        "title": title,
        "created": _german_date(meta.get("erstellt", date.today().isoformat())),
        "meta": _meta_items(meta),
        "summary": _summary(plan, summary, end),
        "maps": maps,
        "synthetic": synthetic,
        "plan_table": _table(plan, _PLAN_COLUMNS, row_notes),
        "groups": _group_order(plan["arztgruppe"]),
        "chart_sections": _charts(years, summary, _chart_groups(summary, chart_groups)),
        "summary_table": _table(summary, summary_columns),
        "end": end,
        "hints": hints,
        "notes": [*notes, *map_notes],
        "sources": [_SOURCE_BPL_RL, *[str(s) for s in meta.get("quellen", ())]],
    }
    target = Path(path)
    _write_atomically(target, _environment().get_template("report.html.j2").render(context))
    return target
