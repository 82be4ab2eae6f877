"""``gesundheitsregion bedarfsplanung``: Versorgungsgrad per Planungsbereich and Arztgruppe."""

from __future__ import annotations

import argparse

from gesundheitsregion.cli import _options, _planning
from gesundheitsregion.cli._errors import check_output, user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "bedarfsplanung"
HELP = "Versorgungsgrad je Planungsbereich und Arztgruppe berechnen"
DESCRIPTION = (
    "Berechnet Soll, Ist, Versorgungsgrad, Status und offene Sitze je Planungsbereich und "
    "Arztgruppe nach der Bedarfsplanungs-Richtlinie."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``bedarfsplanung``."""
    _planning.add_inputs(parser)
    _options.add_out(parser, "Ergebnis")


def run(args: argparse.Namespace) -> int:
    """Run ``bedarfsplanung`` with parsed arguments; return the exit code."""
    from gesundheitsregion import bedarfsplanung

    check_output(args.out, args)
    rules, areas, doctors = _planning.load_inputs(args)
    year = _planning.resolve_stichtag(args, doctors)
    ratios = _planning.load_ratios(args, rules, areas)
    result = user_errors(
        lambda: bedarfsplanung.compute(
            areas,
            doctors,
            rules,
            stichtag_jahr=year,
            groups=args.arztgruppen,
            verhaeltniszahlen=ratios,
        )
    )
    _planning.write(result, args.out, args, areas)
    _planning.print_notes(result)
    return 0
