"""Numbers and colours as the report shows them: German formatting and map classes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from gesundheitsregion.rules import load_rules

__all__ = [
    "CLASS_BREAKS",
    "CLASS_COLOURS",
    "CLASS_LABELS",
    "FAHRZEIT",
    "MISSING_COLOUR",
    "SOLL",
    "UEBERVERSORGUNG",
    "UNTERVERSORGUNG_FACHAERZTE",
    "UNTERVERSORGUNG_HAUSAERZTE",
    "VERSORGUNGSGRAD",
    "Classification",
    "class_colour",
    "classify",
    "format_number",
    "format_percent",
    "unterversorgung_mark",
]

HAUSAERZTE = "Hausärzte"

# The legal thresholds come from the rule files (gesundheitsregion/rules/bpl_*.toml), the one
# place they are written; every version has the same ones (§ 24 and § 29 BPL-RL), so the newest
# version stands for all. tests/test_report.py checks that they agree.
_RULES = load_rules()
#: Unterversorgung below this Versorgungsgrad in % (§ 29 Satz 1 BPL-RL): hausärztlich 75.
UNTERVERSORGUNG_HAUSAERZTE = _RULES.versorgungsebenen["hausaerztlich"].unterversorgung
#: The same for every fachärztliche Versorgungsebene: 50.
UNTERVERSORGUNG_FACHAERZTE = _RULES.versorgungsebenen["allgemein_fachaerztlich"].unterversorgung
#: Überversorgung (gesperrt) above this Versorgungsgrad in % (§ 24 BPL-RL): 110.
UEBERVERSORGUNG = _RULES.ueberversorgung
#: Ist equals Soll at a Versorgungsgrad of 100 % (its definition, not a rule).
SOLL = 100.0


def _percent(value: float) -> str:
    return f"{value:g}".replace(".", ",") + " %"


#: Klassengrenzen des Versorgungsgrads in %: unter 50, 50 bis unter 75, 75 bis unter 100,
#: 100 bis 110 (Sperrgrenze eingeschlossen), über 110.
CLASS_BREAKS = (UNTERVERSORGUNG_FACHAERZTE, UNTERVERSORGUNG_HAUSAERZTE, SOLL, UEBERVERSORGUNG)
#: ColorBrewer RdBu (farbfehlsichtigkeitstauglich); die Mitte liegt zwischen 75–100 und 100–110.
CLASS_COLOURS = ("#b2182b", "#ef8a62", "#fddbc7", "#d1e5f0", "#4393c3")
CLASS_LABELS = (
    f"unter {_percent(CLASS_BREAKS[0])}",
    f"{CLASS_BREAKS[0]:g} bis unter {_percent(CLASS_BREAKS[1])}",
    f"{CLASS_BREAKS[1]:g} bis unter {_percent(CLASS_BREAKS[2])}",
    f"{CLASS_BREAKS[2]:g} bis {_percent(CLASS_BREAKS[3])}",
    f"über {_percent(CLASS_BREAKS[3])}",
)
MISSING_COLOUR = "#d9d9d9"


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


@dataclass(frozen=True)
class Classification:
    """Colour classes of a map: ``breaks`` split the values into ``len(breaks) + 1`` classes.

    Class *k* holds the values from ``breaks[k - 1]`` (included) up to ``breaks[k]``
    (excluded); the first class is open below, the last open above.

    Attributes
    ----------
    breaks
        Increasing class borders.
    colours
        Fill colour of each class, lowest first.
    labels
        Legend text of each class.
    title
        Legend heading and the value's name in the default tooltip, e.g. ``"Versorgungsgrad"``.
    unit
        Appended to a formatted value, e.g. ``" %"`` or ``" min"``.
    decimals
        Decimals of a formatted value.

    Examples
    --------
    >>> minutes = Classification((5.0, 10.0), ("#fee8c8", "#fdbb84", "#e34a33"),
    ...                          ("unter 5 min", "5 bis unter 10 min", "10 min und mehr"),
    ...                          title="Fahrzeit", unit=" min")
    >>> minutes.classify([0, 5, 9.9, 10, float("nan")]).tolist()
    [0, 1, 1, 2, -1]
    >>> minutes.format(7.25)
    '7,2 min'
    """

    breaks: tuple[float, ...]
    colours: tuple[str, ...]
    labels: tuple[str, ...]
    title: str
    unit: str = ""
    decimals: int = 1

    def __post_init__(self) -> None:
        if not len(self.colours) == len(self.labels) == len(self.breaks) + 1:
            raise ValueError(
                "Klassen: es braucht genau eine Farbe und eine Beschriftung mehr als Grenzen "
                f"({len(self.breaks)} Grenzen, {len(self.colours)} Farben, "
                f"{len(self.labels)} Beschriftungen)."
            )
        if np.any(np.diff(self.breaks) <= 0):
            raise ValueError(f"Klassen: die Grenzen {self.breaks} müssen aufsteigen.")

    def classify(self, values: Any) -> np.ndarray:
        """Return the class (0 … number of classes − 1) of each value, ``-1`` where missing."""
        numbers = np.asarray(values, dtype=float)
        klass = np.searchsorted(np.asarray(self.breaks, dtype=float), numbers, side="right")
        return np.where(np.isnan(numbers), -1, klass)

    def colour(self, klass: int) -> str:
        """Return the fill colour of a class from :meth:`classify`."""
        return MISSING_COLOUR if klass < 0 else self.colours[klass]

    def format(self, value: Any) -> str:
        """Format a value the German way with its unit (an en dash where missing)."""
        text = format_number(value, self.decimals)
        return text if text == "–" else f"{text}{self.unit}"


#: The Versorgungsgrad classes of :data:`CLASS_LABELS`. 110 % itself is not yet gesperrt
#: (Überversorgung means *über* 110 %, § 24 BPL-RL): the last border is the next float above
#: 110, so exactly 110 stays in the class below and every larger value lands above.
VERSORGUNGSGRAD = Classification(
    (*CLASS_BREAKS[:3], float(np.nextafter(CLASS_BREAKS[3], np.inf))),
    CLASS_COLOURS,
    CLASS_LABELS,
    title="Versorgungsgrad",
    unit=" %",
)

#: Car minutes to the nearest practice. ColorBrewer OrRd, a sequential scale (one hue from
#: light to dark, readable with colour vision deficiencies): the longer, the darker.
FAHRZEIT = Classification(
    (2.0, 4.0, 6.0, 8.0, 10.0),
    ("#fef0d9", "#fdd49e", "#fdbb84", "#fc8d59", "#e34a33", "#b30000"),
    (
        "unter 2 min",
        "2 bis unter 4 min",
        "4 bis unter 6 min",
        "6 bis unter 8 min",
        "8 bis unter 10 min",
        "10 min und mehr",
    ),
    title="Mittlere Pkw-Fahrzeit zur nächsten Hausarztpraxis",
    unit=" min",
)


def classify(values: Any) -> np.ndarray:
    """Return the colour class (0–4) of each Versorgungsgrad in %, ``-1`` where it is missing.

    The classes are those of :data:`CLASS_LABELS`; 110 % itself is not yet gesperrt
    (Überversorgung means *über* 110 %, § 24 BPL-RL).

    Examples
    --------
    >>> classify([40, 50, 74.9, 100, 110, 110.1, float("nan")]).tolist()
    [0, 1, 1, 3, 3, 4, -1]
    """
    return VERSORGUNGSGRAD.classify(values)


def class_colour(klass: int) -> str:
    """Return the fill colour of a class from :func:`classify`."""
    return VERSORGUNGSGRAD.colour(klass)


def unterversorgung_mark(arztgruppe: str) -> float:
    """Return the Unterversorgung mark in %: 75 for Hausärzte, 50 for all Fachärzte (§ 29 S. 1).

    Examples
    --------
    >>> unterversorgung_mark("Hausärzte"), unterversorgung_mark("Augenärzte")
    (75.0, 50.0)
    """
    return UNTERVERSORGUNG_HAUSAERZTE if arztgruppe == HAUSAERZTE else UNTERVERSORGUNG_FACHAERZTE
