"""The demo analysis end to end: region, Bedarfsplanung, Prognose, Erreichbarkeit, report.

This is what ``gesundheitsregion demo`` (and so the README's main command) runs.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from gesundheitsregion import bedarfsplanung, bevoelkerung, io, prognose, report
from gesundheitsregion.datadir import find_data_dir
from gesundheitsregion.demo import KREISE, build_demo_region, write_demo_inputs
from gesundheitsregion.demo import _erreichbarkeit as erreichbarkeit
from gesundheitsregion.rules import load_rules

__all__ = ["DemoResult", "run_demo"]

_STEPS = (
    "Demo-Region aus offenen Daten bauen",
    "Eingabedateien schreiben",
    "Bedarfsplanung berechnen",
    "Bevölkerung fortschreiben",
    "Prognose simulieren",
    "Erreichbarkeit der Hausärzte berechnen",
    "Standorte für neue Hausarztpraxen suchen",
    "Ergebnistabellen schreiben",
    "HTML-Bericht schreiben",
)


class DemoResult(os.PathLike):
    """Paths of everything the demo wrote; behaves like the report's path."""

    def __init__(self, report: Path, tables: dict[str, Path]):
        self.report = report
        self.tables = tables

    def __fspath__(self) -> str:
        return str(self.report)

    def moved(self, staging: Path, target: Path) -> DemoResult:
        """The same result with the paths under ``staging`` moved to ``target``."""

        def move(path: Path) -> Path:
            return target / Path(path).relative_to(staging)

        return DemoResult(move(self.report), {k: move(v) for k, v in self.tables.items()})


def run_demo(
    out_dir: str | os.PathLike[str],
    *,
    data_dir: str | os.PathLike[str] | None = None,
    seed: int = 2025,
    horizon: int = 15,
    stichtag_jahr: int = 2024,
    runs: int = 1000,
    osm: str | os.PathLike[str] | None = None,
    progress: bool = True,
) -> DemoResult:
    """Build the demo region, analyse it and write tables and the HTML report.

    Parameters
    ----------
    out_dir
        Target folder; gets ``bericht.html``, ``bedarfsplanung.csv``, ``prognose.csv``,
        ``prognose_zusammenfassung.csv``, ``erreichbarkeit_gemeinden_stadtteile.csv``,
        ``standortempfehlung.csv``, ``ergebnisse.xlsx`` (all tables as sheets) and the input
        files under ``eingaben/``.
    data_dir
        Open data directory (default: :func:`gesundheitsregion.datadir.find_data_dir`).
    seed
        Seed of the synthetic practices.
    horizon
        Years of the forecast.
    stichtag_jahr
        Reference year of the doctors' ages and of the population (31.12.).
    runs
        Monte Carlo runs of the forecast band.
    osm
        OpenStreetMap extract covering the region (e.g. ``sachsen-latest.osm.pbf``): car
        minutes to the Hausärzte by OSRM instead of straight line × Umwegfaktor.
    progress
        Show a progress bar on stderr.
    """
    out_dir = Path(out_dir)
    if osm is not None and not Path(osm).is_file():
        # Checked first: routing comes late, and nothing may be written before it fails.
        raise ValueError(
            f"OSM-Auszug '{osm}' nicht gefunden. Bitte einen Auszug angeben, der die Region "
            "abdeckt, z. B. sachsen-latest.osm.pbf von "
            "https://download.geofabrik.de/europe/germany/sachsen.html, oder --osm weglassen "
            "(dann Luftlinie × Umwegfaktor)."
        )
    # All files or none: everything is written to a staging folder inside out_dir and moved
    # to its place at the end; a failure (a full disk, a file open in Excel) leaves the
    # results of an earlier run as they were.
    with io.Outputs() as outputs:
        staging = outputs.folder(out_dir)
        written = _run(staging, data_dir, seed, horizon, stichtag_jahr, runs, osm, progress)
    return written.moved(staging, out_dir)


def _run(out_dir: Path, data_dir, seed, horizon, stichtag_jahr, runs, osm, progress) -> DemoResult:
    bar = tqdm(total=len(_STEPS), desc="Demo", unit="Schritt", disable=not progress)

    def step(index: int) -> None:
        bar.set_description_str(f"Demo: {_STEPS[index]}")
        if index:
            bar.update(1)

    step(0)
    data = find_data_dir(data_dir)
    region = build_demo_region(data, seed=seed, stichtag_jahr=stichtag_jahr)
    rules = load_rules()
    step(1)
    inputs = write_demo_inputs(region, out_dir / "eingaben")
    step(2)
    plan = bedarfsplanung.compute(
        region.planungsbereiche, region.aerzte, rules, stichtag_jahr=stichtag_jahr
    )
    step(3)
    population = bevoelkerung.population_by_year(
        region.planungsbereiche,
        start_year=stichtag_jahr,
        horizon=horizon,
        base=_kreis_age_groups(region.bevoelkerung),
    )
    step(4)
    result = prognose.forecast(
        region.planungsbereiche,
        region.aerzte,
        rules,
        start_year=stichtag_jahr,
        horizon=horizon,
        population=population,
        runs=runs,
        seed=42,
    )
    step(5)
    access = erreichbarkeit.demo_accessibility(region, data, osm=osm, progress=progress)
    step(6)
    sites = erreichbarkeit.demo_sites(access, osm=osm, progress=progress)
    step(7)
    tables = _write_tables(out_dir, plan, result, access.gebiete, sites)
    step(8)
    notes = [
        *region.hinweise,
        *result.hinweise,
        *access.hinweise,
        erreichbarkeit.siting_note(sites),
    ]
    path = report.write_report(
        out_dir / "bericht.html",
        title="Versorgungsanalyse Gesundheitsregion Südwestsachsen (Demo)",
        bedarfsplanung=plan,
        prognose_years=result.years,
        prognose_summary=result.summary,
        areas=region.gebiete,
        doctors=region.aerzte,
        hospitals=region.krankenhaeuser,
        notes=list(dict.fromkeys(notes)),
        erreichbarkeit=access.gebiete,
        standorte=sites,
        meta={
            "regeln": f"{rules.version} ({rules.title})",
            "stichtag": f"31.12.{stichtag_jahr}",
            "daten": "offene Daten (BKG, Destatis, Zensus, InEK/GISCO); Praxen synthetisch",
            "erstellt": dt.date.today().strftime("%d.%m.%Y"),
            "prognose": f"{stichtag_jahr}–{stichtag_jahr + horizon}",
        },
    )
    bar.update(1)
    bar.close()
    return DemoResult(path, {**tables, **{f"eingabe_{k}": v for k, v in inputs.items()}})


def _kreis_age_groups(population: pd.DataFrame) -> pd.DataFrame:
    """The base of the ageing model: age groups of the Kreise (the demo's Planungsbereiche)."""
    rows = population[
        population["gebiet"].isin(KREISE) & (population["altersgruppe"] != "insgesamt")
    ]
    return rows.rename(columns={"gebiet": "planungsbereich"})[
        ["planungsbereich", "altersgruppe", "geschlecht", "einwohner"]
    ]


def _write_tables(
    out_dir: Path, plan: pd.DataFrame, result, access: pd.DataFrame, sites: pd.DataFrame
) -> dict[str, Path]:
    sheets = {
        "Bedarfsplanung": ("bedarfsplanung", plan),
        "Prognose je Jahr": ("prognose", result.years),
        "Prognose Zusammenfassung": ("prognose_zusammenfassung", result.summary),
        "Erreichbarkeit": ("erreichbarkeit_gemeinden_stadtteile", access),
        "Standortempfehlung": ("standortempfehlung", sites),
    }
    paths = {
        name: io.write_table(table, out_dir / f"{name}.csv") for name, table in sheets.values()
    }
    workbook = out_dir / "ergebnisse.xlsx"
    temporary = workbook.with_name(f".{workbook.name}.tmp")
    with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
        for sheet, (_, table) in sheets.items():
            table.to_excel(writer, sheet_name=sheet, index=False)
    os.replace(temporary, workbook)
    paths["ergebnisse"] = workbook
    return paths
