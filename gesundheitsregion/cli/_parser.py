"""German texts for :mod:`argparse`, without touching argparse itself.

argparse ships no German catalogue and looks its texts up through a module-level ``_``.
Replacing that lookup would change every other program in the process, so this parser instead
translates what it shows: its own section titles and help option, the usage prefix (through its
formatter) and the finished error messages (in :meth:`GermanArgumentParser.error`).
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

__all__ = ["GermanArgumentParser", "translate"]

#: argparse's error templates (Python 3.12) and their German wording.
_MESSAGES = {
    "the following arguments are required: %s": "folgende Angaben fehlen: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "expected one argument": "erwartet einen Wert",
    "expected at most one argument": "erwartet höchstens einen Wert",
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
    "ignored explicit argument %r": "überzähliger Wert %r",
}


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _names(template: str) -> list[str]:
    """The placeholders of ``template`` in order; unnamed ones (``%s``) become ``argN``."""
    return [m.group(1) or f"arg{i}" for i, m in enumerate(_PLACEHOLDER.finditer(template))]


def _pattern(template: str) -> re.Pattern[str]:
    """A regex that matches ``template`` filled in, capturing each placeholder by name."""
    texts = _PLACEHOLDER.split(template)[::2]  # split() also returns the captured names
    groups = [f"(?P<{name}>.*?)" for name in _names(template)]
    regex = "".join(
        re.escape(text) + group for text, group in zip(texts, [*groups, ""], strict=True)
    )
    return re.compile(regex + r"\Z", re.DOTALL)


_PATTERNS = [(_pattern(english), german) for english, german in _MESSAGES.items()]


def translate(message: str) -> str:
    """Return argparse's English error ``message`` in German; unknown texts stay as they are.

    Examples
    --------
    >>> translate("the following arguments are required: --out")
    'folgende Angaben fehlen: --out'
    >>> translate("argument --jahre: invalid int value: 'x'")
    "Angabe --jahre: ungültiger Wert: 'x'"
    """
    for pattern, german in _PATTERNS:
        match = pattern.match(message)
        if match is None:
            continue
        values = match.groupdict()
        if "message" in values:  # "argument X: <inner message>" nests a second text
            values["message"] = translate(values["message"])
        texts = _PLACEHOLDER.split(german)[::2]
        filled = [values[name] for name in _names(german)]
        return "".join(text + value for text, value in zip(texts, [*filled, ""], strict=True))
    return message


class GermanHelpFormatter(argparse.HelpFormatter):
    """Help with the German usage prefix "Aufruf: "."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, "Aufruf: " if prefix is None else prefix)


class GermanArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that speaks German and exits with code 2 on bad input.

    Subcommands made with ``add_subparsers().add_parser`` are of this class too.
    """

    def __init__(self, *args, add_help: bool = True, **kwargs) -> None:
        kwargs.setdefault("formatter_class", GermanHelpFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", help="diese Hilfe anzeigen und beenden"
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: Fehler: {translate(message)}\n")
