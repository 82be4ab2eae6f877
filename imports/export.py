"""Writing tables for spreadsheet programs, safe against formula injection.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a
formula by Excel and LibreOffice (``=HYPERLINK(...)`` opens a link, older versions even ran
commands). Following OWASP ("CSV Injection"), every export writes such a value with a leading
apostrophe, which the spreadsheet shows as text; numbers such as ``-3,5`` stay numbers. XLSX
cells are always written as strings, never as formulas. The importers undo the apostrophe and
warn in the dry run (:mod:`imports.tables`), so export → import keeps the value.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

__all__ = ["FORMULA_STARTS", "csv_bytes", "looks_like_formula", "neutralise", "xlsx_bytes"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d+([.,]\d+)?")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` for a formula (plain numbers are not)."""
    return text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text)


def neutralise(value: object) -> object:
    """``value`` as a spreadsheet must receive it: formula-like text gets an apostrophe.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"https://example.org\\")")
    '\\'=HYPERLINK("https://example.org")'
    >>> neutralise("-3,5"), neutralise("Klinikum A"), neutralise(12)
    ('-3,5', 'Klinikum A', 12)
    """
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV with ``;``, UTF-8 with BOM (so Excel shows the umlauts), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([neutralise(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """XLSX with every text cell written as a string (never a formula), neutralised."""
    import openpyxl
    from openpyxl.cell.cell import TYPE_STRING

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    for values in ([*header], *rows):
        cells = []
        for value in values:
            cell = openpyxl.cell.WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, str):
                cell.data_type = TYPE_STRING  # openpyxl would make "=..." a formula
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
