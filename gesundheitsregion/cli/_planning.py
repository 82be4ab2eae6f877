"""Inputs and output shared by ``bedarfsplanung`` and ``prognose``: areas, doctors, rules."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from gesundheitsregion.cli import _options
from gesundheitsregion.cli._errors import UserError, user_errors

__all__ = ["add_inputs", "load_inputs", "print_notes", "write"]


def add_inputs(parser: argparse.ArgumentParser) -> None:
    """Add the options naming the areas, the doctors and the rules."""
    parser.add_argument(
        "--bereiche",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Planungsbereiche mit Einwohnern (CSV, XLSX, GeoJSON oder GeoPackage)",
    )
    parser.add_argument(
        "--aerzte",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Ärztinnen und Ärzte mit Planungsbereich, Arztgruppe und Anrechnungsfaktor",
    )
    _options.add_regeln(parser)
    parser.add_argument(
        "--stichtag-jahr",
        type=int,
        default=dt.date.today().year,
        metavar="JAHR",
        help="Jahr, auf das sich das Alter aus dem Geburtsjahr bezieht (Standard: laufendes Jahr)",
    )
    parser.add_argument(
        "--arztgruppen",
        nargs="+",
        metavar="GRUPPE",
        help="nur diese Arztgruppen auswerten (Standard: alle in der Ärztedatei)",
    )
    _options.add_crs(parser)
    _options.add_daten(parser)
    _options.add_csv_de(parser)


def load_inputs(args: argparse.Namespace):
    """Read rules, areas and doctors; report the problems of both files together."""
    from gesundheitsregion import io
    from gesundheitsregion.datadir import find_data_dir
    from gesundheitsregion.rules import load_rules
    from gesundheitsregion.validation import ValidationError

    rules = user_errors(lambda: load_rules(args.regeln))
    problems = []
    try:
        areas = io.load_planungsbereiche(args.bereiche)
    except ValidationError as error:
        problems.extend(error.problems)
        areas = None
    centroids = None
    if _needs_postcodes(args.aerzte):
        centroids = _plz_centroids(find_data_dir(args.daten))
    try:
        doctors = io.load_aerzte(
            args.aerzte,
            [*rules.groups, *rules.omitted],
            planungsbereiche=areas,
            crs=args.crs,
            plz_centroids=centroids,
        )
    except ValidationError as error:
        problems.extend(error.problems)
        doctors = None
    if problems:
        raise ValidationError(problems)
    return rules, areas, doctors


def _needs_postcodes(path: Path) -> bool:
    from gesundheitsregion import io
    from gesundheitsregion.validation import ValidationError

    try:
        cells = io.read_cells(path).cells
    except ValidationError:
        return False
    return "plz" in {io.normalise_column_name(c) for c in cells.columns}


def _plz_centroids(data_dir: Path):
    import pandas as pd

    path = data_dir / "reference" / "plz_centroids_de_2023-09-07.csv"
    if not path.is_file():
        raise UserError(
            f"PLZ-Schwerpunkte fehlen ({path}); ohne sie können Ärzte nur mit Koordinaten "
            "verortet werden. Bitte 'gesundheitsregion daten-holen' ausführen."
        )
    return pd.read_csv(path, dtype={"plz": str})


def _geometry(areas):
    import geopandas as gpd

    if not isinstance(areas, gpd.GeoDataFrame):
        return None
    return gpd.GeoDataFrame(
        {"id": areas["planungsbereich"]}, geometry=areas.geometry, crs=areas.crs
    )


def write(table, path: Path, args: argparse.Namespace, areas, outputs=None, **options) -> None:
    """Write ``table`` to ``path``, with the areas' geometry for GeoJSON.

    With ``outputs`` (:class:`gesundheitsregion.io.Outputs`), the file appears only when they
    are committed, together with the others.
    """
    from gesundheitsregion import io

    user_errors(
        lambda: io.write_table(
            table,
            path,
            geometry=_geometry(areas),
            german_csv=args.csv_de,
            outputs=outputs,
            **options,
        )
    )
    if outputs is None:
        print(f"Geschrieben: {path} ({len(table)} Zeilen)")


def print_notes(result) -> None:
    """Print each distinct note of the column ``hinweis`` once."""
    if "hinweis" not in result.columns:
        return
    for note in sorted({n for n in result["hinweis"].dropna() if n}):
        print(f"Hinweis: {note}")
