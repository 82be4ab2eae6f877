"""The map of partner sites as inline SVG: Kreis outlines from the open data, one linked dot
per organisation. No tiles, no scripts, no internet.

The Kreise drawn are those holding at least one partner (the region), or the Kreise of
``settings.REGISTRY_MAP_DEFAULT_LAND`` (Saxony, ``"14"``) when no partner lies in any Kreis.
Their outlines are projected, simplified and turned into path data once per selection and
kept; only the dots are drawn per request. Without boundary data the dots are drawn alone.
The drawing (frame, simplification, path data) is the library's, shared with the report:
:mod:`gesundheitsregion.report.svg`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import shapely
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gesundheitsregion.report.svg import Frame, path_data, simplified
from registry import geo

__all__ = ["partner_map_svg"]

_WIDTH = 800.0
_MAX_HEIGHT = 720.0
_PAD = 14.0
#: A single site has no extent; 20 km around it keeps the scale finite and sensible.
_MIN_EXTENT_M = 20_000.0


def _frame(minx: float, miny: float, maxx: float, maxy: float) -> Frame:
    return Frame.around(
        (minx, miny, maxx, maxy),
        width=_WIDTH,
        max_height=_MAX_HEIGHT,
        pad=_PAD,
        min_extent=_MIN_EXTENT_M,
    )


def _pixels(frame: Frame, x, y) -> np.ndarray:
    return frame.pixels(np.column_stack((np.asarray(x, float), np.asarray(y, float))))


@lru_cache(maxsize=32)
def _outlines(ags: tuple[str, ...], extra: tuple[float, float, float, float] | None):
    """Frame, ``(name, path data, in region)`` of the chosen Kreise and of their neighbours
    inside the frame; kept per selection."""
    areas = geo.kreise()
    chosen = np.isin(np.array(areas.ags), ags)
    minx, miny, maxx, maxy = shapely.total_bounds(areas.geometries[chosen])
    if extra is not None:
        minx, miny = min(minx, extra[0]), min(miny, extra[1])
        maxx, maxy = max(maxx, extra[2]), max(maxy, extra[3])
    frame = _frame(minx, miny, maxx, maxy)
    drawn = np.sort(areas.tree.query(frame.window, predicate="intersects"))
    # Simplified together, neighbours keep a common edge; about one SVG unit.
    data = path_data(simplified(areas.geometries[drawn], frame), frame)
    paths = tuple(
        (areas.names[i], d, bool(chosen[i])) for i, d in zip(drawn.tolist(), data, strict=True)
    )
    inside = drawn[chosen[drawn]]
    spots = shapely.point_on_surface(areas.geometries[inside])
    px = _pixels(frame, shapely.get_x(spots), shapely.get_y(spots)).tolist()
    labels = tuple((areas.names[i], x, y) for i, (x, y) in zip(inside.tolist(), px, strict=True))
    return frame, paths, labels


def _region(xy: np.ndarray) -> tuple[str, ...]:
    areas = geo.kreise()
    hits = areas.tree.query(shapely.points(xy), predicate="within")[1] if len(xy) else []
    if len(hits):
        return tuple(sorted({areas.ags[i] for i in np.unique(hits).tolist()}))
    land = getattr(settings, "REGISTRY_MAP_DEFAULT_LAND", "14")
    return tuple(sorted(a for a in areas.ags if a.startswith(land)))


def partner_map_svg(organisations: Iterable, title: str | None = None) -> SafeString:
    """An ``<svg>`` map with a linked dot per organisation that has coordinates.

    Every text that comes from the database is escaped here, so the result is marked safe.
    Approximate locations (postcode centroids) are drawn as rings, exact ones as dots.
    """
    title = title or _("Karte der Partnerstandorte")
    orgs = [o for o in organisations if o.lon is not None and o.lat is not None]
    lon = np.array([o.lon for o in orgs], dtype=float)
    lat = np.array([o.lat for o in orgs], dtype=float)
    x, y = geo.project(lon, lat) if orgs else (np.empty(0), np.empty(0))
    xy = np.column_stack((x, y))
    body: list[str] = []
    if geo.kreise() is not None:
        region = _region(xy)
        inside = _inside(region, xy)
        extra = tuple(_bounds(xy[inside])) if inside.any() else None
        frame, paths, labels = _outlines(region, extra)
        xy, orgs = xy[inside], [o for o, keep in zip(orgs, inside, strict=True) if keep]
        body.append('<g class="kreise" stroke="#6b7a75" stroke-width="1">')
        body += [
            f'<path d="{d}" fill="{"#e3eeea" if inside else "#f6f7f7"}">'
            f"<title>{html.escape(name)}</title></path>"
            for name, d, inside in paths
            if d
        ]
        body.append("</g>")
        body.append(
            '<g class="kreisnamen" font-size="13" fill="#3b4744" text-anchor="middle" '
            'stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke" '
            'aria-hidden="true">'
        )
        body += [
            f'<text x="{x:.0f}" y="{y:.0f}">{html.escape(name)}</text>' for name, x, y in labels
        ]
        body.append("</g>")
    elif len(xy):
        frame = _frame(*_bounds(xy))
    else:
        frame = _frame(0, 0, 1, 1)
    body += _dots(orgs, xy, frame)
    label = html.escape(title)
    # Every interpolated text is escaped above.
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="partner-karte" role="group" '
        f'aria-label="{label}" viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" '
        'font-family="system-ui, sans-serif">'
        f"<title>{label}</title>"
        "<style>.partner-karte a:focus circle,.partner-karte a:hover circle"
        "{stroke:#000;stroke-width:3;r:8}</style>" + "".join(body) + "</svg>"
    )


def _inside(region: tuple[str, ...], xy: np.ndarray) -> np.ndarray:
    """Points within the drawn Kreise, or within 3 km of them (sites on the border)."""
    if not len(xy):
        return np.zeros(0, bool)
    areas = geo.kreise()
    shape = shapely.buffer(
        shapely.union_all(areas.geometries[np.isin(np.array(areas.ags), region)]), 3000
    )
    return shapely.contains_xy(shape, xy[:, 0], xy[:, 1])


def _bounds(xy: np.ndarray) -> list[float]:
    return [*xy.min(axis=0).tolist(), *xy.max(axis=0).tolist()]


def _dots(orgs: list, xy: np.ndarray, frame: Frame) -> list[str]:
    if not orgs:
        return []
    px = frame.pixels(xy)
    out = ['<g class="standorte" stroke="#ffffff" stroke-width="1.5">']
    # Larger organisations first would hide small ones; draw in name order, dots are small.
    for org, (px_x, px_y) in zip(orgs, px.tolist(), strict=True):
        place = f" – {org.city}" if org.city else ""
        note = " " + _("(Lage ungefähr)") if org.location_approximate else ""
        tip = html.escape(f"{org.name}{place}{note}")
        fill = "#ffffff" if org.location_approximate else "#0b6e4f"
        stroke = ' stroke="#0b6e4f" stroke-width="2.5"' if org.location_approximate else ""
        out.append(
            f'<a href="{html.escape(org.get_absolute_url())}" aria-label="{tip}">'
            f'<circle cx="{px_x:.1f}" cy="{px_y:.1f}" r="6" fill="{fill}"{stroke}>'
            f"<title>{tip}</title></circle></a>"
        )
    out.append("</g>")
    return out
