"""The command line: ``gesundheitsregion <befehl>``.

One module per command (``bedarfsplanung``, ``prognose``, ``demo``, ``daten_holen``,
``erreichbarkeit``, ``standorte``, ``regeln``), each with ``NAME``, ``HELP``, ``DESCRIPTION``,
``add_arguments(parser)`` and ``run(args)``, listed once in :data:`COMMANDS`. Options several
commands share (``--daten``, ``--crs``, ``--einheit``, ``--out``, ``--regeln``, …) are written
once in ``_options``. Every command reads its files through :mod:`gesundheitsregion.io`, so bad
input ends in one German message naming file, row and column, with exit code 2 and nothing
written.

Examples
--------
>>> from gesundheitsregion.cli import main
>>> main(["regeln", "--version", "2019"])  # doctest: +ELLIPSIS
2019: ...
0
"""

from gesundheitsregion.cli._errors import UserError
from gesundheitsregion.cli._main import COMMANDS, build_parser, main, script

__all__ = ["COMMANDS", "UserError", "build_parser", "main", "script"]
