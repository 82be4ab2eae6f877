"""``gesundheitsregion daten-holen``: the open data from their official publishers."""

from __future__ import annotations

import argparse
from pathlib import Path

from gesundheitsregion.cli._errors import UserError, check_folder

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "daten-holen"
HELP = "offene Daten bei den amtlichen Herausgebern (BKG, Destatis, Zensus) laden"
DESCRIPTION = (
    "Lädt die offenen Daten (Grenzen, Bevölkerung, Krankenhausstandorte, PLZ-Schwerpunkte) bei "
    "den amtlichen Herausgebern und legt sie im Aufbau von ../shared/data ab. Quellen und "
    "Lizenzen: docs/daten.md."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``daten-holen``."""
    parser.add_argument(
        "--ziel",
        required=True,
        type=Path,
        metavar="ORDNER",
        help="Datenverzeichnis, das befüllt wird",
    )
    parser.add_argument(
        "--nur",
        nargs="+",
        metavar="DATENSATZ",
        help="nur diese Datensätze (Kennungen siehe docs/daten.md)",
    )
    parser.add_argument(
        "--neu", action="store_true", help="auch vorhandene Dateien neu laden und umwandeln"
    )
    parser.add_argument(
        "--quelle",
        action="append",
        default=[],
        metavar="DATENSATZ=URL",
        help="andere Adresse für einen Datensatz, z. B. ein Spiegel oder "
        "file:///pfad/zur/heruntergeladenen.zip",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``daten-holen`` with parsed arguments; return the exit code."""
    from gesundheitsregion.fetch import FetchError, fetch_open_data

    check_folder(args.ziel, "--ziel")
    sources = {}
    for item in args.quelle:
        dataset, sep, url = item.partition("=")
        if not sep or not dataset or not url:
            raise UserError(f"--quelle '{item}': erwartet wird DATENSATZ=URL.")
        sources[dataset] = url
    try:
        paths = fetch_open_data(
            args.ziel, datasets=args.nur, base_urls=sources or None, force=args.neu, progress=True
        )
    except (FetchError, ValueError) as error:
        raise UserError(str(error)) from error
    print(f"{len(paths)} Dateien in {args.ziel}")
    return 0
