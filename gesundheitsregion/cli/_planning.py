"""Inputs and output shared by ``bedarfsplanung`` and ``prognose``: areas, doctors, rules."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from gesundheitsregion.cli import _options
from gesundheitsregion.cli._errors import UserError, user_errors

__all__ = [
    "add_inputs",
    "load_inputs",
    "load_ratios",
    "print_hints",
    "print_notes",
    "resolve_stichtag",
    "stichtag_argument",
    "write",
]


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
    stichtag = parser.add_mutually_exclusive_group()
    stichtag.add_argument(
        "--stichtag",
        dest="stichtag_jahr",
        type=stichtag_argument,
        metavar="DATUM",
        help="Stichtag der Ärztedatei als Datum (2024-12-31 oder 31.12.2024) oder Jahr; das "
        "Alter aus dem Geburtsjahr bezieht sich auf sein Jahr (Standard: Spalte stichtag der "
        "Ärztedatei, sonst ist die Angabe nötig, sobald es Geburtsjahre gibt)",
    )
    stichtag.add_argument(
        "--stichtag-jahr",
        dest="stichtag_jahr",
        type=stichtag_argument,
        metavar="JAHR",
        help="wie --stichtag, nur das Jahr",
    )
    parser.add_argument(
        "--arztgruppen",
        nargs="+",
        metavar="GRUPPE",
        help="nur diese Arztgruppen auswerten (Standard: alle in der Ärztedatei)",
    )
    parser.add_argument(
        "--verhaeltniszahlen",
        type=Path,
        metavar="DATEI",
        help="regionale Verhältniszahlen oder Verteilungsfaktoren je Planungsbereich und "
        "Arztgruppe (Spalten planungsbereich, arztgruppe, verteilungsfaktor, verhaeltniszahl)",
    )
    _options.add_crs(parser)
    _options.add_daten(parser)
    _options.add_csv_de(parser)


def stichtag_argument(text: str) -> int:
    """The year of ``--stichtag``: a date (``2024-12-31``, ``31.12.2024``) or a year."""
    match = re.fullmatch(r"(\d{4})(-\d{1,2}-\d{1,2})?|\d{1,2}\.\d{1,2}\.(\d{4})", text.strip())
    year = None if match is None else int(match.group(1) or match.group(3))
    if year is None or not 1990 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            f"'{text}' ist kein Stichtag: erwartet wird ein Datum wie 2024-12-31 oder "
            "31.12.2024 oder ein Jahr wie 2024 (1990 bis 2100)"
        )
    return year


def print_hints(notes: list[str]) -> None:
    """Print each note for the user once, in order."""
    for note in dict.fromkeys(notes):
        print(f"Hinweis: {note}")


def resolve_stichtag(args: argparse.Namespace, doctors, fallback: int | None = None) -> int | None:
    """The Stichtag year: ``--stichtag``, else the doctors' column ``stichtag``, else
    ``fallback`` (the forecast's start year); never the system clock. Ages from birth years
    need it: without one, the user is asked for it."""
    from gesundheitsregion import io

    if args.stichtag_jahr is not None:
        return args.stichtag_jahr
    year = io.stichtag_year(doctors, args.aerzte.name)[0]
    if year is not None:
        print(f"Hinweis: Stichtag {year} aus der Spalte stichtag von {args.aerzte.name}.")
        return year
    if fallback is not None:
        return fallback
    born = doctors["geburtsjahr"].notna() if "geburtsjahr" in doctors.columns else None
    if born is not None and "alter" in doctors.columns:
        born &= doctors["alter"].isna()  # an age given directly needs no Stichtag
    if born is not None and born.any():
        raise UserError(
            f"{args.aerzte.name} hat Geburtsjahre, aber keinen Stichtag, auf den sich das Alter "
            "bezieht. Bitte --stichtag angeben (z. B. --stichtag 2024-12-31 oder --stichtag "
            "2024) oder eine Spalte stichtag in der Ärztedatei."
        )
    return None


def load_inputs(args: argparse.Namespace, stichtag_jahr: int | None = None):
    """Read rules, areas and doctors; report the problems of both files together.

    The doctors' birth years are checked against the Stichtag year as
    :func:`resolve_stichtag` finds it, with ``stichtag_jahr`` as its fallback. Notes on the
    files (title rows, encodings) are printed.
    """
    from gesundheitsregion import io
    from gesundheitsregion.datadir import find_data_dir
    from gesundheitsregion.rules import load_rules
    from gesundheitsregion.validation import ValidationError

    rules = user_errors(lambda: load_rules(args.regeln))
    problems, notes = [], []
    try:
        areas = io.load_planungsbereiche(args.bereiche, notes=notes)
    except ValidationError as error:
        problems.extend(error.problems)
        areas = None
    columns, file_year = _peek(args.aerzte)
    centroids = None
    if "plz" in columns:
        centroids = _plz_centroids(find_data_dir(args.daten))
    try:
        doctors = io.load_aerzte(
            args.aerzte,
            [*rules.groups, *rules.omitted],
            planungsbereiche=areas,
            crs=args.crs,
            plz_centroids=centroids,
            stichtag_jahr=args.stichtag_jahr or file_year or stichtag_jahr,
            notes=notes,
        )
    except ValidationError as error:
        problems.extend(error.problems)
        doctors = None
    if problems:
        raise ValidationError(problems)
    _check_geojson_output(args, areas)
    print_hints(notes)
    if args.crs is not None and not {"x", "y"} & set(doctors.columns):
        print(f"Hinweis: --crs {args.crs} bleibt unbenutzt: {args.aerzte.name} hat keine x/y.")
    return rules, areas, doctors


def load_ratios(args: argparse.Namespace, rules, areas):
    """Read ``--verhaeltniszahlen``, checked against the areas and the rule version (or None)."""
    if args.verhaeltniszahlen is None:
        return None
    from gesundheitsregion import io
    from gesundheitsregion.schema import VERHAELTNISZAHLEN

    return io.read_table(
        args.verhaeltniszahlen,
        VERHAELTNISZAHLEN,
        choices={
            "planungsbereich": list(areas["planungsbereich"]),
            "arztgruppe": [*rules.groups, *rules.omitted],
        },
    )


def _peek(path: Path) -> tuple[set[str], int | None]:
    """The doctors' columns and the year of their column ``stichtag``, read before the checks."""
    from gesundheitsregion import io
    from gesundheitsregion.schema import AERZTE
    from gesundheitsregion.validation import ValidationError

    try:
        cells = io.read_cells(path, expected=[c.name for c in AERZTE.columns]).cells
    except ValidationError:
        return set(), None  # reported by the full read
    cells = cells.rename(columns=io.normalise_column_name)
    return set(cells.columns), io.stichtag_year(cells, path.name)[0]


def _plz_centroids(data_dir: Path):
    import pandas as pd

    from gesundheitsregion.datadir import PLZ_CENTROIDS

    path = data_dir / PLZ_CENTROIDS
    if not path.is_file():
        raise UserError(
            f"PLZ-Schwerpunkte fehlen ({path}); ohne sie können Ärzte nur mit Koordinaten "
            "verortet werden. Bitte 'gesundheitsregion daten-holen' ausführen."
        )
    return pd.read_csv(path, dtype={"plz": str})


def _check_geojson_output(args: argparse.Namespace, areas) -> None:
    """A GeoJSON result needs the areas' shapes: say so before the computation, not after."""
    outputs = [getattr(args, name, None) for name in ("out", "zusammenfassung")]
    wants = [p for p in outputs if p is not None and p.suffix.lower() == ".geojson"]
    if wants and "geometry" not in areas.columns:
        raise UserError(
            f"{wants[0].name}: Für eine GeoJSON-Ausgabe braucht es Geometrien: bitte die "
            "Bereiche als GeoJSON oder GeoPackage übergeben oder eine .csv/.xlsx-Ausgabe wählen."
        )


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
