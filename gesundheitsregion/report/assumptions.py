"""What a forecast assumes about new doctors, in words for the report and the command line.

A forecast without a recruitment scenario lets every doctor who leaves go unreplaced; the
reader must see that next to each curve, or a falling line reads as a prediction rather than
as the case of doing nothing.

Examples
--------
>>> forecast_assumption(None)
'ohne Nachbesetzung und ohne Neuzulassungen'
>>> forecast_assumption(8)
'mit 8 Neuzulassungen je Jahr in jedem Planungsbereich und jeder Arztgruppe'
"""

from __future__ import annotations

from typing import Any

from gesundheitsregion._numbers import format_number

__all__ = ["NO_RECRUITMENT", "forecast_assumption"]

#: The assumption of a forecast without a recruitment scenario.
NO_RECRUITMENT = "ohne Nachbesetzung und ohne Neuzulassungen"


def _count(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def _from_year(row: Any) -> str:
    year = row.get("ab_jahr")
    try:
        return f" ab {int(year)}"
    except (TypeError, ValueError):  # missing (NA) or empty: from the year after the start
        return ""


def forecast_assumption(
    recruitment: Any = None,
    *,
    planungsbereich: str | None = None,
    arztgruppe: str | None = None,
    source: str | None = None,
) -> str:
    """The recruitment a forecast assumes, in German words.

    Parameters
    ----------
    recruitment
        As passed to :func:`gesundheitsregion.prognose.forecast`: ``None`` or 0 (no new
        doctors), a number per year for every Planungsbereich and Arztgruppe, or a table
        ``planungsbereich``, ``arztgruppe``, ``neue_aerzte_pro_jahr``, optional ``ab_jahr``.
    planungsbereich, arztgruppe
        Describe one chart (one Planungsbereich of one Arztgruppe) rather than the whole
        forecast.
    source
        The file name of a recruitment table, for the text of the whole forecast.

    Examples
    --------
    >>> import pandas as pd
    >>> plan = pd.DataFrame({"planungsbereich": ["0315"], "arztgruppe": ["Hausärzte"],
    ...                      "neue_aerzte_pro_jahr": [1.5], "ab_jahr": [2026]})
    >>> forecast_assumption(plan, planungsbereich="0315", arztgruppe="Hausärzte")
    'mit 1,5 Neuzulassungen je Jahr ab 2026'
    >>> forecast_assumption(plan, planungsbereich="0316", arztgruppe="Hausärzte")
    'ohne Nachbesetzung und ohne Neuzulassungen'
    >>> for part in forecast_assumption(plan, source="rekrutierung.csv").split("; "):
    ...     print(part)
    mit 1,5 Neuzulassungen je Jahr ab 2026 für Hausärzte in 0315 (rekrutierung.csv)
    sonst ohne Nachbesetzung und ohne Neuzulassungen
    """
    if recruitment is None:
        return NO_RECRUITMENT
    if not hasattr(recruitment, "columns"):
        if not float(recruitment):
            return NO_RECRUITMENT
        every = "" if planungsbereich else " in jedem Planungsbereich und jeder Arztgruppe"
        return f"mit {_count(recruitment)} Neuzulassungen je Jahr{every}"
    rows = recruitment[recruitment["neue_aerzte_pro_jahr"].astype(float) > 0]
    if planungsbereich is not None:
        rows = rows[
            (rows["planungsbereich"].astype(str) == str(planungsbereich))
            & (rows["arztgruppe"].astype(str) == str(arztgruppe))
        ]
        if rows.empty:
            return NO_RECRUITMENT
        row = rows.iloc[0]
        return f"mit {_count(row['neue_aerzte_pro_jahr'])} Neuzulassungen je Jahr{_from_year(row)}"
    if rows.empty:
        return NO_RECRUITMENT
    named = f" ({source})" if source else ""
    if len(rows) == 1:
        row = rows.iloc[0]
        scenario = (
            f"mit {_count(row['neue_aerzte_pro_jahr'])} Neuzulassungen je Jahr{_from_year(row)} "
            f"für {row['arztgruppe']} in {row['planungsbereich']}{named}"
        )
    else:
        total = rows["neue_aerzte_pro_jahr"].astype(float).sum()
        scenario = (
            f"mit Neuzulassungen nach der Rekrutierungstabelle{named}: zusammen "
            f"{_count(total)} je Jahr in {len(rows)} Kombinationen aus Planungsbereich und "
            "Arztgruppe"
        )
    return f"{scenario}; sonst {NO_RECRUITMENT}"
