"""``gesundheitsregion demo``: the demo region Südwestsachsen, analysed, as a report."""

from __future__ import annotations

import argparse
from pathlib import Path

from gesundheitsregion.cli import _options
from gesundheitsregion.cli._errors import check_folder, user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "demo"
HELP = "Demo-Region Südwestsachsen bauen, auswerten und als Bericht ausgeben"
DESCRIPTION = (
    "Baut die Demo-Region Südwestsachsen aus den offenen Daten, berechnet Bedarfsplanung, "
    "Prognose, Erreichbarkeit der Hausärzte und Vorschläge für neue Praxen und schreibt einen "
    "HTML-Bericht samt Tabellen."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``demo``."""
    parser.add_argument(
        "--ausgabe",
        type=Path,
        default=Path("ausgabe"),
        metavar="ORDNER",
        help="Zielordner (Standard: ./ausgabe)",
    )
    _options.add_daten(parser)
    parser.add_argument(
        "--seed",
        type=int,
        default=2025,
        help="Startwert für die synthetischen Praxen (Standard: 2025)",
    )
    _options.add_jahre(parser)
    _options.add_osm(
        parser,
        "Fahrzeiten zu den Hausärzten im Straßennetz (OSRM) statt Luftlinie × Umwegfaktor",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``demo`` with parsed arguments; return the exit code."""
    from gesundheitsregion.demo.pipeline import run_demo

    check_folder(args.ausgabe)
    report = user_errors(
        lambda: run_demo(
            args.ausgabe, data_dir=args.daten, seed=args.seed, horizon=args.jahre, osm=args.osm
        )
    )
    print(f"Bericht: {Path(report).resolve()}")
    return 0
