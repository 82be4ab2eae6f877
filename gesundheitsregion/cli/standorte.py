"""The command ``gesundheitsregion standorte``: where new practices reach the most people.

Reads demand points (schema ``nachfrage``), candidate sites and optionally existing practices
(schema ``kandidaten``), builds straight-line costs of the pairs within the radius and writes
the recommended sites in order with the population they newly serve
(:func:`gesundheitsregion.standorte.recommend_sites`).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from gesundheitsregion.cli import _options
from gesundheitsregion.cli._errors import UserError, check_output, user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "standorte"
HELP = "die besten Standorte für neue Praxen finden (maximale Abdeckung)"
DESCRIPTION = (
    "Wählt unter den Kandidaten die Standorte, die im Radius die meisten bisher nicht "
    "versorgten Einwohner erreichen (oder die am schlechtesten versorgten Gebiete am meisten "
    "verbessern), der Reihe nach. Modell, Verfahren und Schranke: docs/standorte.md."
)

_METHODS = {"auto": "auto", "exakt": "exact", "heuristik": "heuristic"}
_GOALS = {"abdeckung": "coverage", "unterversorgte": "worst_served"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``standorte``."""
    _add_inputs(parser)
    _add_model_options(parser)
    _options.add_out(parser, "empfohlene Standorte der Reihe nach")


def _add_inputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nachfrage",
        required=True,
        type=Path,
        metavar="DATEI",
        help="Nachfragepunkte mit id, einwohner und lon/lat oder x/y (CSV, XLSX, GeoJSON, "
        "GeoPackage); für --ziel unterversorgte auch zugang",
    )
    parser.add_argument(
        "--kandidaten",
        required=True,
        type=Path,
        metavar="DATEI",
        help="mögliche Standorte mit id, lon/lat oder x/y und optional name",
    )
    parser.add_argument(
        "--bestand",
        type=Path,
        metavar="DATEI",
        help="bestehende Praxen mit id und lon/lat oder x/y; wer in ihrem Radius wohnt, gilt "
        "als versorgt",
    )
    _options.add_crs(parser)


def _add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--anzahl", required=True, type=int, metavar="K", help="Zahl neuer Standorte"
    )
    parser.add_argument(
        "--radius",
        required=True,
        type=float,
        metavar="N",
        help="Versorgungsradius in --einheit: wer so nah an einem Standort wohnt, gilt als "
        "versorgt",
    )
    _options.add_einheit(parser)
    parser.add_argument(
        "--verfahren",
        choices=tuple(_METHODS),
        default="auto",
        help="exakt (ganzzahliges Programm mit HiGHS, bewiesen optimal), heuristik (Greedy "
        "mit Austausch, Sekundenbruchteile) oder auto (exakt bis zu einer Modellgröße; "
        "Standard)",
    )
    parser.add_argument(
        "--ziel",
        choices=tuple(_GOALS),
        default="abdeckung",
        help="abdeckung: möglichst viele bisher nicht versorgte Einwohner (Standard); "
        "unterversorgte: Einwohner × Defizit des heutigen Zugangs (Spalte zugang)",
    )
    parser.add_argument(
        "--schwelle",
        type=float,
        metavar="WERT",
        help="für --ziel unterversorgte: Zugang, unter dem (bei --zugang-art zeit: über dem) "
        "ein Punkt als unterversorgt gilt",
    )
    parser.add_argument(
        "--zugang-art",
        choices=("kennzahl", "zeit"),
        default=None,
        help="kennzahl: mehr ist besser, z. B. E2SFCA (Standard); zeit: Minuten oder km bis "
        "zur nächsten Praxis, weniger ist besser",
    )
    parser.add_argument(
        "--zeitlimit",
        type=float,
        default=None,
        metavar="SEKUNDEN",
        help="Rechenzeit für das exakte Verfahren (Standard: 60); danach gilt die beste "
        "gefundene Lösung mit ihrer Schranke",
    )


def _check_options(args: argparse.Namespace) -> None:
    check_output(args.out, args)
    if args.anzahl < 1:
        raise UserError("--anzahl muss mindestens 1 sein.")
    if not math.isfinite(args.radius) or args.radius <= 0:
        raise UserError("--radius muss eine Zahl größer als 0 sein.")
    if args.zeitlimit is not None and (not math.isfinite(args.zeitlimit) or args.zeitlimit <= 0):
        raise UserError("--zeitlimit muss eine Zahl größer als 0 sein.")
    _check_ignored(args)
    if args.ziel == "unterversorgte":
        if args.schwelle is None:
            raise UserError(
                "--ziel unterversorgte braucht --schwelle: den Zugang, unter dem ein Punkt als "
                "unterversorgt gilt (bei --zugang-art zeit: die Zeit, ab der er es ist)."
            )
        if not math.isfinite(args.schwelle) or args.schwelle <= 0:
            raise UserError("--schwelle muss eine Zahl größer als 0 sein.")


#: Seconds for the exact method unless ``--zeitlimit`` says otherwise.
TIME_LIMIT = 60.0


def _check_ignored(args: argparse.Namespace) -> None:
    """Options the chosen goal or method would ignore: an error where the result would differ
    from what the user asked for, a note where nothing changes."""
    given = [
        option
        for option, value in (("--schwelle", args.schwelle), ("--zugang-art", args.zugang_art))
        if value is not None
    ]
    if given and args.ziel != "unterversorgte":
        raise UserError(
            f"{' und '.join(given)} gelten nur für --ziel unterversorgte; mit --ziel "
            f"{args.ziel} blieben sie unbeachtet. Bitte --ziel unterversorgte ergänzen oder "
            f"{' und '.join(given)} weglassen."
        )
    if args.bestand is not None and args.ziel == "unterversorgte":
        print(
            "Hinweis: mit --ziel unterversorgte wählt --bestand keine Standorte mit aus (der "
            "heutige Zugang in der Spalte zugang enthält die Praxen schon); er zählt nur für "
            "die Spalte der neu versorgten Einwohner."
        )
    if args.zeitlimit is not None and args.verfahren == "heuristik":
        print(
            "Hinweis: --zeitlimit gilt nur für das exakte Verfahren; die Heuristik braucht "
            "Sekundenbruchteile und ignoriert es."
        )


def _load(args: argparse.Namespace):
    """Read all files, collecting the problems of every file before failing."""
    from gesundheitsregion import io
    from gesundheitsregion.schema import KANDIDATEN, NACHFRAGE
    from gesundheitsregion.validation import ValidationError

    inputs = [(args.nachfrage, NACHFRAGE), (args.kandidaten, KANDIDATEN)]
    if args.bestand is not None:
        inputs.append((args.bestand, KANDIDATEN))
    tables, places, problems, notes = [], [], [], []
    for path, schema in inputs:
        table, lonlat, found = io.read_points(path, schema, crs=args.crs, notes=notes)
        problems += found
        if table is not None and not found:
            # Metric x/y for the distances, exactly as given where the input is metric.
            places.append(io.points_xy(table, lonlat, args.crs))
            table = table.reset_index(drop=True).assign(lon=lonlat[:, 0], lat=lonlat[:, 1])
        else:
            places.append(None)
        tables.append(table)
    if args.ziel == "unterversorgte" and tables[0] is not None:
        problems += _access_problems(tables[0], args.nachfrage)
    if problems:
        raise ValidationError(problems)
    _options.print_notes(notes, args, tables)
    return tables + [None] * (3 - len(tables)), places + [None] * (3 - len(places))


def _access_problems(demand, path: Path):
    from gesundheitsregion.validation import Problem

    if "zugang" in demand.columns and demand["zugang"].notna().all():
        return []
    return [
        Problem(
            path.name,
            None,
            "zugang",
            "--ziel unterversorgte braucht für jeden Punkt den heutigen Zugang in der Spalte "
            "zugang, z. B. aus 'gesundheitsregion erreichbarkeit'.",
        )
    ]


def _costs(args: argparse.Namespace, demand_xy, sites_xy):
    from gesundheitsregion import erreichbarkeit as e

    if sites_xy is None:
        return None
    return user_errors(
        lambda: e.straight_line_costs(
            demand_xy,
            sites_xy,
            max_cost=args.radius,
            unit=_options.unit(args),
        )
    )


def run(args: argparse.Namespace) -> int:
    """Run ``standorte`` with parsed arguments; return the exit code."""
    from gesundheitsregion.standorte import recommend_sites

    _check_options(args)
    (demand, candidates, existing), (demand_at, candidates_at, existing_at) = _load(args)
    if _options.unit(args) == "min":
        from gesundheitsregion import erreichbarkeit as e
        from gesundheitsregion._numbers import format_number

        print(
            f"Hinweis: Fahrzeit aus Luftlinie × {format_number(e.DETOUR, 1)} (Umwegfaktor) bei "
            f"{format_number(e.SPEED_KMH)} km/h geschätzt."
        )
    table = user_errors(
        lambda: recommend_sites(
            demand,
            candidates,
            existing,
            _costs(args, demand_at, candidates_at),
            _costs(args, demand_at, existing_at),
            args.anzahl,
            args.radius,
            _GOALS[args.ziel],
            threshold=args.schwelle,
            access_is_time=args.zugang_art == "zeit",  # default: kennzahl
            method=_METHODS[args.verfahren],
            time_limit=args.zeitlimit or TIME_LIMIT,
        )
    )
    _print_summary(table, args)
    _write(table, args.out)
    return 0


def _write(table, path: Path) -> None:
    from gesundheitsregion import io
    from gesundheitsregion._numbers import format_number

    meta = table.attrs
    out = table.assign(
        zielfunktion=meta["zielfunktion"],
        schranke=meta["schranke"],
        luecke=meta["luecke"],
        verfahren=meta["verfahren"],
    )
    points = _options.points(path, out["rang"], out[["lon", "lat"]].to_numpy())
    user_errors(lambda: io.write_table(out, path, geometry=points))
    print(f"Geschrieben: {path} ({format_number(len(out))} Zeilen)")


def _print_summary(table, args: argparse.Namespace) -> None:
    from gesundheitsregion._numbers import format_number, format_percent
    from gesundheitsregion.standorte import BOUND_KINDS

    meta = table.attrs
    goal = "Abdeckung" if args.ziel == "abdeckung" else "unterversorgte Gebiete"
    radius = f"{args.radius:g} {_options.unit(args)}".replace(".", ",")
    print(f"Standortempfehlung (Ziel: {goal}, Radius {radius}):")
    for row in table.itertuples():
        label = row.kandidat if not getattr(row, "name", None) else f"{row.kandidat} {row.name}"
        share = format_percent(100 * row.anteil_neu_versorgt)
        gain = (
            f", Zielbeitrag {format_number(row.zielbeitrag)}" if hasattr(row, "zielbeitrag") else ""
        )
        print(
            f"  {row.rang}. {label}: +{format_number(row.neu_versorgte_einwohner)} Einwohner "
            f"(zusammen {format_number(row.kumuliert)}, {share} der bisher nicht versorgten"
            f"{gain})"
        )
    if len(table) < args.anzahl:
        print(
            f"Hinweis: schon {len(table)} Standorte erreichen alle erreichbaren Einwohner; "
            "weitere brächten nichts hinzu."
        )
    unit = "neu versorgte Einwohner" if args.ziel == "abdeckung" else "Einwohner × Defizit"
    print(
        f"Zielwert: {format_number(meta['zielfunktion'])} {unit}; obere Schranke "
        f"{format_number(meta['schranke'])} ({BOUND_KINDS[meta['schranke_art']]}); "
        f"Lücke höchstens {format_percent(100 * meta['luecke'], 2)}."
    )
    print(
        f"Verfahren: {meta['verfahren']}, Status {meta['status']}, "
        f"{format_number(meta['laufzeit_s'], 2)} s."
    )
