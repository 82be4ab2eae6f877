"""``gesundheitsregion regeln``: the versions of the Bedarfsplanungs-Richtlinie."""

from __future__ import annotations

import argparse

from gesundheitsregion.cli._errors import user_errors

__all__ = ["DESCRIPTION", "HELP", "NAME", "add_arguments", "run"]

NAME = "regeln"
HELP = "Fassungen der Bedarfsplanungs-Richtlinie und ihre Verhältniszahlen zeigen"
DESCRIPTION = (
    "Listet die Fassungen der Bedarfsplanungs-Richtlinie mit den allgemeinen Verhältniszahlen "
    "je Arztgruppe (für Arztgruppen mit Kreistyp je Kreistyp 1 bis 6)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``regeln``."""
    parser.add_argument(
        "--version", dest="regeln", metavar="VERSION", help="nur diese Fassung zeigen"
    )


def run(args: argparse.Namespace) -> int:
    """Run ``regeln`` with parsed arguments; return the exit code."""
    from gesundheitsregion.rules import available_versions, load_rules

    versions = [args.regeln] if args.regeln else available_versions()
    for version in versions:
        rules = user_errors(lambda v=version: load_rules(v))
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
