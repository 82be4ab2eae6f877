"""The options several commands share, each written once.

Every command adds the ones it takes; their names, meaning and defaults are then the same in
every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = [
    "UNITS",
    "add_crs",
    "add_csv_de",
    "add_daten",
    "add_einheit",
    "add_jahre",
    "add_osm",
    "add_out",
    "add_regeln",
    "points",
    "print_notes",
    "unit",
]

#: Units of cost limits: straight-line kilometres or car minutes.
UNITS = ("km", "min")


def add_daten(parser: argparse.ArgumentParser) -> None:
    """``--daten ORDNER``: the data directory (see :mod:`gesundheitsregion.datadir`)."""
    parser.add_argument(
        "--daten",
        type=Path,
        metavar="ORDNER",
        help="Ordner mit den offenen Daten (Standard: $GESUNDHEITSREGION_DATEN oder "
        "../shared/data neben dem Checkout)",
    )


def add_crs(parser: argparse.ArgumentParser) -> None:
    """``--crs EPSG:NNNN``: the coordinate system of the columns x/y of the input files."""
    parser.add_argument(
        "--crs",
        metavar="EPSG:NNNN",
        help="Koordinatensystem der Spalten x/y der Eingabedateien, z. B. EPSG:25833 oder "
        "EPSG:3035",
    )


def add_einheit(parser: argparse.ArgumentParser, *, osrm: bool = False) -> None:
    """``--einheit {km,min}``: km, with ``--kosten osrm`` min; read it with :func:`unit`."""
    default = "km; mit --kosten osrm min" if osrm else "km"
    parser.add_argument(
        "--einheit",
        choices=UNITS,
        default=None,
        help=f"km (Luftlinie) oder min (Pkw-Fahrzeit; ohne OSRM aus der Luftlinie geschätzt); "
        f"Standard: {default}",
    )


def unit(args: argparse.Namespace) -> str:
    """The unit chosen with ``--einheit``, or its one default."""
    if args.einheit is not None:
        return args.einheit
    return "min" if getattr(args, "kosten", None) == "osrm" else "km"


def add_out(parser: argparse.ArgumentParser, what: str) -> None:
    """``--out DATEI`` (required): where the result table ``what`` goes."""
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DATEI",
        help=f"{what} als .csv, .xlsx oder .geojson",
    )


def add_regeln(parser: argparse.ArgumentParser) -> None:
    """``--regeln VERSION``: the version of the Bedarfsplanungs-Richtlinie."""
    parser.add_argument(
        "--regeln",
        metavar="VERSION",
        help="Fassung der Bedarfsplanungs-Richtlinie (Standard: die neueste; "
        "'gesundheitsregion regeln' listet alle)",
    )


def add_csv_de(parser: argparse.ArgumentParser) -> None:
    """``--csv-de``: German CSV (semicolon, decimal comma)."""
    parser.add_argument(
        "--csv-de",
        action="store_true",
        help="CSV mit Semikolon und Dezimalkomma schreiben (für Excel in deutscher Einstellung)",
    )


def add_jahre(parser: argparse.ArgumentParser) -> None:
    """``--jahre N``: the forecast horizon."""
    parser.add_argument(
        "--jahre",
        type=int,
        default=15,
        metavar="N",
        help="Prognosehorizont in Jahren (Standard: 15)",
    )


def add_osm(parser: argparse.ArgumentParser, use: str) -> None:
    """``--osm DATEI``: an OpenStreetMap extract; ``use`` says what it is for."""
    parser.add_argument(
        "--osm",
        type=Path,
        metavar="DATEI",
        help=f"OpenStreetMap-Auszug der Region (.osm.pbf, z. B. sachsen-latest.osm.pbf): {use}",
    )


def points(out: Path, ids, lonlat):
    """The point geometry a GeoJSON ``out`` needs (``id`` and lon/lat), else ``None``.

    Only GeoJSON needs it, and geopandas alone takes a second to import.
    """
    if out.suffix.lower() != ".geojson":
        return None
    import geopandas as gpd

    return gpd.GeoDataFrame(
        {"id": ids}, geometry=gpd.points_from_xy(lonlat[:, 0], lonlat[:, 1]), crs="EPSG:4326"
    )


def print_notes(notes: list[str], args: argparse.Namespace, tables) -> None:
    """Print the notes of reading the input files, and whether ``--crs`` went unused."""
    for note in dict.fromkeys(notes):
        print(f"Hinweis: {note}")
    crs = getattr(args, "crs", None)
    if crs is not None and not any("x" in t.columns for t in tables if t is not None):
        print(f"Hinweis: --crs {crs} bleibt unbenutzt: keine Eingabedatei hat Spalten x/y.")
