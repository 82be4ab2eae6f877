"""Errors a user can fix, and the checks every command shares."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = ["OUTPUT_SUFFIXES", "UserError", "check_output", "user_errors"]

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


def check_output(path: Path) -> None:
    """Refuse an output file whose format no command writes."""
    if path.suffix.lower() not in OUTPUT_SUFFIXES:
        raise UserError(
            f"{path.name}: Ausgabeformat '{path.suffix or 'ohne Endung'}' wird nicht "
            "unterstützt; bitte .csv, .xlsx oder .geojson wählen."
        )
