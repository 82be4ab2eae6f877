"""The command line: ``gesundheitsregion <befehl>``.

Every command reads its files through :mod:`gesundheitsregion.io`, so bad input ends in one
German message naming file, row and column, with exit code 2 and nothing written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gesundheitsregion._argparse_de import GermanArgumentParser
from gesundheitsregion.datadir import DataDirError
from gesundheitsregion.validation import ValidationError

__all__ = ["build_parser", "main"]


class UserError(Exception):
    """A problem the user can fix; printed without traceback, exit code 2."""


def _add_common_inputs(parser: argparse.ArgumentParser) -> None:
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
    parser.add_argument(
        "--regeln",
        metavar="VERSION",
        help="Fassung der Bedarfsplanungs-Richtlinie (Standard: die neueste; "
        "'gesundheitsregion regeln' listet alle)",
    )
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
    parser.add_argument(
        "--crs",
        metavar="EPSG:NNNN",
        help="Koordinatensystem der Spalten x/y der Ärztedatei, z. B. EPSG:25833",
    )
    parser.add_argument(
        "--daten",
        type=Path,
        metavar="ORDNER",
        help="Ordner mit den offenen Daten (Standard: ../shared/data neben dem Checkout "
        "oder $GESUNDHEITSREGION_DATEN)",
    )
    parser.add_argument(
        "--csv-de",
        action="store_true",
        help="CSV mit Semikolon und Dezimalkomma schreiben (für Excel in deutscher Einstellung)",
    )


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``gesundheitsregion`` command."""
    parser = GermanArgumentParser(
        prog="gesundheitsregion",
        description="Versorgungsanalyse für Gesundheitsregionen: Bedarfsplanung nach der "
        "Richtlinie des G-BA, Prognose und Demo-Region Südwestsachsen.",
    )
    commands = parser.add_subparsers(dest="befehl", metavar="BEFEHL", title="Befehle")
    commands.required = True

    plan = commands.add_parser(
        "bedarfsplanung",
        help="Versorgungsgrad je Planungsbereich und Arztgruppe berechnen",
        description="Berechnet Soll, Ist, Versorgungsgrad, Status und offene Sitze "
        "je Planungsbereich und Arztgruppe nach der Bedarfsplanungs-Richtlinie.",
    )
    _add_common_inputs(plan)
    plan.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Ergebnis als .csv, .xlsx oder .geojson",
    )
    plan.set_defaults(run=_run_bedarfsplanung)

    forecast = commands.add_parser(
        "prognose",
        help="Versorgungsgrad für die nächsten Jahre vorausberechnen",
        description="Schreibt den Versorgungsgrad je Jahr, Planungsbereich und Arztgruppe fort: "
        "Abgänge nach Alter, Bevölkerungsentwicklung und Nachbesetzungen.",
    )
    _add_common_inputs(forecast)
    _add_forecast_options(forecast)
    forecast.set_defaults(run=_run_prognose)

    demo = commands.add_parser(
        "demo",
        help="Demo-Region Südwestsachsen bauen, auswerten und als Bericht ausgeben",
        description="Baut die Demo-Region Südwestsachsen aus den offenen Daten, berechnet "
        "Bedarfsplanung, Prognose, Erreichbarkeit der Hausärzte und Vorschläge für neue "
        "Praxen und schreibt einen HTML-Bericht samt Tabellen.",
    )
    demo.add_argument(
        "--ausgabe",
        type=Path,
        default=Path("ausgabe"),
        metavar="ORDNER",
        help="Zielordner (Standard: ./ausgabe)",
    )
    demo.add_argument(
        "--daten",
        type=Path,
        metavar="ORDNER",
        help="Ordner mit den offenen Daten (Standard: ../shared/data)",
    )
    demo.add_argument(
        "--seed",
        type=int,
        default=2025,
        help="Startwert für die synthetischen Praxen (Standard: 2025)",
    )
    demo.add_argument("--jahre", type=int, default=15, help="Prognosehorizont in Jahren")
    demo.add_argument(
        "--osm",
        type=Path,
        metavar="DATEI",
        help="OpenStreetMap-Auszug der Region (.osm.pbf, z. B. sachsen-latest.osm.pbf): "
        "Fahrzeiten zu den Hausärzten im Straßennetz (OSRM) statt Luftlinie × Umwegfaktor",
    )
    demo.set_defaults(run=_run_demo)

    fetch = commands.add_parser(
        "daten-holen",
        help="offene Daten bei den amtlichen Herausgebern (BKG, Destatis, Zensus) laden",
        description="Lädt die offenen Daten (Grenzen, Bevölkerung, Krankenhausstandorte, "
        "PLZ-Schwerpunkte) bei den amtlichen Herausgebern und legt sie im Aufbau von "
        "../shared/data ab. Quellen und Lizenzen: docs/daten.md.",
    )
    fetch.add_argument(
        "--ziel",
        required=True,
        type=Path,
        metavar="ORDNER",
        help="Datenverzeichnis, das befüllt wird",
    )
    fetch.add_argument(
        "--nur",
        nargs="+",
        metavar="DATENSATZ",
        help="nur diese Datensätze (Kennungen siehe docs/daten.md)",
    )
    fetch.add_argument(
        "--neu", action="store_true", help="auch vorhandene Dateien neu laden und umwandeln"
    )
    fetch.add_argument(
        "--quelle",
        action="append",
        default=[],
        metavar="DATENSATZ=URL",
        help="andere Adresse für einen Datensatz, z. B. ein Spiegel oder "
        "file:///pfad/zur/heruntergeladenen.zip",
    )
    fetch.set_defaults(run=_run_daten_holen)

    from gesundheitsregion import _cli_erreichbarkeit

    _cli_erreichbarkeit.register(commands)
    from gesundheitsregion import _cli_standorte

    _cli_standorte.register(commands)
    rules = commands.add_parser(
        "regeln", help="Fassungen der Bedarfsplanungs-Richtlinie und ihre Verhältniszahlen zeigen"
    )
    rules.add_argument(
        "--version", dest="regeln", metavar="VERSION", help="nur diese Fassung zeigen"
    )
    rules.set_defaults(run=_run_regeln)
    return parser


def _add_forecast_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jahre",
        type=int,
        default=15,
        metavar="N",
        help="Prognosehorizont in Jahren (Standard: 15)",
    )
    parser.add_argument(
        "--startjahr",
        type=int,
        default=None,
        metavar="JAHR",
        help="erstes Jahr der Prognose (Standard: --stichtag-jahr)",
    )
    parser.add_argument(
        "--bevoelkerung",
        type=Path,
        metavar="DATEI",
        help="Bevölkerung nach Altersgruppe und Geschlecht je Planungsbereich; "
        "schreibt sie mit dem Alterungsmodell fort",
    )
    parser.add_argument(
        "--bevoelkerungsprognose",
        type=Path,
        metavar="DATEI",
        help="amtliche Vorausberechnung je Planungsbereich, Jahr, Altersgruppe und Geschlecht",
    )
    parser.add_argument(
        "--rekrutierung",
        type=Path,
        metavar="DATEI",
        help="neue Ärzte pro Jahr je Planungsbereich und Arztgruppe",
    )
    parser.add_argument(
        "--neue-aerzte",
        type=float,
        default=0.0,
        metavar="N",
        help="neue Ärzte pro Jahr in jedem Planungsbereich und jeder Arztgruppe",
    )
    parser.add_argument(
        "--austrittsalter",
        type=float,
        default=None,
        metavar="JAHRE",
        help="mittleres Alter bei Praxisaufgabe (Standard siehe docs/prognose.md)",
    )
    parser.add_argument(
        "--austrittsalter-streuung",
        type=float,
        default=None,
        metavar="JAHRE",
        help="Standardabweichung des Alters bei Praxisaufgabe",
    )
    parser.add_argument(
        "--laeufe",
        type=int,
        default=1000,
        metavar="N",
        help="Simulationsläufe für das Unsicherheitsband (Standard: 1000)",
    )
    parser.add_argument("--seed", type=int, default=42, help="Startwert der Simulation")
    parser.add_argument(
        "--ziel",
        type=float,
        default=100.0,
        metavar="PROZENT",
        help="Ziel-Versorgungsgrad für den Nachbesetzungsbedarf (Standard: 100)",
    )
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Ergebnis je Jahr als .csv, .xlsx oder .geojson",
    )
    parser.add_argument(
        "--zusammenfassung",
        type=Path,
        metavar="DATEI",
        help="Zusammenfassung je Planungsbereich und Arztgruppe "
        "(Standard: neben --out mit Endung _zusammenfassung)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except (ValidationError, DataDirError, UserError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


def _user_errors(call: Callable[[], object]) -> object:
    """Run ``call``, turning the library's German ValueErrors into user errors."""
    try:
        return call()
    except (KeyError, ValueError) as error:
        if isinstance(error, ValidationError):
            raise
        message = error.args[0] if error.args else str(error)
        raise UserError(message) from error


def _load_inputs(args: argparse.Namespace):
    from gesundheitsregion import io
    from gesundheitsregion.datadir import find_data_dir
    from gesundheitsregion.rules import load_rules

    rules = _user_errors(lambda: load_rules(args.regeln))
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


def _write(table, path: Path, args: argparse.Namespace, areas) -> None:
    from gesundheitsregion import io

    _user_errors(
        lambda: io.write_table(table, path, geometry=_geometry(areas), german_csv=args.csv_de)
    )
    print(f"Geschrieben: {path} ({len(table)} Zeilen)")


def _check_output(path: Path) -> None:
    if path.suffix.lower() not in (".csv", ".xlsx", ".geojson"):
        raise UserError(
            f"{path.name}: Ausgabeformat '{path.suffix or 'ohne Endung'}' wird nicht "
            "unterstützt; bitte .csv, .xlsx oder .geojson wählen."
        )


def _run_bedarfsplanung(args: argparse.Namespace) -> int:
    from gesundheitsregion import bedarfsplanung

    _check_output(args.out)
    rules, areas, doctors = _load_inputs(args)
    result = _user_errors(
        lambda: bedarfsplanung.compute(
            areas, doctors, rules, stichtag_jahr=args.stichtag_jahr, groups=args.arztgruppen
        )
    )
    _write(result, args.out, args, areas)
    _print_notes(result)
    return 0


def _print_notes(result) -> None:
    if "hinweis" not in result.columns:
        return
    for note in sorted({n for n in result["hinweis"].dropna() if n}):
        print(f"Hinweis: {note}")


def _run_prognose(args: argparse.Namespace) -> int:
    from gesundheitsregion import bevoelkerung, prognose

    _check_output(args.out)
    if args.zusammenfassung is not None:
        _check_output(args.zusammenfassung)
    if args.jahre < 1 or args.laeufe < 1:
        raise UserError("--jahre und --laeufe müssen mindestens 1 sein.")
    rules, areas, doctors = _load_inputs(args)
    start = args.startjahr or args.stichtag_jahr
    known = list(areas["planungsbereich"])
    projection, base = _forecast_population(args, known)
    population = _user_errors(
        lambda: bevoelkerung.population_by_year(
            areas, start_year=start, horizon=args.jahre, projection=projection, base=base
        )
    )
    exits = _user_errors(lambda: _exit_model(args))
    recruitment = _recruitment(args, rules, known)
    with _spinner("Prognose wird simuliert"):
        forecast = _user_errors(
            lambda: prognose.forecast(
                areas,
                doctors,
                rules,
                start_year=start,
                horizon=args.jahre,
                population=population,
                exits=exits,
                recruitment=recruitment,
                runs=args.laeufe,
                seed=args.seed,
                target=args.ziel,
                groups=args.arztgruppen,
            )
        )
    for note in dict.fromkeys([*population.attrs.get("hinweise", []), *forecast.hinweise]):
        print(f"Hinweis: {note}")
    summary_path = args.zusammenfassung or args.out.with_name(
        f"{args.out.stem}_zusammenfassung{args.out.suffix}"
    )
    _write(forecast.years, args.out, args, areas)
    _write(forecast.summary, summary_path, args, areas)
    return 0


def _forecast_population(args: argparse.Namespace, known: list[str]):
    from gesundheitsregion import io
    from gesundheitsregion.schema import BEVOELKERUNG, BEVOELKERUNGSPROGNOSE

    if args.bevoelkerungsprognose is not None:
        projection = io.read_table(
            args.bevoelkerungsprognose, BEVOELKERUNGSPROGNOSE, choices={"planungsbereich": known}
        )
        return projection, None
    if args.bevoelkerung is not None:
        base = io.read_table(args.bevoelkerung, BEVOELKERUNG, choices={"gebiet": known})
        base = base[base["altersgruppe"] != "insgesamt"].rename(
            columns={"gebiet": "planungsbereich"}
        )
        if base.empty:
            raise UserError(
                f"{args.bevoelkerung.name}: keine Zeilen nach Altersgruppen; das Alterungsmodell "
                "braucht Altersgruppen wie '0-2' oder '75+'."
            )
        return None, base
    return None, None


def _exit_model(args: argparse.Namespace):
    from gesundheitsregion.prognose import ExitAgeModel

    options = {}
    if args.austrittsalter is not None:
        options["mean"] = args.austrittsalter
    if args.austrittsalter_streuung is not None:
        options["sd"] = args.austrittsalter_streuung
    return ExitAgeModel(**options)


def _recruitment(args: argparse.Namespace, rules, known: list[str]):
    from gesundheitsregion import io
    from gesundheitsregion.schema import REKRUTIERUNG

    if args.rekrutierung is None:
        return args.neue_aerzte or None
    return io.read_table(
        args.rekrutierung,
        REKRUTIERUNG,
        choices={"planungsbereich": known, "arztgruppe": [*rules.groups, *rules.omitted]},
    )


class _spinner:
    """A progress indicator on stderr for one long step without known length."""

    def __init__(self, label: str):
        from tqdm import tqdm

        self._bar = tqdm(
            desc=label, total=None, bar_format="{desc} … {elapsed}", disable=not sys.stderr.isatty()
        )

    def __enter__(self):
        return self._bar

    def __exit__(self, *exc):
        self._bar.close()


def _run_demo(args: argparse.Namespace) -> int:
    from gesundheitsregion.pipeline import run_demo

    report = _user_errors(
        lambda: run_demo(
            args.ausgabe, data_dir=args.daten, seed=args.seed, horizon=args.jahre, osm=args.osm
        )
    )
    print(f"Bericht: {Path(report).resolve()}")
    return 0


def _run_daten_holen(args: argparse.Namespace) -> int:
    from gesundheitsregion.fetch import FetchError, fetch_open_data

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


def _run_regeln(args: argparse.Namespace) -> int:
    from gesundheitsregion.rules import available_versions, load_rules

    versions = [args.regeln] if args.regeln else available_versions()
    for version in versions:
        rules = _user_errors(lambda v=version: load_rules(v))
        print(f"{rules.version}: {rules.title}")
        for group in rules.groups.values():
            ratios = (
                " / ".join(
                    f"{group.verhaeltniszahl(t):,.0f}".replace(",", ".") for t in range(1, 7)
                )
                if group.needs_kreistyp
                else f"{group.verhaeltniszahl(None):,.0f}".replace(",", ".")
            )
            print(f"  {group.name:<40} {group.versorgungsebene:<28} {ratios}")
    return 0
