"""The forecast of one Planungsbereich as an SVG line chart drawn with matplotlib."""

from __future__ import annotations

import hashlib
import html
import io
import re

import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from gesundheitsregion._numbers import (
    HAUSAERZTE,
    SOLL,
    UEBERVERSORGUNG,
    format_number,
    unterversorgung_mark,
)

__all__ = ["forecast_chart_svg", "forecast_y_range"]

ACCENT = "#1f5f99"
_RED = "#b2182b"
_STYLE = {
    "svg.fonttype": "none",  # text stays text: smaller, searchable, drawn in the page's font
    "svg.hashsalt": "gesundheitsregion",  # the same input gives the same file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 11,
    "axes.edgecolor": "#8a8a8a",
    "axes.labelcolor": "#333333",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}


def forecast_y_range(low: np.ndarray, high: np.ndarray, mark: float) -> tuple[float, float]:
    """Return a y range in % that shows the band, the Unterversorgung mark and 110 %.

    Charts of one Arztgruppe side by side should share it, so that heights compare.

    Examples
    --------
    >>> forecast_y_range([70.0], [104.0], 75.0)
    (60.0, 120.0)
    """
    bottom = np.nanmin(np.r_[np.asarray(low, float), mark]) - 5
    top = np.nanmax(np.r_[np.asarray(high, float), UEBERVERSORGUNG]) + 5
    return max(0.0, float(np.floor(bottom / 10) * 10)), float(np.ceil(top / 10) * 10)


def _first_year_below(jahr: np.ndarray, grade: np.ndarray, mark: float) -> int | None:
    below = np.flatnonzero(grade < mark)
    return int(jahr[below[0]]) if len(below) else None


def _reference_lines(ax, mark: float) -> None:
    lines = (
        (
            UEBERVERSORGUNG,
            "#2f6fae",
            (0, (5, 3)),
            f"{format_number(UEBERVERSORGUNG)} % Sperrgrenze",
        ),
        (SOLL, "#555555", "-", f"{format_number(SOLL)} %"),
        (mark, _RED, (0, (5, 3)), f"{format_number(mark)} % Unterversorgung"),
    )
    for level, colour, style, text in lines:
        ax.axhline(level, color=colour, linestyle=style, linewidth=1.1, zorder=1)
        ax.annotate(
            text,
            (1.0, level),
            xycoords=("axes fraction", "data"),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
            color=colour,
        )


def _mark_first_year(ax, jahr: np.ndarray, grade: np.ndarray, mark: float) -> None:
    first = _first_year_below(jahr, grade, mark)
    if first is None:
        return
    ax.axvline(first, color=_RED, linestyle=":", linewidth=1.5)
    left = first <= (jahr.min() + jahr.max()) / 2
    ax.annotate(
        f"ab {first} unter {format_number(mark)} %",
        (first, 1.0),
        xycoords=("data", "axes fraction"),
        xytext=(5 if left else -5, -4),
        textcoords="offset points",
        ha="left" if left else "right",
        va="top",
        fontsize=10.5,
        fontweight="bold",
        color=_RED,
        bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5},
    )


def _style_axes(ax, jahr: np.ndarray, y_range: tuple[float, float], legend: bool) -> None:
    ax.set_ylim(*y_range)
    ax.set_xlim(jahr.min(), jahr.max())
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=5, steps=[1, 2, 5, 10]))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))
    ax.set_ylabel("Versorgungsgrad in %")
    ax.grid(axis="y", color="#e8e8e8", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if legend:
        ax.legend(
            loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=10
        )


def _cleaned(svg: str, element_id: str, title: str) -> str:
    """Make matplotlib's SVG fit for inlining several times into one HTML page."""
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # matplotlib's global "*{…}" rule would restyle every other SVG on the page.
    svg = re.sub(r"<defs>\s*<style[^>]*>.*?</style>\s*</defs>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{element_id}-\1"', svg)
    svg = svg.replace("url(#", f"url(#{element_id}-").replace('href="#', f'href="#{element_id}-')
    label = html.escape(title)
    head, rest = svg.split(">", 1)
    head = head.replace("<svg ", f'<svg role="img" aria-label="{label}" class="diagramm-svg" ', 1)
    return f"{head}><title>{label}</title>{rest}"


def forecast_chart_svg(
    years: pd.DataFrame,
    *,
    title: str,
    unterversorgung: float | None = None,
    y_range: tuple[float, float] | None = None,
    legend: bool = True,
    element_id: str | None = None,
) -> str:
    """Draw the forecast of one Planungsbereich and Arztgruppe as an SVG line chart.

    The chart shows the expected Versorgungsgrad, the band from the 10th to the 90th
    percentile, lines at 110 % (Sperrgrenze), 100 % and the Unterversorgung mark, and marks
    the first year the expected value falls below that mark. Text stays text (no glyph paths).

    Parameters
    ----------
    years
        Rows of one Planungsbereich and Arztgruppe with ``jahr``, ``versorgungsgrad``,
        ``versorgungsgrad_p10`` and ``versorgungsgrad_p90`` (all in %).
    title
        Accessible name of the chart (``aria-label`` and ``<title>``).
    unterversorgung
        The mark in %; default 75 if ``arztgruppe`` is Hausärzte, otherwise 50 (§ 29 BPL-RL).
    y_range
        Limits of the y axis in %; default :func:`forecast_y_range` of this chart's data.
    legend
        Explain line and band below the chart.
    element_id
        Prefix for the SVG's internal ids so that several charts can share one HTML page;
        default derived from title and data.

    Returns
    -------
    str
        An ``<svg>`` element with ``role="img"``, scaled by its ``viewBox``.

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
        group = str(data["arztgruppe"].iloc[0]) if "arztgruppe" in data else HAUSAERZTE
        unterversorgung = unterversorgung_mark(group)
    jahr, grade, low, high = (
        data[c].to_numpy(float)
        for c in ("jahr", "versorgungsgrad", "versorgungsgrad_p10", "versorgungsgrad_p90")
    )
    if element_id is None:
        digest = hashlib.sha1(title.encode() + grade.tobytes(), usedforsecurity=False)
        element_id = "d" + digest.hexdigest()[:10]
    with rc_context(_STYLE):
        fig = Figure(figsize=(6.0, 3.2))
        ax = fig.add_subplot()
        ax.fill_between(
            jahr, low, high, color=ACCENT, alpha=0.18, linewidth=0, label="10.–90. Perzentil"
        )
        ax.plot(jahr, grade, color=ACCENT, linewidth=2.6, label="erwarteter Versorgungsgrad")
        _reference_lines(ax, unterversorgung)
        _mark_first_year(ax, jahr, grade, unterversorgung)
        _style_axes(ax, jahr, y_range or forecast_y_range(low, high, unterversorgung), legend)
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return _cleaned(buffer.getvalue(), element_id, title)
