"""German texts for :mod:`argparse`.

argparse looks its messages up through a module-level ``_`` (gettext) at call time, but ships
no German catalogue. Replacing that lookup with a small table gives German usage lines and
error messages without copying argparse.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

__all__ = ["GermanArgumentParser"]

_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "the following arguments are required: %s": "folgende Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at least one argument": "erwartet mindestens einen Wert",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ungültige Wahl: %(value)r (möglich sind %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "mehrdeutige Option: %(option)s passt zu %(matches)s"
    ),
    "not allowed with argument %s": "nicht zusammen mit %s erlaubt",
    "one of the arguments %s is required": "eine der Angaben %s ist nötig",
    "%(prog)s: error: %(message)s\n": "%(prog)s: Fehler: %(message)s\n",
}

argparse._ = lambda text: _GERMAN.get(text, text)  # type: ignore[attr-defined]


class GermanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks German and exits with code 2 on bad input."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {message}\n")
