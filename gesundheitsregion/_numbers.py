"""Numbers and colours as the report shows them: German formatting, Versorgungsgrad classes."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CLASS_BREAKS",
    "CLASS_COLOURS",
    "CLASS_LABELS",
    "MISSING_COLOUR",
    "class_colour",
    "classify",
    "format_number",
    "format_percent",
    "unterversorgung_mark",
]

#: Klassengrenzen des Versorgungsgrads in %: unter 50, 50 bis unter 75, 75 bis unter 100,
#: 100 bis 110 (Sperrgrenze eingeschlossen), über 110.
CLASS_BREAKS = (50.0, 75.0, 100.0, 110.0)
#: ColorBrewer RdBu (farbfehlsichtigkeitstauglich); die Mitte liegt zwischen 75–100 und 100–110.
CLASS_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#4393c3")
CLASS_LABELS = (
    "unter 50 %",
    "50 bis unter 75 %",
    "75 bis unter 100 %",
    "100 bis 110 %",
    "über 110 %",
)
MISSING_COLOUR = "#d9d9d9"

HAUSAERZTE = "Hausärzte"


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

    The classes are those of :data:`CLASS_LABELS`; 110 % itself is not yet gesperrt
    (Überversorgung means *über* 110 %, § 24 BPL-RL).

    Examples
    --------
    >>> classify([40, 50, 74.9, 100, 110, 110.1, float("nan")]).tolist()
    [0, 1, 1, 3, 3, 4, -1]
    """
    grade = np.asarray(values, dtype=float)
    klass = np.searchsorted(CLASS_BREAKS[:3], grade, side="right")
    klass = np.where(grade > CLASS_BREAKS[3], 4, klass)
    return np.where(np.isnan(grade), -1, klass)


def class_colour(klass: int) -> str:
    """Return the fill colour of a class from :func:`classify`."""
    return MISSING_COLOUR if klass < 0 else CLASS_COLOURS[klass]


def unterversorgung_mark(arztgruppe: str) -> float:
    """Return the Unterversorgung mark in %: 75 for Hausärzte, 50 for all Fachärzte (§ 29 S. 1).

    Examples
    --------
    >>> unterversorgung_mark("Hausärzte"), unterversorgung_mark("Augenärzte")
    (75.0, 50.0)
    """
    return 75.0 if arztgruppe == HAUSAERZTE else 50.0
