"""The command table and :func:`main`."""

from __future__ import annotations

import atexit
import errno
import os
import sys
from collections.abc import Sequence

from gesundheitsregion.cli import (
    bedarfsplanung,
    daten_holen,
    demo,
    erreichbarkeit,
    prognose,
    regeln,
    standorte,
)
from gesundheitsregion.cli._errors import UserError
from gesundheitsregion.cli._parser import GermanArgumentParser

__all__ = ["COMMANDS", "build_parser", "main", "script"]

#: Every command, in the order of the help: a module with ``NAME``, ``HELP``, ``DESCRIPTION``,
#: ``add_arguments(parser)`` and ``run(args)``. None imports pandas or another heavy library
#: before its ``run``, so building the parser (and ``--help``) stays fast.
COMMANDS = (bedarfsplanung, prognose, demo, daten_holen, erreichbarkeit, standorte, regeln)


def build_parser() -> GermanArgumentParser:
    """Return the parser of the ``gesundheitsregion`` command."""
    parser = GermanArgumentParser(
        prog="gesundheitsregion",
        description="Versorgungsanalyse für Gesundheitsregionen: Bedarfsplanung nach der "
        "Richtlinie des G-BA, Prognose, Erreichbarkeit, Standortwahl und Demo-Region "
        "Südwestsachsen.",
    )
    subparsers = parser.add_subparsers(dest="befehl", metavar="BEFEHL", title="Befehle")
    subparsers.required = True
    for command in COMMANDS:
        sub = subparsers.add_parser(
            command.NAME, help=command.HELP, description=command.DESCRIPTION
        )
        command.add_arguments(sub)
        sub.set_defaults(run=command.run)
    return parser


def _user_error_types() -> tuple[type[Exception], ...]:
    # Imported only when a command failed: validation pulls in pandas, which `--help` must not
    # pay for, and a command that raised a ValidationError has imported it already.
    from gesundheitsregion.datadir import DataDirError
    from gesundheitsregion.io import WriteError
    from gesundheitsregion.validation import ValidationError

    return UserError, DataDirError, ValidationError, WriteError


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130
    except OSError as error:
        # A file the library opened itself (an input it could not read, a write outside
        # io.Outputs): still one message naming the file, never a traceback.
        print(f"Fehler: {_os_error_text(error)}", file=sys.stderr)
        return 2
    except Exception as error:
        if not isinstance(error, _user_error_types()):
            raise
        print(f"Fehler: {error}", file=sys.stderr)
        return 2


def script() -> None:
    """The installed command ``gesundheitsregion``: :func:`main`, then a quick exit.

    Tearing the interpreter down (every module of pandas and SciPy, every object still alive)
    costs a command about 0.2 s CPU after its work is done and its files are closed, and none
    of it is needed. So the exit handlers run (they remove temporary folders and flush logs),
    the output is flushed, and the process ends with the exit code of :func:`main`. A
    traceback or ``--help`` (``SystemExit``) leaves the usual way.

    OpenBLAS starts one thread per core when numpy is first imported, which costs a command
    about 0.1 s; no command does dense linear algebra large enough to gain from it, so one
    thread is the default here (a value the user sets is kept).
    """
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    code = main()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: Python's own exit code then
            code = code or 120
    os._exit(code)


_OS_ERRORS = {
    errno.ENOENT: "gibt es nicht",
    errno.EACCES: "ist nicht zugänglich (keine Rechte)",
    errno.EPERM: "ist nicht zugänglich (keine Rechte)",
    errno.EISDIR: "ist ein Ordner, keine Datei",
    errno.ENOSPC: "kann nicht geschrieben werden: der Datenträger ist voll",
    errno.EEXIST: "gibt es schon, als Datei statt als Ordner",
    errno.ENOTDIR: "liegt in einer Datei statt in einem Ordner",
    errno.EROFS: "liegt auf einem schreibgeschützten Datenträger",
}


def _os_error_text(error: OSError) -> str:
    what = _OS_ERRORS.get(error.errno, f"ist nicht zugänglich ({error.strerror or error})")
    name = f"'{error.filename}'" if error.filename else "Eine Datei"
    return f"{name} {what}. Bitte Pfad und Rechte prüfen; es wurde nichts geschrieben."
