"""Writing results: all files of a command or none, and one German message per failure.

Re-exported by :mod:`gesundheitsregion.io`, which is where callers take them from.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path

__all__ = ["Outputs", "WriteError", "check_output_path", "clean_leftovers", "write_error"]


class WriteError(Exception):
    """A result could not be written; the message names the file and the fix.

    Whatever was staged has been removed and earlier results are unchanged.
    """


def write_error(path: str | os.PathLike[str], error: OSError) -> WriteError:
    """Turn an operating-system error while writing ``path`` into one German message."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    code = error.errno
    if code == errno.EISDIR or path.is_dir():
        text = (
            f"'{path}' ist ein Ordner, keine Datei. Bitte einen Dateinamen angeben, "
            f"z. B. '{path / ('ergebnis' + (path.suffix or '.csv'))}'."
        )
    elif code in (errno.ENOENT, errno.ENOTDIR) and not folder.is_dir():
        text = (
            f"Den Ordner '{folder}' gibt es nicht. Bitte ihn anlegen oder einen vorhandenen "
            "Ordner angeben."
        )
    elif code in (errno.EACCES, errno.EPERM) and path.exists() and _writable(folder):
        text = (
            f"'{path}' lässt sich nicht überschreiben: die Datei ist schreibgeschützt oder in "
            "einem anderen Programm (etwa Excel) geöffnet. Bitte sie schließen oder "
            "freigeben, oder einen anderen Dateinamen angeben."
        )
    elif code in (errno.EACCES, errno.EPERM):
        text = (
            f"In den Ordner '{folder}' darf nicht geschrieben werden (keine Schreibrechte). "
            "Bitte einen anderen Ordner angeben."
        )
    elif code in (errno.ENOSPC, errno.EDQUOT):
        text = (
            f"'{path}' konnte nicht geschrieben werden: der Datenträger ist voll. Bitte Platz "
            "schaffen oder einen Ordner auf einem anderen Datenträger angeben."
        )
    elif code == errno.EROFS:
        text = (
            f"'{path}' konnte nicht geschrieben werden: der Datenträger ist schreibgeschützt. "
            "Bitte einen anderen Ordner angeben."
        )
    else:
        text = (
            f"'{path}' konnte nicht geschrieben werden ({error.strerror or error}). Bitte Pfad "
            "und Schreibrechte prüfen."
        )
    return WriteError(f"{text} Es wurde nichts geschrieben.")


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


class Outputs:
    """Result files written together: all of them or none.

    Each file is written under a temporary name beside its target (so the final rename stays
    on one file system); :meth:`commit` renames them all, and if one rename fails, restores
    every file replaced so far. Used as a context manager, it commits when the block ends
    without error and removes the temporary files otherwise; an :class:`OSError` becomes a
    :class:`WriteError` naming the target.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with Outputs() as out:
    ...     _ = out.path(folder / "a.txt").write_text("a")
    ...     _ = (out.folder(folder / "tabellen") / "b.txt").write_text("b")
    >>> sorted(str(p.relative_to(folder)) for p in folder.rglob("*.txt"))
    ['a.txt', 'tabellen/b.txt']
    """

    def __init__(self) -> None:
        self._token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._files: list[tuple[Path, Path]] = []
        self._folders: list[tuple[Path, Path]] = []
        self._created: list[Path] = []

    def path(self, target: str | os.PathLike[str]) -> Path:
        """The temporary path to write ``target`` to; its folder is created if missing."""
        target = Path(target)
        self._make_folder(target.parent)
        clean_leftovers(target.parent)
        temporary = target.with_name(f".{target.name}.{self._token}.tmp")
        self._files.append((temporary, target))
        return temporary

    def folder(self, target: str | os.PathLike[str]) -> Path:
        """A temporary folder whose files (and subfolders) end up in ``target``."""
        target = Path(target)
        self._make_folder(target)
        for folder in (target, *(p for p in target.iterdir() if _is_result_folder(p))):
            clean_leftovers(folder)
        staging = target / f".entstehend-{self._token}-{len(self._folders)}"
        staging.mkdir()
        self._folders.append((staging, target))
        return staging

    def _make_folder(self, folder: Path) -> None:
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        folder.mkdir(parents=True, exist_ok=True)
        self._created.extend(missing)

    def _pairs(self) -> list[tuple[Path, Path]]:
        pairs = list(self._files)
        for staging, target in self._folders:
            for file in sorted(p for p in staging.rglob("*") if p.is_file()):
                pairs.append((file, target / file.relative_to(staging)))
        return pairs

    def commit(self) -> list[Path]:
        """Rename every staged file to its target; all of them or none."""
        done: list[tuple[Path, Path | None]] = []
        target = None
        try:
            for temporary, target in self._pairs():
                target.parent.mkdir(parents=True, exist_ok=True)
                backup = None
                if target.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
                if target.exists():
                    backup = target.with_name(f".{target.name}.{self._token}.alt")
                    os.replace(target, backup)
                done.append((target, backup))
                os.replace(temporary, target)
        except OSError as error:
            self._roll_back(done)
            self.discard(folders=True)
            raise write_error(target, error) from error
        for _, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)
        self.discard()
        return [t for t, _ in done]

    def _roll_back(self, done: list[tuple[Path, Path | None]]) -> None:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)

    def discard(self, *, folders: bool = False) -> None:
        """Remove the temporary files (and, after a failure, the folders made for them)."""
        for temporary, _ in self._files:
            temporary.unlink(missing_ok=True)
        for staging, _ in self._folders:
            shutil.rmtree(staging, ignore_errors=True)
        if folders:
            for folder in sorted(self._created, key=lambda p: len(p.parts), reverse=True):
                with contextlib.suppress(OSError):  # not empty: something else lives there
                    folder.rmdir()

    def target_of(self, name: str | os.PathLike[str]) -> Path:
        """The target a temporary path stands for (for messages)."""
        name = Path(name)
        for temporary, target in self._files:
            if temporary == name:
                return target
        for staging, target in self._folders:
            if name.is_relative_to(staging):
                return target / name.relative_to(staging)
        return name

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind, error, trace) -> None:
        if error is None:
            self.commit()
            return
        self.discard(folders=True)
        if isinstance(error, OSError):
            named = error.filename or self._last_target()
            raise write_error(self.target_of(named), error) from error
        if type(error).__module__.startswith("pyogrio"):
            # GDAL reports a failed GeoJSON write (disk full, no rights) as its own error type.
            failure = OSError(errno.EIO, str(error))
            raise write_error(self._last_target(), failure) from error

    def _last_target(self) -> Path:
        """The file written last: the one a failure without a file name belongs to."""
        if self._files:
            return self._files[-1][1]
        return self._folders[-1][1] if self._folders else Path("Ausgabe")


_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.(?P<kind>tmp|alt)$")
_STAGING = re.compile(r"^\.entstehend-(?P<pid>\d+)-[0-9a-f]{8}-\d+$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, belongs to someone else
        return True
    return True


def _is_result_folder(path: Path) -> bool:
    return path.is_dir() and not path.name.startswith(".")


def clean_leftovers(folder: Path) -> None:
    """Remove what a killed earlier run left in ``folder``.

    A run killed outright (no chance to clean up) leaves its staging folder and temporary
    files, named with its process id; once that process is gone they are removed. A backup
    whose target is missing (killed between the two renames of :meth:`Outputs.commit`) is put
    back, so the earlier result returns.
    """
    with contextlib.suppress(OSError):  # a folder we cannot list has nothing of ours
        for entry in list(folder.iterdir()):
            found = _LEFTOVER.match(entry.name) or _STAGING.match(entry.name)
            if found is None or _alive(int(found["pid"])):
                continue
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            elif found.re is _LEFTOVER and found["kind"] == "alt":
                original = folder / found["name"]
                if original.exists():
                    entry.unlink(missing_ok=True)
                else:
                    os.replace(entry, original)
            else:
                entry.unlink(missing_ok=True)


def check_output_path(
    path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str] | None] = ()
) -> None:
    """Refuse an output path before anything runs: an input file, a folder, a device, a
    missing or read-only folder.

    Raises
    ------
    WriteError
        Naming the path and the fix.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    for given in inputs:
        if given is not None and _same_file(path, Path(given)):
            raise WriteError(
                f"'{path}' ist zugleich eine Eingabedatei und würde überschrieben. Bitte für "
                "das Ergebnis einen anderen Dateinamen angeben. Es wurde nichts geschrieben."
            )
    if path.is_dir():
        raise write_error(path, IsADirectoryError(errno.EISDIR, "is a directory"))
    if path.exists() and not path.is_file():
        raise WriteError(
            f"'{path}' ist keine gewöhnliche Datei (etwa ein Gerät). Bitte einen Dateinamen "
            "in einem Ordner angeben. Es wurde nichts geschrieben."
        )
    if not folder.is_dir():
        raise write_error(path, FileNotFoundError(errno.ENOENT, "no such folder"))
    if not _writable(folder):
        raise write_error(path, PermissionError(errno.EACCES, "permission denied"))
    if path.exists() and not os.access(path, os.W_OK):
        raise write_error(path, PermissionError(errno.EACCES, "permission denied"))


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()
