"""Where the open data lives.

The product never ships the open data (boundaries, population, hospital sites); it reads them
from a data directory. The first of these wins:

1. the path given explicitly (CLI option ``--daten``),
2. the environment variable ``GESUNDHEITSREGION_DATEN``,
3. ``../shared/data`` beside the checkout (as on the developers' machines and in CI).

``gesundheitsregion daten-holen`` fills a directory from the official publishers for users
elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ENV_VAR", "DataDirError", "find_data_dir", "repository_root"]

ENV_VAR = "GESUNDHEITSREGION_DATEN"

#: Files every analysis of the demo region needs, relative to the data directory.
REQUIRED = (
    "boundaries/kreise_de_vg5000_2021-01-01.geojson",
    "population/gemeinden_de_gv100ad_2023-11-30.csv",
)


class DataDirError(RuntimeError):
    """Raised with a German message when no usable data directory is found."""


def repository_root() -> Path:
    """Return the checkout's root (the folder holding ``pyproject.toml``)."""
    return Path(__file__).resolve().parent.parent


def find_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to read open data from.

    Parameters
    ----------
    explicit
        A path the user named; it must exist.

    Raises
    ------
    DataDirError
        If no candidate exists; the message says how to provide one.

    Examples
    --------
    >>> find_data_dir().name
    'data'
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise DataDirError(
                f"Datenverzeichnis '{path}' existiert nicht. Bitte einen vorhandenen Ordner "
                "angeben oder ihn mit 'gesundheitsregion daten-holen --ziel ORDNER' befüllen."
            )
        return path
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return find_data_dir(from_env)
    beside = repository_root().parent / "shared" / "data"
    if beside.is_dir():
        return beside
    raise DataDirError(
        "Kein Datenverzeichnis gefunden. Entweder '--daten ORDNER' angeben, die "
        f"Umgebungsvariable {ENV_VAR} setzen oder die offenen Daten mit "
        "'gesundheitsregion daten-holen --ziel ORDNER' von den amtlichen Quellen "
        "(BKG, Destatis, Zensus) laden."
    )
