"""The Bedarfsplanung report as one self-contained HTML file.

:func:`write_report` writes a report for the network office and policy makers that works
without internet: styles, maps (SVG), charts (SVG from matplotlib) and a few lines of JavaScript
for sorting and switching are inside the file. Its drawings come from
:mod:`gesundheitsregion.report.choropleth` and :mod:`gesundheitsregion.report.forecast_chart`.

The colour scale of the Versorgungsgrad is diverging and centred on 100 %, with the breaks
50 / 75 / 100 / 110 % of the Bedarfsplanungs-Richtlinie (Unterversorgung Fachärzte,
Unterversorgung Hausärzte, Soll, Sperrgrenze). The optional section "Erreichbarkeit" maps the
car minutes to the nearest Hausarzt on a sequential scale (2 / 4 / 6 / 8 / 10 minutes) and
lists the worst-served areas and recommended sites for new practices.
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

from gesundheitsregion._numbers import (
    FAHRZEIT,
    HAUSAERZTE,
    SOLL,
    UEBERVERSORGUNG,
    UNTERVERSORGUNG_FACHAERZTE,
    UNTERVERSORGUNG_HAUSAERZTE,
    format_number,
    format_percent,
    unterversorgung_mark,
)
from gesundheitsregion.report.assumptions import forecast_assumption
from gesundheitsregion.report.choropleth import SYNTHETIC_LABEL, Markers, choropleth_svg
from gesundheitsregion.report.forecast_chart import forecast_chart_svg, forecast_y_range
from gesundheitsregion.standorte import BOUND_KINDS

__all__ = ["STATUS_ORDER", "write_report"]

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
    "erreichbarkeit": ("gebiet", "name", "einwohner", "minuten_naechste_praxis"),
    "standorte": ("rang", "lon", "lat", "neu_versorgte_einwohner", "kumuliert"),
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
    ("neue_aerzte_erstes_jahr_fuer_ziel", "Neue Ärzte im ersten Jahr für 100\u00a0%", "1"),
    ("neue_aerzte_gesamt_fuer_ziel", "Neue Ärzte bis {end} für 100\u00a0%", "1"),
)

_METHODS = {
    "exakt": "exakt: ganzzahliges Modell, gelöst bis zum Beweis der Optimalität (HiGHS)",
    "heuristik": "Heuristik (Greedy mit Austausch)",
}
#: Rows of the table of the worst-served Gemeinden and Stadtteile.
_WORST_SERVED = 15
_ACCESS_COLUMNS = (
    ("name", "Gemeinde bzw. Stadtteil", "text"),
    ("kreis_name", "Kreis", "text"),
    ("einwohner", "Einwohner", "0"),
    ("minuten_naechste_praxis", "Minuten zur nächsten Praxis (Mittel)", "1"),
    ("anteil_ueber_5_min", "über 5\u00a0min", "pct"),
    ("anteil_ueber_10_min", "über 10\u00a0min", "pct"),
    ("anteil_ueber_15_min", "über 15\u00a0min", "pct"),
    ("hausaerzte_je_100000", "Haus\u00adärzte je 100.000 (E2SFCA)", "1"),
)
_SITE_COLUMNS = (
    ("rang", "Rang", "text"),
    ("lage", "Lage", "text"),
    ("kreis_name", "Kreis", "text"),
    ("neu_versorgte_einwohner", "neu versorgte Einwohner", "0"),
    ("kumuliert", "kumuliert", "0"),
    ("anteil_neu_versorgt", "Anteil der bisher nicht Versorgten (kumuliert)", "pct"),
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


def _chart_section(
    number: int, group: str, rows: pd.DataFrame, names: pd.Series, recruitment
) -> dict:
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
        assumption = forecast_assumption(recruitment, planungsbereich=area, arztgruppe=group)
        charts.append({"name": name, "svg": _inline(svg), "assumption": assumption})
    return {"group": group, "charts": charts, "mark": format_percent(mark, 0)}


def _charts(
    years: pd.DataFrame, summary: pd.DataFrame, groups: list[str], recruitment=None
) -> list[dict]:
    names = summary.drop_duplicates("planungsbereich").set_index("planungsbereich")["name"]
    sections = []
    for number, group in enumerate(groups, start=1):
        rows = years[years["arztgruppe"] == group]
        if not rows.empty:
            sections.append(_chart_section(number, group, rows, names, recruitment))
    return sections


# --------------------------------------------------------------------------------------------
# Erreichbarkeit


def _with_kreis_names(table: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    if "kreis" not in table:
        return table
    names = pd.Series(areas["name"].astype(str).to_numpy(), index=areas["id"].astype(str))
    names = names[~names.index.duplicated()]
    return table.assign(kreis_name=table["kreis"].astype(str).map(names))


def _access_prepared(erreichbarkeit: pd.DataFrame, areas: gpd.GeoDataFrame) -> pd.DataFrame:
    """Shares come as fractions 0–1 (as the accessibility tables hold them); shown in %."""
    shares = [c for c in erreichbarkeit.columns if str(c).startswith("anteil_ueber_")]
    table = erreichbarkeit.assign(
        gebiet=erreichbarkeit["gebiet"].astype(str),
        **{c: pd.to_numeric(erreichbarkeit[c], errors="coerce") * 100 for c in shares},
    )
    return _with_kreis_names(table, areas)


def _access_tooltips(table: pd.DataFrame) -> dict[str, str]:
    tips = {}
    for record in table.to_dict("records"):
        lines = [
            str(record["name"]),
            f"Fahrzeit zur nächsten Hausarztpraxis: "
            f"{FAHRZEIT.format(record['minuten_naechste_praxis'])} (Mittel)",
        ]
        if "anteil_ueber_10_min" in record:
            share = format_percent(record["anteil_ueber_10_min"])
            lines.append(f"mehr als 10 min: {share} der Einwohner")
        if "hausaerzte_je_100000" in record:
            access = format_number(record["hausaerzte_je_100000"], 1)
            lines.append(f"Zugang (E2SFCA): {access} Hausärzte je 100.000 Einwohner")
        tips[record["gebiet"]] = "\n".join(lines)
    return tips


def _site_places(sites: pd.DataFrame) -> pd.Series:
    if "name" in sites:
        return sites["name"].astype(str)
    return (
        sites["lat"].map(lambda v: format_number(v, 4))
        + " N, "
        + sites["lon"].map(lambda v: format_number(v, 4))
        + " O"
    )


def _site_markers(sites: pd.DataFrame) -> Markers:
    tips = [
        f"Vorschlag {rank}: {place}\nneu versorgt: {format_number(new)} Einwohner\n"
        f"kumuliert: {format_number(total)} Einwohner"
        for rank, place, new, total in zip(
            sites["rang"],
            sites["lage"],
            sites["neu_versorgte_einwohner"],
            sites["kumuliert"],
            strict=True,
        )
    ]
    table = pd.DataFrame(
        {"lon": sites["lon"], "lat": sites["lat"], "label": sites["rang"], "tooltip": tips}
    )
    return Markers(table, "Vorschlag für eine neue Hausarztpraxis (Rang)")


def _access_map(table, areas, doctors, sites) -> tuple[Markup | None, str | None]:
    shown = areas[areas["id"].astype(str).isin(table["gebiet"])]
    missing = len(set(table["gebiet"]) - set(areas["id"].astype(str)))
    note = (
        f"Karte Erreichbarkeit: für {missing} Gemeinde(n) bzw. Stadtteil(e) fehlt die Geometrie; "
        "sie stehen nur in der Tabelle."
        if missing
        else None
    )
    if shown.empty:
        return None, note
    if doctors is not None and "arztgruppe" in doctors:
        doctors = doctors[doctors["arztgruppe"].astype(str) == HAUSAERZTE]
    outlines = areas[areas["art"].astype(str) == "Kreis"] if "art" in areas else None
    svg = choropleth_svg(
        shown,
        table.set_index("gebiet")["minuten_naechste_praxis"],
        title="Karte: mittlere Pkw-Fahrzeit zur nächsten Hausarztpraxis",
        tooltips=_access_tooltips(table),
        outlines=outlines,
        doctors=doctors,
        labels=False,
        classification=FAHRZEIT,
        markers=None if sites is None else _site_markers(sites),
    )
    return _inline(svg), note


def _access_figures(table: pd.DataFrame, sites: pd.DataFrame | None) -> list[dict]:
    people = pd.to_numeric(table["einwohner"], errors="coerce").fillna(0.0)
    total = people.sum()
    figures = []
    if "anteil_ueber_10_min" in table and total > 0:
        beyond = (people * table["anteil_ueber_10_min"].fillna(0.0)).sum() / 100
        detail = f"{format_number(beyond)} Einwohner"
        if "anteil_ueber_5_min" in table:
            five = (people * table["anteil_ueber_5_min"].fillna(0.0)).sum() / total
            detail += f"; mehr als 5 Minuten: {_nbsp(format_percent(five))}"
        figures.append(
            {
                "value": format_percent(beyond / total * 100),
                "label": "der Einwohner fahren mehr als 10 Minuten zur nächsten Hausarztpraxis",
                "detail": detail,
            }
        )
    minutes = pd.to_numeric(table["minuten_naechste_praxis"], errors="coerce")
    reached = people.where(minutes.notna(), 0.0)
    if reached.sum() > 0:
        figures.append(
            {
                "value": FAHRZEIT.format((reached * minutes.fillna(0.0)).sum() / reached.sum()),
                "label": "mittlere Pkw-Fahrzeit zur nächsten Hausarztpraxis",
                "detail": "einwohnergewichtet über die ganze Region",
            }
        )
    if sites is not None and not sites.empty:
        radius = sites.attrs.get("radius")
        within = f" binnen {format_number(radius)} Minuten" if radius is not None else ""
        detail = "Vorschläge unten"
        share = f"anteil_ueber_{radius:g}_min" if radius is not None else None
        if share in table and total > 0:
            gap = (people * table[share].fillna(0.0)).sum() / 100
            detail = f"von {format_number(gap)}, die bisher weiter fahren; {detail}"
        figures.append(
            {
                "value": format_number(sites["kumuliert"].max()),
                "label": f"Einwohner erreichen mit {len(sites)} neuen Praxen eine Hausarztpraxis"
                f"{within}, die es bisher nicht taten",
                "detail": detail,
            }
        )
    return figures


def _nbsp(text: str) -> str:
    """Keep a number and its unit on one line."""
    return text.replace(" ", "\u00a0")


def _is_synthetic(table: pd.DataFrame) -> bool:
    return "synthetisch" in table and bool(table["synthetisch"].eq(True).any())


def _siting_facts(sites: pd.DataFrame) -> list[dict[str, str]]:
    """Objective, bound, gap and method of the siting, as far as the table carries them."""
    meta = sites.attrs
    facts = []
    if "zielfunktion" in meta:
        value = f"{format_number(meta['zielfunktion'])} neu versorgte Einwohner"
        facts.append({"label": "Zielfunktion", "value": value})
    if "schranke" in meta:
        value = f"{format_number(meta['schranke'])} Einwohner; mehr ist mit {len(sites)} neuen "
        value += "Praxen nachweislich nicht möglich."
        kind = BOUND_KINDS.get(str(meta.get("schranke_art")))
        facts.append(
            {"label": "Obere Schranke", "value": f"{value} Herkunft: {kind}" if kind else value}
        )
    if "luecke" in meta:
        value = f"höchstens {format_percent(float(meta['luecke']) * 100, 2)}"
        facts.append({"label": "Lücke zum Optimum", "value": value})
    if "verfahren" in meta:
        value = _METHODS.get(str(meta["verfahren"]), str(meta["verfahren"]))
        status = f", Status: {meta['status']}" if meta.get("status") else ""
        facts.append({"label": "Verfahren", "value": value + status})
    return facts


def _access_section(erreichbarkeit, standorte, areas, doctors) -> tuple[dict | None, list[str]]:
    if erreichbarkeit is None:
        return None, []
    _require(erreichbarkeit, "erreichbarkeit")
    table = _access_prepared(erreichbarkeit, areas)
    sites = None
    if standorte is not None:
        _require(standorte, "standorte")
        sites = _with_kreis_names(standorte, areas)
        sites = sites.assign(lage=_site_places(sites))
        if "anteil_neu_versorgt" in sites:
            sites["anteil_neu_versorgt"] = sites["anteil_neu_versorgt"] * 100
    svg, note = _access_map(table, areas, doctors, sites)
    order = [c for c in ("anteil_ueber_10_min", "minuten_naechste_praxis") if c in table]
    worst = table.sort_values(order, ascending=False, na_position="last").head(_WORST_SERVED)
    section = {
        "method": str(erreichbarkeit.attrs.get("verfahren", "Pkw-Fahrzeit")),
        "synthetic": _is_synthetic(table),
        "figures": _access_figures(table, sites),
        "map": svg,
        "worst": _table(worst, _ACCESS_COLUMNS),
        "worst_count": len(worst),
        "sites": None if sites is None else _table(sites, _SITE_COLUMNS),
        "site_count": 0 if sites is None else len(sites),
        "radius": None
        if sites is None or "radius" not in sites.attrs
        else format_number(sites.attrs["radius"]),
        "facts": [] if sites is None else _siting_facts(standorte),
    }
    return section, [note] if note else []


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
    """Headline of the recruitment need: the total of the per-year schedule of the forecast.

    The schedule wins in each year just the doctors missing then, so that the Versorgungsgrad
    never falls below 100 %; a constant yearly rate would be set by today's gap and overshoot.
    """
    if summary.empty or "neue_aerzte_gesamt_fuer_ziel" not in summary:
        return None
    detail = f"damit der Versorgungsgrad bis {end} nie unter 100\u00a0% fällt"
    if "neue_aerzte_erstes_jahr_fuer_ziel" in summary:
        first = format_number(summary["neue_aerzte_erstes_jahr_fuer_ziel"].sum(), 1)
        detail += f"; davon {first} im ersten Jahr, die übrigen je Jahr nach Abgängen"
    return {
        "value": format_number(summary["neue_aerzte_gesamt_fuer_ziel"].sum(), 1),
        "label": f"Hausärztinnen und Hausärzte bis {end} zu gewinnen",
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
        "label": f"erstmals Unterversorgung (unter {format_number(UNTERVERSORGUNG_HAUSAERZTE)}"
        "\u00a0%) bei Hausärzten erwartet",
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
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("gesundheitsregion.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    # The legal thresholds as the text cites them, from the rule files.
    environment.globals["schwelle"] = {
        "soll": format_number(SOLL),
        "ueberversorgung": format_number(UEBERVERSORGUNG),
        "hausaerzte": format_number(UNTERVERSORGUNG_HAUSAERZTE),
        "fachaerzte": format_number(UNTERVERSORGUNG_FACHAERZTE),
    }
    return environment


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
    erreichbarkeit: pd.DataFrame | None = None,
    standorte: pd.DataFrame | None = None,
    recruitment: pd.DataFrame | float | None = None,
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
    erreichbarkeit
        Optional: accessibility of the Hausärzte per area, as the demo computes it (one row
        per Gemeinde or Stadtteil: ``gebiet``, ``name``, ``einwohner``,
        ``minuten_naechste_praxis``; optionally ``kreis``, ``anteil_ueber_5_min``,
        ``anteil_ueber_10_min``, ``anteil_ueber_15_min`` as fractions 0–1,
        ``hausaerzte_je_100000`` and ``synthetisch``). Adds the section "Erreichbarkeit" with a
        map of the minutes and the worst-served areas; ``attrs["verfahren"]`` names how the
        minutes were computed.
    standorte
        Optional, with ``erreichbarkeit``: recommended sites for new practices in order
        (``rang``, ``lon``, ``lat``, ``neu_versorgte_einwohner``, ``kumuliert``; optionally
        ``name`` of the place, ``kreis``, ``anteil_neu_versorgt``), as
        :func:`gesundheitsregion.standorte.recommend_sites` returns them; drawn as numbered
        markers and listed. ``attrs`` may carry ``radius`` and the solver's ``zielfunktion``,
        ``schranke``, ``schranke_art``, ``luecke``, ``verfahren`` and ``status``.
    recruitment
        The recruitment scenario the forecast was computed with (as for
        :func:`gesundheitsregion.prognose.forecast`); every forecast chart says what it
        assumes, by default "ohne Nachbesetzung und ohne Neuzulassungen".

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
    access, access_notes = _access_section(erreichbarkeit, standorte, areas, doctors)
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
        "chart_sections": _charts(
            years, summary, _chart_groups(summary, chart_groups), recruitment
        ),
        "assumption": forecast_assumption(recruitment),
        "summary_tables": _group_tables(
            summary, summary_columns, _group_order(summary["arztgruppe"]), "prognose"
        ),
        "end": end,
        "hints": hints,
        "access": access,
        "notes": [str(n) for n in [*notes, *map_notes, *access_notes]],
        "sources": [_SOURCE_BPL_RL, *(str(s) for s in meta.get("quellen", ()))],
    }
    target = Path(path)
    _write_atomically(target, _environment().get_template("report.html.j2").render(context))
    return target
