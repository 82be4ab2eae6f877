"""Reports: the self-contained HTML report and the SVG drawings it is made of.

- :mod:`gesundheitsregion.report.html`: :func:`write_report`, the Bedarfsplanung report as one
  HTML file that works without internet.
- :mod:`gesundheitsregion.report.choropleth`: :func:`choropleth_svg`, a map of areas coloured by
  a classification, with doctors, hospitals and markers.
- :mod:`gesundheitsregion.report.forecast_chart`: :func:`forecast_chart_svg`, the Versorgungsgrad
  of the coming years with its band.
- :mod:`gesundheitsregion.report.assumptions`: :func:`forecast_assumption`, what a forecast
  assumes about new doctors, in words (shown next to every chart and by ``prognose``).
- :mod:`gesundheitsregion.report.svg`: the drawing under every map (``Frame``, ``simplified``,
  ``path_data``), needing only numpy and shapely; the platform's partner map uses it too.

The colour scale of the Versorgungsgrad is diverging and centred on 100 %, with the breaks
50 / 75 / 100 / 110 % of the Bedarfsplanungs-Richtlinie (:data:`VERSORGUNGSGRAD`).

The names below are importable from this package directly; each submodule is loaded on first
use, so that importing the package (as the platform does) costs nothing.

Examples
--------
>>> from gesundheitsregion.report import classify
>>> classify([40, 80, 105, 120]).tolist()
[0, 2, 3, 4]
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = [
    "CLASS_BREAKS",
    "CLASS_COLOURS",
    "CLASS_LABELS",
    "FAHRZEIT",
    "MISSING_COLOUR",
    "NO_RECRUITMENT",
    "STATUS_ORDER",
    "SYNTHETIC_LABEL",
    "VERSORGUNGSGRAD",
    "Classification",
    "Markers",
    "choropleth_svg",
    "classify",
    "forecast_assumption",
    "forecast_chart_svg",
    "format_number",
    "format_percent",
    "write_report",
]

_HOME = {
    "STATUS_ORDER": "gesundheitsregion.report.html",
    "write_report": "gesundheitsregion.report.html",
    "SYNTHETIC_LABEL": "gesundheitsregion.report.choropleth",
    "Markers": "gesundheitsregion.report.choropleth",
    "choropleth_svg": "gesundheitsregion.report.choropleth",
    "forecast_chart_svg": "gesundheitsregion.report.forecast_chart",
    "NO_RECRUITMENT": "gesundheitsregion.report.assumptions",
    "forecast_assumption": "gesundheitsregion.report.assumptions",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(_HOME.get(name, "gesundheitsregion._numbers"))
    return getattr(module, name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
