"""The Bedarfsplanung report as one self-contained HTML file.

:func:`write_report` writes a report for the network office and policy makers that works
without internet: styles, maps (SVG), charts (SVG from matplotlib) and a few lines of JavaScript
for sorting and switching are inside the file. The building blocks :func:`choropleth_svg` and
:func:`forecast_chart_svg` are public so that the platform can reuse them.

The colour scale of the Versorgungsgrad is diverging and centred on 100 %, with the breaks
50 / 75 / 100 / 110 % of the Bedarfsplanungs-Richtlinie (Unterversorgung Fachärzte,
Unterversorgung Hausärzte, Soll, Sperrgrenze).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import jinja2
import pandas as pd
from markupsafe import Markup

from gesundheitsregion._choropleth import SYNTHETIC_LABEL, choropleth_svg
from gesundheitsregion._forecast_chart import forecast_chart_svg, forecast_y_range
from gesundheitsregion._numbers import (
    CLASS_BREAKS,
    CLASS_COLOURS,
    CLASS_LABELS,
    HAUSAERZTE,
    MISSING_COLOUR,
    classify,
    format_number,
    format_percent,
    unterversorgung_mark,
)

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

STATUS_ORDER = (
    "Unterversorgung",
    "drohende Unterversorgung",
    "Regelversorgung",
    "Überversorgung (gesperrt)",
)
_STATUS_COLOURS = dict(zip(STATUS_ORDER, ("#b2182b", "#e0703c", "#8a8a8a", "#2f6fae"), strict=True))
#: With more planning areas than this the map labels would crowd each other out.
_MAX_LABELLED_AREAS = 40
_SOURCE_BPL_RL = (
    "Gemeinsamer Bundesausschuss: Richtlinie über die Bedarfsplanung sowie die Maßstäbe zur "
    "Feststellung von Überversorgung und Unterversorgung in der vertragsärztlichen Versorgung "
    "(Bedarfsplanungs-Richtlinie), https://www.g-ba.de/richtlinien/4/"
)
_REQUIRED = {
    "bedarfsplanung": ("planungsbereich", "name", "arztgruppe", "versorgungsgrad", "status"),
    "prognose_years": (
        "jahr",
        "planungsbereich",
        "arztgruppe",
        "versorgungsgrad",
        "versorgungsgrad_p10",
        "versorgungsgrad_p90",
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
#: (column, header, format); format is "text", "status", "pct", "year" or the number of
#: decimals. Soft hyphens (\u00ad) let long German headers break at a syllable.
_PLAN_COLUMNS = (
    ("name", "Planungsbereich", "text"),
    ("einwohner", "Einwohner", "0"),
    ("verhaeltniszahl", "Verhältnis\u00adzahl", "0"),
    ("soll", "Soll", "1"),
    ("ist", "Ist", "1"),
    ("versorgungsgrad", "Versorgungs\u00adgrad", "pct"),
    ("status", "Status", "status"),
    ("offene_sitze", "Offene Sitze", "1"),
    ("anteil_60plus", "Anteil Ärzte ab 60", "pct"),
    ("versorgungsgrad_ohne_65plus", "Versorgungs\u00adgrad ohne Ärzte ab 65", "pct"),
)
_SUMMARY_COLUMNS = (
    ("name", "Planungsbereich", "text"),
    ("versorgungsgrad_heute", "Versorgungs\u00adgrad heute", "pct"),
    ("versorgungsgrad_ende", "Versorgungs\u00adgrad {end}", "pct"),
    ("erstes_jahr_unter_100", "unter 100\u00a0% ab", "year"),
    ("erstes_jahr_unterversorgung", "Unter\u00adversorgung ab (erwartet)", "year"),
    ("erstes_jahr_unterversorgung_p10", "Unter\u00adversorgung ab (ungünstig)", "year"),
    ("abgaenge_erwartet", "Erwartete Abgänge bis {end}", "1"),
    ("neue_aerzte_pro_jahr_fuer_ziel", "Neue Ärzte pro Jahr für 100\u00a0%", "1"),
    ("neue_aerzte_gesamt_fuer_ziel", "Neue Ärzte bis {end} für 100\u00a0%", "1"),
)


# --------------------------------------------------------------------------------------------
# Kleine Helfer


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
    """Shares may come as fractions (0.33) or in percent (33.0); the report shows percent."""
    numbers = pd.to_numeric(series, errors="coerce")
    return numbers * 100 if numbers.max(skipna=True) <= 1.0 else numbers


def _group_order(groups) -> list[str]:
    """Distinct Arztgruppen in input order, Hausärzte first."""
    unique = list(dict.fromkeys(str(g) for g in groups))
    return sorted(unique, key=lambda g: (g != HAUSAERZTE, unique.index(g)))


def _inline(svg: str) -> Markup:
    """Inline SVG in HTML needs no namespace declarations; the page then names no URL at all."""
    return Markup(re.sub(r'\sxmlns(:\w+)?="[^"]*"', "", svg))


# --------------------------------------------------------------------------------------------
# Tabellen


def _cell(value: Any, kind: str) -> dict[str, Any]:
    missing = value is None or pd.isna(value)
    if kind == "status":
        text = "–" if missing else str(value)
        rank = STATUS_ORDER.index(text) if text in STATUS_ORDER else len(STATUS_ORDER)
        return {
            "text": text,
            "sort": str(rank),
            "numeric": False,
            "status": _STATUS_COLOURS.get(text, "#8a8a8a"),
        }
    if kind == "text":
        text = "–" if missing else str(value)
        return {"text": text, "sort": text, "numeric": False}
    if kind == "pct":
        text = format_percent(value)
    elif kind == "year":
        text = "–" if missing else str(int(value))
    else:
        text = format_number(value, int(kind))
    return {"text": text, "sort": "" if missing else repr(float(value)), "numeric": True}


def _table(frame: pd.DataFrame, columns, row_notes: Sequence[int | None] = ()) -> dict:
    present = [c for c in columns if c[0] in frame.columns]
    header = [
        {"label": label, "numeric": kind not in ("text", "status")} for _, label, kind in present
    ]
    rows = []
    for i, record in enumerate(frame.to_dict("records")):
        rows.append(
            {
                "cells": [_cell(record[col], kind) for col, _, kind in present],
                "group": str(record.get("arztgruppe", "")),
                "note": row_notes[i] if i < len(row_notes) else None,
            }
        )
    return {"header": header, "rows": rows}


def _group_tables(frame, columns, groups, prefix, row_notes=()) -> list[dict]:
    """One table per Arztgruppe; ``row_notes`` is aligned with the rows of ``frame``."""
    notes = pd.Series(list(row_notes) or [None] * len(frame), dtype=object)
    tables = []
    for number, group in enumerate(groups, start=1):
        mask = (frame["arztgruppe"] == group).to_numpy()
        if mask.any():
            table = _table(frame[mask], columns, notes[mask].tolist())
            tables.append({"id": f"{prefix}-{number}", "group": group, "table": table})
    return tables


def _row_notes(bedarfsplanung: pd.DataFrame) -> tuple[list[int | None], list[str]]:
    """Number the distinct ``hinweis`` texts; each row points at its note."""
    if "hinweis" not in bedarfsplanung:
        return [], []
    texts: list[str] = []
    numbers: list[int | None] = []
    for hint in bedarfsplanung["hinweis"]:
        hint = "" if hint is None or pd.isna(hint) else str(hint).strip()
        if hint and hint not in texts:
            texts.append(hint)
        numbers.append(texts.index(hint) + 1 if hint else None)
    return numbers, texts


# --------------------------------------------------------------------------------------------
# Karten und Diagramme


def _map_tooltips(rows: pd.DataFrame) -> dict[str, str]:
    tips = {}
    for record in rows.to_dict("records"):
        lines = [
            str(record["name"]),
            f"Versorgungsgrad: {format_percent(record['versorgungsgrad'])}",
            f"Status: {record['status']}",
        ]
        if "offene_sitze" in record:
            seats = format_number(record["offene_sitze"], 1)
            lines.append(f"Offene Sitze bis zur Sperrung: {seats}")
        tips[str(record["planungsbereich"])] = "\n".join(lines)
    return tips


def _group_rows(bedarfsplanung: pd.DataFrame, group: str) -> pd.DataFrame:
    rows = bedarfsplanung[bedarfsplanung["arztgruppe"] == group]
    twice = rows.loc[rows["planungsbereich"].duplicated(), "planungsbereich"]
    if not twice.empty:
        raise ValueError(
            f"Bericht: Planungsbereich {twice.iloc[0]} steht für {group} mehrfach in der "
            "Bedarfsplanung; je Planungsbereich und Arztgruppe ist eine Zeile erlaubt."
        )
    return rows


def _map(number, group, rows, areas, doctors, hospitals) -> tuple[dict | None, str | None]:
    ids = rows["planungsbereich"].astype(str)
    area_ids = areas["id"].astype(str)
    planning = areas[area_ids.isin(ids)]
    missing = sorted(set(ids) - set(area_ids))
    note = None
    if missing:
        note = (
            f"Karte {group}: für {len(missing)} Planungsbereich(e) fehlt die Geometrie "
            f"({', '.join(missing)}); sie stehen nur in der Tabelle."
        )
    if planning.empty:
        return None, note
    outlines = None
    if "art" in areas:
        # A Kreis that is itself a planning area of this group needs no extra line.
        orientation = areas["art"].isin(["Gemeinde", "Stadtteil", "Kreis"]) & ~area_ids.isin(ids)
        outlines = areas[orientation]
    if doctors is not None and "arztgruppe" in doctors:
        doctors = doctors[doctors["arztgruppe"].astype(str) == group]
    svg = choropleth_svg(
        planning,
        rows.set_index(ids)["versorgungsgrad"],
        title=f"Karte: Versorgungsgrad {group} je Planungsbereich",
        tooltips=_map_tooltips(rows),
        outlines=outlines,
        doctors=doctors,
        hospitals=hospitals,
        labels=len(planning) <= _MAX_LABELLED_AREAS,
    )
    entry = {
        "id": f"karte-{number}",
        "group": group,
        "svg": _inline(svg),
        "synthetic": SYNTHETIC_LABEL in svg,
        "doctors": 'class="praxen"' in svg,
        "hospitals": 'class="krankenhaeuser"' in svg,
        "outlines": 'class="gemeinden"' in svg,
    }
    return entry, note


def _maps(bedarfsplanung, areas, doctors, hospitals, groups) -> tuple[list[dict], list[str]]:
    maps, notes = [], []
    for number, group in enumerate(groups, start=1):
        rows = _group_rows(bedarfsplanung, group)
        entry, note = _map(number, group, rows, areas, doctors, hospitals)
        maps += [entry] if entry else []
        notes += [note] if note else []
    return maps, notes


def _chart_groups(prognose_summary: pd.DataFrame, groups: Sequence[str] | None) -> list[str]:
    if groups is not None:
        return list(groups)
    present = _group_order(prognose_summary["arztgruppe"])
    chosen = [HAUSAERZTE] if HAUSAERZTE in present else []
    others = prognose_summary[prognose_summary["arztgruppe"] != HAUSAERZTE]
    if "versorgungsgrad_ende" in others and others["versorgungsgrad_ende"].notna().any():
        # The other group with the lowest expected end value shows the most pressing need.
        chosen.append(str(others.groupby("arztgruppe")["versorgungsgrad_ende"].min().idxmin()))
    return chosen


def _chart_section(number: int, group: str, rows: pd.DataFrame, names: pd.Series) -> dict:
    mark = unterversorgung_mark(group)
    y_range = forecast_y_range(rows["versorgungsgrad_p10"], rows["versorgungsgrad_p90"], mark)
    charts = []
    for index, (area, years) in enumerate(rows.groupby("planungsbereich", sort=False), start=1):
        fallback = years["name"].iloc[0] if "name" in years else area
        name = str(names.get(area, fallback))
        svg = forecast_chart_svg(
            years,
            title=f"Prognose des Versorgungsgrads, {group}, {name}",
            unterversorgung=mark,
            y_range=y_range,
            legend=False,
            element_id=f"d{number}-{index}",
        )
        charts.append({"name": name, "svg": _inline(svg)})
    return {"group": group, "charts": charts, "mark": format_percent(mark, 0)}


def _charts(years: pd.DataFrame, summary: pd.DataFrame, groups: list[str]) -> list[dict]:
    names = summary.drop_duplicates("planungsbereich").set_index("planungsbereich")["name"]
    sections = []
    for number, group in enumerate(groups, start=1):
        rows = years[years["arztgruppe"] == group]
        if not rows.empty:
            sections.append(_chart_section(number, group, rows, names))
    return sections


# --------------------------------------------------------------------------------------------
# Überblick


def _open_seats(plan: pd.DataFrame) -> dict | None:
    if plan.empty or "offene_sitze" not in plan:
        return None
    with_seats = int((plan["offene_sitze"] > 0).sum())
    return {
        "value": format_number(plan["offene_sitze"].sum(), 1),
        "label": "offene Hausarztsitze bis zur Sperrung",
        "detail": f"in {with_seats} von {len(plan)} Planungsbereichen",
    }


def _needed_per_year(summary: pd.DataFrame, end: Any) -> dict | None:
    if summary.empty or "neue_aerzte_pro_jahr_fuer_ziel" not in summary:
        return None
    detail = ""
    if "neue_aerzte_gesamt_fuer_ziel" in summary:
        total = format_number(summary["neue_aerzte_gesamt_fuer_ziel"].sum())
        detail = f"zusammen {total} bis {end}"
    return {
        "value": format_number(summary["neue_aerzte_pro_jahr_fuer_ziel"].sum(), 1),
        "label": "Hausärztinnen und Hausärzte pro Jahr nötig, um 100\u00a0% zu halten",
        "detail": detail,
    }


def _first_shortage(summary: pd.DataFrame, end: Any) -> dict | None:
    if summary.empty or "erstes_jahr_unterversorgung" not in summary:
        return None
    years = pd.to_numeric(summary["erstes_jahr_unterversorgung"], errors="coerce")
    if years.isna().all():
        return {
            "value": "keine",
            "label": "Unterversorgung bei Hausärzten erwartet",
            "detail": f"in keinem Planungsbereich bis {end}",
        }
    first = summary.loc[years.idxmin()]
    return {
        "value": str(int(years.min())),
        "label": "erstmals Unterversorgung (unter 75\u00a0%) bei Hausärzten erwartet",
        "detail": f"in {first['name']}; bis {end} in {int(years.notna().sum())} "
        f"von {len(summary)} Planungsbereichen",
    }


def _overview(plan: pd.DataFrame, summary: pd.DataFrame, end: Any) -> dict:
    counts = plan["status"].astype(str).value_counts()
    status = [
        {"label": s, "count": int(counts.get(s, 0)), "colour": _STATUS_COLOURS[s]}
        for s in STATUS_ORDER
    ]
    ha_plan = plan[plan["arztgruppe"] == HAUSAERZTE]
    ha_summary = summary[summary["arztgruppe"] == HAUSAERZTE]
    figures = [
        _open_seats(ha_plan),
        _needed_per_year(ha_summary, end),
        _first_shortage(ha_summary, end),
    ]
    return {
        "status": status,
        "total": len(plan),
        "figures": [f for f in figures if f is not None],
    }


# --------------------------------------------------------------------------------------------
# Schreiben


def _meta_items(meta: Mapping[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "label": _META_LABELS.get(key, key.replace("_", " ").capitalize()),
            "value": _german_date(value),
        }
        for key, value in meta.items()
        if key not in ("quellen", "erstellt") and value not in (None, "")
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
    """Write beside the target and rename, so that a failure never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _prepared(bedarfsplanung, prognose_years, prognose_summary):
    plan = bedarfsplanung.assign(arztgruppe=bedarfsplanung["arztgruppe"].astype(str))
    for share in ("anteil_60plus", "anteil_65plus"):
        if share in plan:
            plan[share] = _share_percent(plan[share])
    years = prognose_years.assign(arztgruppe=prognose_years["arztgruppe"].astype(str))
    summary = prognose_summary.assign(arztgruppe=prognose_summary["arztgruppe"].astype(str))
    return plan, years, summary


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

    The page loads nothing from elsewhere. Without JavaScript all maps stand one below the
    other and the tables keep their order; printing shows every map.

    Parameters
    ----------
    path
        Target file; missing folders are created. The file is replaced atomically.
    title
        Heading of the report.
    bedarfsplanung
        One row per Planungsbereich and Arztgruppe, as the Bedarfsplanung computes it.
    prognose_years, prognose_summary
        The forecast: one row per year, and one row per Planungsbereich and Arztgruppe.
    areas
        Areas of all levels with ``id``, ``name``, ``art`` and ``geometry`` (EPSG:4326).
        Planning areas are those whose ``id`` is a ``planungsbereich``; Gemeinden, Stadtteile
        and Kreise are drawn as thin lines for orientation.
    doctors
        Practices (``lon``, ``lat``, ``arztgruppe``, ``synthetisch``), drawn as dots on the
        map of their Arztgruppe; synthetic ones are labelled "synthetische Praxisstandorte
        (Demo)".
    hospitals
        Hospitals (``name``, ``standort``, ``lon``, ``lat``), drawn as crosses.
    notes
        Assumptions and remarks, listed under "Hinweise und Annahmen".
    meta
        Shown in the header: ``regeln`` (Regelstand), ``stichtag``, ``daten`` and any other
        key. ``erstellt`` replaces today's date; ``quellen`` (texts) extends the sources.
    map_groups
        Arztgruppen with a map; default all, Hausärzte first.
    chart_groups
        Arztgruppen with forecast charts; default Hausärzte and the other Arztgruppe with the
        lowest expected Versorgungsgrad at the end.

    Returns
    -------
    Path
        The written file.

    Examples
    --------
    >>> write_report(  # doctest: +SKIP
    ...     "bericht.html", title="Ärztliche Versorgung in Südwestsachsen",
    ...     bedarfsplanung=bp, prognose_years=jahre, prognose_summary=prognose, areas=gebiete,
    ... )
    PosixPath('bericht.html')
    """
    meta = dict(meta or {})
    tables = {
        "bedarfsplanung": bedarfsplanung,
        "prognose_years": prognose_years,
        "prognose_summary": prognose_summary,
        "areas": areas,
    }
    for name, table in tables.items():
        _require(table, name)
    plan, years, summary = _prepared(bedarfsplanung, prognose_years, prognose_summary)
    end = int(years["jahr"].max()) if not years.empty else "zum Ende"
    groups = _group_order(plan["arztgruppe"])
    maps, map_notes = _maps(plan, areas, doctors, hospitals, list(map_groups or groups))
    row_notes, hints = _row_notes(plan)
    summary_columns = [(c, label.format(end=end), kind) for c, label, kind in _SUMMARY_COLUMNS]
    context = {
        "title": title,
        "created": _german_date(meta.get("erstellt", date.today().isoformat())),
        "meta": _meta_items(meta),
        "overview": _overview(plan, summary, end),
        "maps": maps,
        "synthetic": any(m["synthetic"] for m in maps),
        "plan_tables": _group_tables(plan, _PLAN_COLUMNS, groups, "bedarf", row_notes),
        "chart_sections": _charts(years, summary, _chart_groups(summary, chart_groups)),
        "summary_tables": _group_tables(
            summary, summary_columns, _group_order(summary["arztgruppe"]), "prognose"
        ),
        "end": end,
        "hints": hints,
        "notes": [str(n) for n in [*notes, *map_notes]],
        "sources": [_SOURCE_BPL_RL, *(str(s) for s in meta.get("quellen", ()))],
    }
    target = Path(path)
    _write_atomically(target, _environment().get_template("report.html.j2").render(context))
    return target
