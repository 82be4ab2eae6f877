"""Uploaded tables between dry run and confirmation: limits, storage and expiry.

An upload is checked against the limits of the settings (``IMPORT_MAX_*``) *before* any parser
sees it: the file size, for CSV the number of lines, for XLSX the uncompressed size of the zip
members and the dimension every sheet declares. Then it is kept in a private folder of its own
under ``IMPORT_UPLOAD_ROOT`` until it is confirmed, replaced or older than
``IMPORT_UPLOAD_MAX_AGE`` seconds; :func:`purge_expired` deletes the old ones (called on every
upload and confirmation and by ``manage.py importe_aufraeumen``).
"""

from __future__ import annotations

import re
import secrets
import shutil
import time
import zipfile
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename

from gesundheitsregion.validation import Problem, ValidationError

__all__ = ["check_limits", "discard", "purge_expired", "store_upload", "stored_path"]

_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+)?(\d+)?(?::([A-Z]+)(\d+))?\"")
#: The dimension element stands before the sheet data; the head of the XML holds it.
_HEAD_BYTES = 64 * 1024


def _refuse(source: str, message: str) -> ValidationError:
    return ValidationError([Problem(source, None, None, message)])


def check_limits(path: Path, source: str | None = None) -> None:
    """Refuse a file beyond the limits before it is parsed.

    Raises
    ------
    gesundheitsregion.validation.ValidationError
        With one German message that names the limit and what to do.
    """
    source = source or path.name
    size = path.stat().st_size
    if size > settings.IMPORT_MAX_BYTES:
        raise _refuse(
            source,
            f"Die Datei ist {filesizeformat(size)} groß; erlaubt sind höchstens "
            f"{filesizeformat(settings.IMPORT_MAX_BYTES)}. Bitte in mehrere Dateien teilen.",
        )
    if path.suffix.lower() == ".xlsx":
        _check_xlsx(path, source)
    else:
        _check_lines(path, source)


def _too_many_rows(source: str, rows: int) -> ValidationError:
    return _refuse(
        source,
        f"Die Datei hat {rows} Datenzeilen; erlaubt sind höchstens {settings.IMPORT_MAX_ROWS} "
        "je Import. Bitte in mehrere Dateien teilen.",
    )


def _check_lines(path: Path, source: str) -> None:
    breaks, last = 0, b"\n"
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            breaks, last = breaks + chunk.count(b"\n"), chunk[-1:]
    lines = breaks + (last != b"\n")
    if lines - 1 > settings.IMPORT_MAX_ROWS:  # the header is no data row
        raise _too_many_rows(source, lines - 1)


def _check_xlsx(path: Path, source: str) -> None:
    try:
        book = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise _refuse(
            source, f"Die Datei ist keine lesbare XLSX-Arbeitsmappe ({error})."
        ) from error
    with book:
        members = book.infolist()
        unpacked = sum(m.file_size for m in members)
        if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
            raise _refuse(
                source,
                f"Die Arbeitsmappe entpackt sich auf {filesizeformat(unpacked)}; erlaubt sind "
                f"höchstens {filesizeformat(settings.IMPORT_MAX_UNPACKED_BYTES)}. Bitte nur "
                "die Tabelle speichern oder als CSV hochladen.",
            )
        for member in members:
            if member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml"):
                with book.open(member) as sheet:
                    _check_dimension(sheet.read(_HEAD_BYTES), source)
                with book.open(member) as sheet:
                    _check_content(sheet, source)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - ord("A") + 1
    return number


def _check_dimension(head: bytes, source: str) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return  # no dimension declared: the size limits above bound the sheet
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    if last_col is None or last_row is None:
        return
    rows = int(last_row) - int(first_row or b"1") + 1
    columns = _column_number(last_col) - _column_number(first_col or b"A") + 1
    if rows - 1 > settings.IMPORT_MAX_ROWS:  # the header is no data row
        raise _too_many_rows(source, rows - 1)
    if rows * columns > settings.IMPORT_MAX_CELLS:
        raise _refuse(
            source,
            f"Das Tabellenblatt umfasst {last_col.decode()}{last_row.decode()}, also "
            f"{rows * columns} Zellen; erlaubt sind höchstens {settings.IMPORT_MAX_CELLS}. "
            "Bitte leere Zeilen und Spalten unterhalb und rechts der Tabelle löschen.",
        )


def _count_tags(stream, patterns: tuple[bytes, ...]) -> list[int]:
    """Occurrences of each pattern in a stream read in chunks.

    Each pattern carries the last ``len(pattern) - 1`` bytes into the next chunk: too short to
    hold a whole match (none is counted twice), long enough to complete one split by the border.
    """
    counts = [0] * len(patterns)
    carries = [b""] * len(patterns)
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        for i, pattern in enumerate(patterns):
            data = carries[i] + chunk
            counts[i] += data.count(pattern)
            carries[i] = data[-(len(pattern) - 1) :] if len(pattern) > 1 else b""
    return counts


def _check_content(sheet, source: str) -> None:
    """The rows and cells the sheet really holds (its dimension may understate them)."""
    rows_open, rows_plain, cells_open, cells_plain = _count_tags(
        sheet, (b"<row ", b"<row>", b"<c ", b"<c>")
    )
    rows, cells = rows_open + rows_plain, cells_open + cells_plain
    if rows - 1 > settings.IMPORT_MAX_ROWS:  # the header is no data row
        raise _too_many_rows(source, rows - 1)
    if cells > settings.IMPORT_MAX_CELLS:
        raise _refuse(
            source,
            f"Das Tabellenblatt enthält {cells} Zellen; erlaubt sind höchstens "
            f"{settings.IMPORT_MAX_CELLS}. Bitte nur die Tabelle speichern.",
        )


def purge_expired(now: float | None = None) -> int:
    """Delete the uploads older than ``IMPORT_UPLOAD_MAX_AGE``; return how many."""
    root: Path = settings.IMPORT_UPLOAD_ROOT
    if not root.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - settings.IMPORT_UPLOAD_MAX_AGE
    purged = 0
    for folder in root.iterdir():
        try:
            expired = folder.is_dir() and folder.stat().st_mtime < limit
        except FileNotFoundError:  # purged by another worker meanwhile
            continue
        if expired:
            shutil.rmtree(folder, ignore_errors=True)
            purged += 1
    return purged


def store_upload(upload) -> str:
    """Keep the upload under its own name (messages name the file); return its token."""
    root: Path = settings.IMPORT_UPLOAD_ROOT
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(mode=0o700)
    path = folder / (get_valid_filename(Path(upload.name).name) or "import.csv")
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return token


def stored_path(token: str) -> Path | None:
    """The file kept for ``token``, or None if it expired or never existed."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder: Path = settings.IMPORT_UPLOAD_ROOT / token
    try:
        if folder.stat().st_mtime < time.time() - settings.IMPORT_UPLOAD_MAX_AGE:
            discard(token)
            return None
        return next(folder.iterdir(), None)
    except FileNotFoundError:
        return None


def discard(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        shutil.rmtree(settings.IMPORT_UPLOAD_ROOT / token, ignore_errors=True)
