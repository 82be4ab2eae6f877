"""The command ``gesundheitsregion erreichbarkeit``: access to providers for every demand point.

Reads demand and supply points (schemas ``nachfrage`` and ``angebot``), builds the costs of the
pairs in reach (straight line or OSRM) and writes one row per demand ``id`` with ``zugang`` and
the nearest provider.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
from pathlib import Path

from gesundheitsregion.cli import _options
from gesundheitsregion.cli._errors import UserError, check_output, user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "parse_weights", "run"]

NAME = "erreichbarkeit"
HELP = "Erreichbarkeit von Anbietern je Nachfragepunkt berechnen (2SFCA, E2SFCA, …)"
DESCRIPTION = (
    "Berechnet für jeden Nachfragepunkt den Zugang (Floating-Catchment-Verfahren) und den "
    "nächsten Anbieter samt Entfernung oder Fahrzeit. Verfahren, Formeln und Annahmen: "
    "docs/erreichbarkeit.md."
)

_METHODS = ("naechster", "2sfca", "e2sfca", "g2sfca", "3sfca")
_STEPPED = ("e2sfca", "3sfca")
_EXAMPLE = "10:1,20:0.68,30:0.22"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``erreichbarkeit``."""
    parser.add_argument(
        "--nachfrage",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Nachfragepunkte mit id, einwohner und lon/lat oder x/y (CSV, XLSX, GeoJSON, "
        "GeoPackage)",
    )
    parser.add_argument(
        "--angebot",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Anbieter mit id, kapazitaet und lon/lat oder x/y",
    )
    parser.add_argument(
        "--methode",
        required=True,
        choices=_METHODS,
        help="naechster: nur nächster Anbieter; 2sfca, e2sfca (Stufengewichte), g2sfca "
        "(Gauß-Gewichte), 3sfca (mit Auswahlgewichten)",
    )
    parser.add_argument(
        "--kosten",
        choices=("luftlinie", "osrm"),
        default="luftlinie",
        help="Luftlinie (mit Umwegfaktor) oder Fahrzeit im Straßennetz mit OSRM "
        "(Standard: luftlinie)",
    )
    _options.add_osm(parser, "Fahrzeiten im Straßennetz für --kosten osrm")
    _options.add_crs(parser)
    parser.add_argument(
        "--einzugsbereich",
        required=True,
        type=float,
        metavar="N",
        help="Einzugsbereich in --einheit: weiter entfernte Anbieter zählen nicht",
    )
    _options.add_einheit(parser, osrm=True)
    parser.add_argument(
        "--gewichte",
        metavar="GRENZE:GEWICHT,…",
        help=f'Stufengewichte für e2sfca und 3sfca, z. B. "{_EXAMPLE}" '
        "(Standard e2sfca: Luo & Qi 2009, 3sfca: Wan et al. 2012)",
    )
    _options.add_out(parser, "Ergebnis je Nachfragepunkt")


def parse_weights(text: str) -> dict[float, float]:
    """Parse ``--gewichte``: ``GRENZE:GEWICHT`` pairs, rising limits, weights not rising.

    Pairs are separated by ``,``; with ``;`` between pairs a decimal comma works too.

    Examples
    --------
    >>> parse_weights("10:1,20:0.68,30:0.22")
    {10.0: 1.0, 20.0: 0.68, 30.0: 0.22}
    >>> parse_weights("10:1; 20:0,68")
    {10.0: 1.0, 20.0: 0.68}
    """
    german = ";" in text
    items = [item.strip() for item in text.split(";" if german else ",") if item.strip()]
    pairs = []
    for item in items:
        match = re.fullmatch(r"([^:]+):([^:]+)", item)
        numbers = [] if match is None else [_number(part, german) for part in match.groups()]
        if len(numbers) != 2 or None in numbers:
            raise UserError(
                f"--gewichte '{text}': '{item}' ist kein Paar GRENZE:GEWICHT. Erwartet wird z. B. "
                f'"{_EXAMPLE}".'
            )
        pairs.append((numbers[0], numbers[1]))
    if not pairs:
        raise UserError(f'--gewichte ist leer. Erwartet wird z. B. "{_EXAMPLE}".')
    _check_steps(text, pairs)
    return dict(pairs)


def _number(text: str, german: bool) -> float | None:
    text = text.strip().replace(",", ".") if german else text.strip()
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_steps(text: str, pairs: list[tuple[float, float]]) -> None:
    limits = [limit for limit, _ in pairs]
    weights = [weight for _, weight in pairs]
    if limits[0] <= 0 or any(b <= a for a, b in itertools.pairwise(limits)):
        raise UserError(
            f"--gewichte '{text}': die Grenzen müssen größer als 0 sein und aufsteigen, "
            f'z. B. "{_EXAMPLE}".'
        )
    if any(w < 0 for w in weights) or max(weights) == 0:
        raise UserError(f"--gewichte '{text}': Gewichte müssen ≥ 0 und nicht alle 0 sein.")
    if any(b > a for a, b in itertools.pairwise(weights)):
        raise UserError(
            f"--gewichte '{text}': die Gewichte dürfen mit der Entfernung nicht steigen "
            "(weiter entfernte Anbieter zählen weniger)."
        )


def _check_options(args: argparse.Namespace) -> dict[float, float] | None:
    check_output(args.out, args)
    if not math.isfinite(args.einzugsbereich) or args.einzugsbereich <= 0:
        raise UserError("--einzugsbereich muss eine Zahl größer als 0 sein.")
    if args.kosten == "osrm":
        if args.osm is None:
            raise UserError(
                "--kosten osrm braucht einen OpenStreetMap-Auszug: bitte --osm DATEI angeben "
                "(z. B. sachsen-latest.osm.pbf von download.geofabrik.de)."
            )
        if not args.osm.is_file():
            raise UserError(f"Die Datei '{args.osm}' gibt es nicht. Bitte den Pfad prüfen.")
        if _options.unit(args) != "min":
            raise UserError("OSRM liefert Fahrzeiten: bitte --einheit min wählen.")
    elif args.osm is not None:
        # An error, not a note: the user asked for road times and would get straight lines.
        raise UserError(
            f"--osm wirkt nur mit --kosten osrm; ohne bleibt der Auszug '{args.osm.name}' "
            "unbenutzt und es zählt die Luftlinie. Bitte --kosten osrm ergänzen oder --osm "
            "weglassen."
        )
    if args.gewichte is None:
        return None
    if args.methode not in _STEPPED:
        raise UserError(
            f"--gewichte gilt nur für die Methoden {' und '.join(_STEPPED)}, "
            f"nicht für {args.methode}."
        )
    steps = parse_weights(args.gewichte)
    _check_steps_in_reach(steps, args.einzugsbereich, _options.unit(args))
    return steps


def _check_steps_in_reach(steps: dict[float, float], catchment: float, unit: str) -> None:
    """Steps beyond the catchment are never reached: an error, since the weights the user
    wrote would silently not apply. A catchment beyond the last step only gives weight 0 to
    the providers in between, which a note says."""
    beyond = [limit for limit in steps if limit > catchment]
    if beyond:
        shown = ", ".join(_german(limit) for limit in beyond)
        raise UserError(
            f"--gewichte: die Stufen bis {shown} {unit} liegen jenseits von --einzugsbereich "
            f"{_german(catchment)} {unit} und würden nie erreicht. Bitte --einzugsbereich "
            f"{_german(max(steps))} angeben oder diese Stufen weglassen."
        )
    last = max(steps)
    if last < catchment:
        print(
            f"Hinweis: jenseits der letzten Stufe ({_german(last)} {unit}) zählen Anbieter mit "
            f"Gewicht 0; der Einzugsbereich {_german(catchment)} {unit} wirkt also wie "
            f"{_german(last)} {unit}."
        )


def _load(args: argparse.Namespace):
    from gesundheitsregion import io
    from gesundheitsregion.schema import ANGEBOT, NACHFRAGE
    from gesundheitsregion.validation import ValidationError

    notes: list[str] = []
    demand, demand_lonlat, problems = io.read_points(
        args.nachfrage, NACHFRAGE, crs=args.crs, notes=notes
    )
    supply, supply_lonlat, found = io.read_points(args.angebot, ANGEBOT, crs=args.crs, notes=notes)
    problems += found
    if problems:
        raise ValidationError(problems)
    _options.print_notes(notes, args, [demand, supply])
    return demand, supply, demand_lonlat, supply_lonlat


def _costs(args: argparse.Namespace, demand, supply, demand_lonlat, supply_lonlat):
    from gesundheitsregion import erreichbarkeit as e
    from gesundheitsregion import io

    if args.kosten == "osrm":
        try:
            from gesundheitsregion.routing import osrm_costs
        except ImportError as error:
            raise UserError(
                f"Die Anbindung an OSRM ist nicht verfügbar ({error}); bitte --kosten luftlinie."
            ) from error
        costs = user_errors(
            lambda: osrm_costs(
                demand_lonlat, supply_lonlat, args.osm, max_minutes=args.einzugsbereich
            )
        )
        report = getattr(costs, "report", None)
        for note in report.notes() if report is not None else []:
            print(f"Hinweis: {note}")
        return costs
    if _options.unit(args) == "min":
        print(
            f"Hinweis: Fahrzeit aus Luftlinie × {_german(e.DETOUR)} (Umwegfaktor) bei "
            f"{_german(e.SPEED_KMH)} km/h geschätzt; genauer mit --kosten osrm."
        )
    return user_errors(
        lambda: e.straight_line_costs(
            # Metric x/y, exactly as given where the input is metric: pairs on the limit stay.
            io.points_xy(demand, demand_lonlat, args.crs),
            io.points_xy(supply, supply_lonlat, args.crs),
            max_cost=args.einzugsbereich,
            unit=_options.unit(args),
        )
    )


def _german(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def run(args: argparse.Namespace) -> int:
    """Run ``erreichbarkeit`` with parsed arguments; return the exit code."""
    import pandas as pd

    from gesundheitsregion import erreichbarkeit as e
    from gesundheitsregion import io
    from gesundheitsregion._numbers import format_number

    steps = _check_options(args)
    demand, supply, demand_lonlat, supply_lonlat = _load(args)
    costs = _costs(args, demand, supply, demand_lonlat, supply_lonlat)
    result = user_errors(
        lambda: e.accessibility(
            demand.reset_index(drop=True),
            supply.reset_index(drop=True),
            costs,
            method=args.methode,
            catchment=args.einzugsbereich,
            weights=steps,
        )
    )
    table = pd.concat([demand["id"].reset_index(drop=True), result], axis=1)
    points = _options.points(args.out, table["id"], demand_lonlat)
    user_errors(lambda: io.write_table(table, args.out, geometry=points))
    print(f"Geschrieben: {args.out} ({format_number(len(table))} Zeilen)")
    alone = int((result["anbieter_in_reichweite"] == 0).sum())
    if alone:
        print(
            f"Hinweis: {format_number(alone)} von {format_number(len(table))} Nachfragepunkten "
            f"haben keinen Anbieter innerhalb von {_german(args.einzugsbereich)} "
            f"{_options.unit(args)}; ihr Zugang ist 0."
        )
    return 0
