"""``gesundheitsregion prognose``: the Versorgungsgrad of the coming years."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gesundheitsregion.cli import _options, _planning
from gesundheitsregion.cli._errors import UserError, check_output, user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "prognose"
HELP = "Versorgungsgrad für die nächsten Jahre vorausberechnen"
DESCRIPTION = (
    "Schreibt den Versorgungsgrad je Jahr, Planungsbereich und Arztgruppe fort: Abgänge nach "
    "Alter, Bevölkerungsentwicklung und Nachbesetzungen."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``prognose``."""
    _planning.add_inputs(parser)
    _options.add_jahre(parser)
    parser.add_argument(
        "--startjahr",
        type=int,
        default=None,
        metavar="JAHR",
        help="erstes Jahr der Prognose (Standard: das Jahr des Stichtags, aus --stichtag, der "
        "Spalte stichtag der Ärztedatei oder der Bevölkerungsdatei)",
    )
    _add_population(parser)
    _add_model(parser)
    _options.add_out(parser, "Ergebnis je Jahr")
    parser.add_argument(
        "--zusammenfassung",
        type=Path,
        metavar="DATEI",
        help="Zusammenfassung je Planungsbereich und Arztgruppe "
        "(Standard: neben --out mit Endung _zusammenfassung)",
    )


def _add_population(parser: argparse.ArgumentParser) -> None:
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


def _add_model(parser: argparse.ArgumentParser) -> None:
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
        "--austritt-ab-75",
        type=float,
        default=None,
        metavar="PROZENT",
        help="jährliche Wahrscheinlichkeit in Prozent, mit der ab 75 die Praxis aufgibt, wer dann "
        "noch tätig ist (Standard: 20; 100 = alle spätestens mit 75)",
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


def run(args: argparse.Namespace) -> int:
    """Run ``prognose`` with parsed arguments; return the exit code."""
    from gesundheitsregion import bevoelkerung, prognose

    summary_path = _check_outputs(args)
    _check_options(args)
    population_year = _population_stichtag(args)
    rules, areas, doctors = _planning.load_inputs(args, args.startjahr or population_year)
    ratios = _planning.load_ratios(args, rules, areas)
    start = _start_year(args, doctors, population_year)
    known = list(areas["planungsbereich"])
    projection, base = _population(args, known)
    population = user_errors(
        lambda: bevoelkerung.population_by_year(
            areas, start_year=start, horizon=args.jahre, projection=projection, base=base
        )
    )
    exits = user_errors(lambda: _exit_model(args))
    recruitment = _recruitment(args, rules, known)
    with _spinner("Prognose wird simuliert"):
        forecast = user_errors(
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
                verhaeltniszahlen=ratios,
            )
        )
    for note in dict.fromkeys([*population.attrs.get("hinweise", []), *forecast.hinweise]):
        print(f"Hinweis: {note}")
    _write(args, areas, forecast, recruitment, summary_path)
    return 0


def _check_outputs(args: argparse.Namespace) -> Path:
    """Check both output files before anything runs; return the summary's path."""
    summary_path = args.zusammenfassung or args.out.with_name(
        f"{args.out.stem}_zusammenfassung{args.out.suffix}"
    )
    check_output(args.out, args)
    check_output(summary_path, args)
    if summary_path.resolve() == args.out.resolve():
        raise UserError(
            f"--zusammenfassung und --out nennen dieselbe Datei ({args.out}); bitte zwei "
            "verschiedene Dateinamen angeben."
        )
    return summary_path


def _start_year(args: argparse.Namespace, doctors, population_year: int | None) -> int:
    """The first year: ``--startjahr``, else the Stichtag (option, doctors' or population's
    column); never the system clock."""
    year = _planning.resolve_stichtag(args, doctors, args.startjahr or population_year)
    if args.stichtag_jahr is None and args.startjahr is None and year == population_year:
        print(f"Hinweis: Startjahr {year} aus der Spalte stichtag von {args.bevoelkerung.name}.")
    if year is None:
        raise UserError(
            "Die Prognose braucht ihr erstes Jahr: bitte --stichtag (z. B. --stichtag "
            "2024-12-31) oder --startjahr angeben."
        )
    return args.startjahr or year


def _write(args: argparse.Namespace, areas, forecast, recruitment, summary_path: Path) -> None:
    """Say what the forecast assumes, then write years and summary: both files or neither."""
    from gesundheitsregion import io
    from gesundheitsregion.report.assumptions import forecast_assumption

    source = args.rekrutierung.name if args.rekrutierung is not None else None
    assumption = f"Annahme: {forecast_assumption(recruitment, source=source)}."
    print(assumption)
    # A summary without its years (or the reverse) would mislead.
    with io.Outputs() as outputs:
        for table, path in ((forecast.years, args.out), (forecast.summary, summary_path)):
            _planning.write(table, path, args, areas, outputs, description=assumption)
    print(f"Geschrieben: {args.out} ({len(forecast.years)} Zeilen)")
    print(f"Geschrieben: {summary_path} ({len(forecast.summary)} Zeilen)")


#: Mean exit ages the model accepts: outside, the forecast says more about the typo than about
#: the region (Saxon GPs leave at 65-68 on average, see docs/prognose.md).
EXIT_AGES = (50, 90)


def _check_options(args: argparse.Namespace) -> None:
    """Refuse values out of range and options the given combination would ignore."""
    if args.jahre < 1 or args.laeufe < 1:
        raise UserError("--jahre und --laeufe müssen mindestens 1 sein.")
    low, high = EXIT_AGES
    if args.austrittsalter is not None and not low <= args.austrittsalter <= high:
        raise UserError(
            f"--austrittsalter {_german(args.austrittsalter)} liegt außerhalb von {low} bis "
            f"{high} Jahren. Gemeint ist das mittlere Alter bei Praxisaufgabe, z. B. 66."
        )
    spread = args.austrittsalter_streuung
    if spread is not None and not 0 < spread <= 20:
        raise UserError(
            f"--austrittsalter-streuung {_german(spread)} muss größer als 0 und höchstens 20 "
            "Jahre sein, z. B. 4."
        )
    if not 0 < args.ziel <= 200:
        raise UserError(f"--ziel {_german(args.ziel)} muss ein Prozentwert über 0 bis 200 sein.")
    if args.rekrutierung is not None and args.neue_aerzte:
        raise UserError(
            "--neue-aerzte und --rekrutierung schließen sich aus: mit einer "
            "Rekrutierungsdatei bliebe --neue-aerzte unbeachtet. Bitte eines von beiden angeben."
        )
    if args.neue_aerzte < 0:
        raise UserError("--neue-aerzte darf nicht negativ sein.")
    if args.bevoelkerung is not None and args.bevoelkerungsprognose is not None:
        raise UserError(
            "--bevoelkerung und --bevoelkerungsprognose schließen sich aus: mit einer amtlichen "
            "Vorausberechnung bliebe die fortzuschreibende Bevölkerung unbeachtet. Bitte eines "
            "von beiden angeben."
        )


def _german(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _population_stichtag(args: argparse.Namespace) -> int | None:
    """The year of the population file's column ``stichtag``, if it has one."""
    from gesundheitsregion import io
    from gesundheitsregion.schema import BEVOELKERUNG
    from gesundheitsregion.validation import ValidationError

    if args.bevoelkerung is None:
        return None
    try:
        cells = io.read_cells(args.bevoelkerung, expected=[c.name for c in BEVOELKERUNG.columns])
    except ValidationError:
        return None  # reported by the full read
    return io.stichtag_year(cells.cells.rename(columns=io.normalise_column_name), "")[0]


def _population(args: argparse.Namespace, known: list[str]):
    from gesundheitsregion import io
    from gesundheitsregion.schema import BEVOELKERUNG, BEVOELKERUNGSPROGNOSE

    if args.bevoelkerungsprognose is not None:
        projection = io.read_table(
            args.bevoelkerungsprognose, BEVOELKERUNGSPROGNOSE, choices={"planungsbereich": known}
        )
        return projection, None
    if args.bevoelkerung is not None:
        import pandas as pd

        from gesundheitsregion.bevoelkerung import base_for_planning_areas

        # A bevoelkerung table may hold several area levels (Kreise, Gemeinden, Stadtteile, as
        # the demo writes it); the ageing model takes the rows of the Planungsbereiche.
        table = io.read_table(args.bevoelkerung, BEVOELKERUNG)
        planning = pd.DataFrame({"planungsbereich": known})
        try:
            base, notes = base_for_planning_areas(table, planning)
        except ValueError as error:
            raise UserError(f"{args.bevoelkerung.name}: {error}") from error
        for note in notes:
            print(f"Hinweis: {note}")
        return None, base
    return None, None


def _exit_model(args: argparse.Namespace):
    from gesundheitsregion.prognose import ExitAgeModel

    options = {}
    if args.austrittsalter is not None:
        options["mean"] = args.austrittsalter
    if args.austrittsalter_streuung is not None:
        options["sd"] = args.austrittsalter_streuung
    if args.austritt_ab_75 is not None:
        if not 0 < args.austritt_ab_75 <= 100:
            raise UserError(
                f"--austritt-ab-75 muss über 0 und höchstens 100 (Prozent) sein, nicht "
                f"{args.austritt_ab_75:g}."
            )
        options["tail_hazard"] = args.austritt_ab_75 / 100
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
