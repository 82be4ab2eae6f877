"""Errors a user can fix, and the checks every command shares."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

__all__ = [
    "OUTPUT_OPTIONS",
    "OUTPUT_SUFFIXES",
    "UserError",
    "check_folder",
    "check_output",
    "input_paths",
    "user_errors",
]

#: The table formats every command writes.
OUTPUT_SUFFIXES = (".csv", ".xlsx", ".geojson")


class UserError(Exception):
    """A problem the user can fix; printed without traceback, exit code 2."""


def user_errors[T](call: Callable[[], T]) -> T:
    """Run ``call``, turning the library's German ValueErrors into user errors."""
    from gesundheitsregion.validation import ValidationError

    try:
        return call()
    except (KeyError, ValueError) as error:
        if isinstance(error, ValidationError):
            raise
        message = error.args[0] if error.args else str(error)
        raise UserError(message) from error


#: Options that name what a command writes; every other path option names an input.
OUTPUT_OPTIONS = ("out", "zusammenfassung", "ausgabe", "ziel")


def input_paths(args: argparse.Namespace) -> list[Path]:
    """The files a command reads: every path option that is not an output."""
    return [
        value
        for name, value in vars(args).items()
        if isinstance(value, Path) and name not in OUTPUT_OPTIONS
    ]


def check_output(path: Path, args: argparse.Namespace | None = None) -> None:
    """Refuse an output before anything runs: a format no command writes, an input file of
    the command (``args``), a folder, a missing or read-only folder."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UserError(
            f"{path.name}: Ausgabeformat '{path.suffix or 'ohne Endung'}' wird nicht "
            "unterstützt; bitte .csv, .xlsx oder .geojson wählen."
        )
    from gesundheitsregion import io

    try:
        io.check_output_path(path, input_paths(args) if args is not None else ())
    except io.WriteError as error:
        raise UserError(str(error)) from error


def check_folder(path: Path, option: str = "--ausgabe") -> None:
    """Refuse an output folder before anything runs: a file, or a place without write rights.

    A missing folder is fine (it is created), as long as the nearest existing parent is one.
    """
    existing = next(p for p in (path, *path.absolute().parents) if p.exists())
    if existing == path and not path.is_dir():
        raise UserError(
            f"'{path}' ist eine Datei, kein Ordner. Bitte für {option} einen Ordner angeben. "
            "Es wurde nichts geschrieben."
        )
    if not existing.is_dir():
        raise UserError(
            f"'{existing}' ist eine Datei, kein Ordner; darin kann '{path}' nicht entstehen. "
            "Bitte einen anderen Ordner angeben. Es wurde nichts geschrieben."
        )
    import os

    if not os.access(existing, os.W_OK | os.X_OK):
        raise UserError(
            f"In den Ordner '{existing}' darf nicht geschrieben werden (keine Schreibrechte). "
            "Bitte einen anderen Ordner angeben. Es wurde nichts geschrieben."
        )
