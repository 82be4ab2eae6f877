"""CSV/XLSX import of measures, all or nothing.

The table is described once by :data:`MEASURES` (a :class:`gesundheitsregion.schema.Schema`) and
read with :mod:`gesundheitsregion.io`, so every problem names file, row and column exactly as
the analysis data does. On top of the schema this module checks what only the database knows:
Handlungsfelder, responsible organisations (name or IK-Nummer), real dates and measures that
already exist. Either every row is valid and all are created in one transaction, or nothing is.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

import pandas as pd
from django.db import transaction

from gesundheitsregion import io
from gesundheitsregion.schema import Column, Schema
from gesundheitsregion.validation import (
    Problem,
    ValidationError,
    normalise_column_name,
    validate,
)
from measures.models import Handlungsfeld, Measure, MeasureStatus
from registry.models import Organisation

__all__ = ["MEASURES", "MeasureRow", "import_measures", "read_measures"]

_DATE_PATTERN = r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}"
_DATE_EXPECTED = "ein Datum wie 2025-03-31 oder 31.03.2025"

MEASURES = Schema(
    "massnahmen",
    (
        Column("titel", expected="der Titel der Maßnahme"),
        #: Allowed values (slugs and names of the Handlungsfelder) come from the database.
        Column("handlungsfeld"),
        Column("status", required=False, choices=tuple(MeasureStatus.values)),
        Column(
            "fortschritt",
            "int",
            required=False,
            minimum=0,
            maximum=100,
            expected="eine ganze Zahl von 0 bis 100",
        ),
        Column("beginn", required=False, pattern=_DATE_PATTERN, expected=_DATE_EXPECTED),
        Column("ende", required=False, pattern=_DATE_PATTERN, expected=_DATE_EXPECTED),
        Column(
            "verantwortlich", required=False, expected="Namen oder IK-Nummern, getrennt durch ';'"
        ),
        Column("oeffentlich", "bool", required=False),
        Column("beschreibung", required=False),
    ),
    # No ``unique`` here: a title may repeat only in another Handlungsfeld, and a Handlungsfeld
    # can be given by slug or name, so duplicates are found after resolving it (_Checker.row).
)

#: The header and one example row of the template offered for download.
TEMPLATE_ROWS = [
    [c.name for c in MEASURES.columns],
    [
        "Gemeinsame Hygienefachkraft",
        "nachhaltigkeit",
        "laufend",
        "40",
        "2025-01-01",
        "2026-12-31",
        "Klinikum A; 260141234",
        "ja",
        "Kurzbeschreibung der Maßnahme",
    ],
]


@dataclass
class MeasureRow:
    """One valid row, ready to be created."""

    row: int
    title: str
    handlungsfeld: Handlungsfeld
    status: str
    progress: int
    start: dt.date | None
    end: dt.date | None
    is_public: bool
    description: str
    responsible: list[Organisation] = field(default_factory=list)


def _parse_date(text: str) -> dt.date:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.date.fromisoformat(text)
    return dt.datetime.strptime(text, "%d.%m.%Y").date()


def _text(cells: pd.DataFrame, column: str, position: int) -> str:
    if column not in cells.columns:
        return ""
    value = cells[column].iloc[position]
    return "" if value is None or value is pd.NA else str(value).strip()


class _Checker:
    """The checks the schema cannot make, one problem per row and column."""

    def __init__(self, source: str, unit: str):
        self.source, self.unit = source, unit
        self.problems: list[Problem] = []
        self.felder = {f.slug: f for f in Handlungsfeld.objects.all()}
        self.felder |= {f.name: f for f in self.felder.values()}
        self.seen: dict[tuple[str, int], int] = {}

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(self.source, row, column, message, self.unit))

    def date(self, row: int, column: str, text: str) -> dt.date | None:
        if not re.fullmatch(_DATE_PATTERN, text):
            return None  # empty, or reported by the schema
        try:
            return _parse_date(text)
        except ValueError:
            self.problem(row, column, f"'{text}' ist kein gültiges Datum")
            return None

    def organisations(self, row: int, text: str) -> list[Organisation]:
        found = []
        for token in filter(None, (t.strip() for t in text.split(";"))):
            key = {"ik_number": token} if re.fullmatch(r"\d{9}", token) else {"name__iexact": token}
            matches = list(Organisation.objects.filter(**key)[:2])
            if len(matches) == 1:
                found += [] if matches[0] in found else matches
            elif matches:
                self.problem(
                    row,
                    "verantwortlich",
                    f"'{token}' passt auf mehrere Organisationen; bitte die IK-Nummer angeben",
                )
            else:
                self.problem(
                    row,
                    "verantwortlich",
                    f"'{token}' ist keine Organisation des "
                    "Partnerverzeichnisses (Name oder IK-Nummer)",
                )
        return found

    def row(self, cells: pd.DataFrame, position: int, row: int) -> MeasureRow | None:
        start = self.date(row, "beginn", _text(cells, "beginn", position))
        end = self.date(row, "ende", _text(cells, "ende", position))
        if start and end and end < start:
            self.problem(row, "ende", "das Ende liegt vor dem Beginn")
        responsible = self.organisations(row, _text(cells, "verantwortlich", position))
        title = _text(cells, "titel", position)
        limit = Measure._meta.get_field("title").max_length
        if len(title) > limit:
            self.problem(
                row,
                "titel",
                f"der Titel ist {len(title)} Zeichen lang; erlaubt sind höchstens {limit}",
            )
        feld = self.felder.get(_text(cells, "handlungsfeld", position))
        if feld is None or not title:
            return None  # reported by the schema
        first = self.seen.setdefault((title, feld.pk), row)
        if first != row:
            self.problem(
                row,
                "titel",
                f"die Maßnahme '{title}' steht schon in Zeile {first} (gleiches Handlungsfeld)",
            )
        elif Measure.objects.filter(title=title, handlungsfeld=feld).exists():
            self.problem(
                row, "titel", f"die Maßnahme '{title}' gibt es in diesem Handlungsfeld schon"
            )
        return MeasureRow(row, title, feld, "", 0, start, end, True, "", responsible)


def read_measures(path: str | os.PathLike[str]) -> list[MeasureRow]:
    """Read and check a measures table; return its rows or raise with every problem.

    Raises
    ------
    gesundheitsregion.validation.ValidationError
        Listing every problem with file, row and column; nothing has been written.
    """
    raw = io.read_cells(path)
    cells = raw.cells.rename(columns=normalise_column_name)
    checker = _Checker(raw.source, raw.unit)
    problems: list[Problem] = []
    typed = None
    try:
        typed = validate(
            cells,
            MEASURES,
            source=raw.source,
            row_numbers=raw.rows,
            unit=raw.unit,
            choices={"handlungsfeld": list(checker.felder)},
        )
    except ValidationError as error:
        problems = error.problems
        if any(p.row is None for p in problems):  # a missing column: rows cannot be read
            raise
    rows = [checker.row(cells, i, row) for i, row in enumerate(raw.rows)]
    problems += checker.problems
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    if not rows:
        raise ValidationError([Problem(raw.source, None, None, "Die Datei enthält keine Zeilen")])
    for position, item in enumerate(rows):
        record = typed.iloc[position]
        status = record.get("status")
        item.status = str(status) if pd.notna(status) else MeasureStatus.GEPLANT
        progress = record.get("fortschritt")
        item.progress = int(progress) if pd.notna(progress) else 0
        public = record.get("oeffentlich")
        item.is_public = bool(public) if pd.notna(public) else True
        item.description = _text(cells, "beschreibung", position)
    return rows


@transaction.atomic
def import_measures(rows: list[MeasureRow]) -> list[Measure]:
    """Create the measures of ``rows`` in one transaction."""
    created = []
    for item in rows:
        measure = Measure(
            title=item.title,
            handlungsfeld=item.handlungsfeld,
            status=item.status,
            progress=item.progress,
            start=item.start,
            end=item.end,
            is_public=item.is_public,
            description=item.description,
        )
        measure.full_clean()
        measure.save()
        measure.responsible.set(item.responsible)
        created.append(measure)
    return created
