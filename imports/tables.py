"""Reading an uploaded table with every problem at once.

:func:`read_table` checks the limits (:mod:`imports.uploads`), reads the cells with the analysis
library (:func:`gesundheitsregion.io.read_cells`), and then collects in one pass the problems of
the header (missing, unknown, doubled columns), of every cell (form, range, allowed values, dates
via the schema's ``date`` kind) and of an empty file. Unlike
:func:`gesundheitsregion.validation.validate`, it does not stop at the first kind of problem: a
cell with a problem is left empty in the typed table and the importer goes on to check
references and uniqueness, so the user gets the whole list with one upload.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd
from django.conf import settings

from gesundheitsregion.io import read_cells
from gesundheitsregion.schema import Schema
from gesundheitsregion.validation import Problem, ValidationError, normalise_column_name, validate
from imports.export import FORMULA_STARTS, looks_like_formula
from imports.uploads import check_limits

__all__ = ["Choices", "Table", "read_table"]


@dataclass(frozen=True)
class Choices:
    """The allowed values of a column: accepted spellings (case-insensitive) → stored value,
    and the label of each stored value, which messages list."""

    accepted: dict[str, str]
    labels: dict[str, str]

    @classmethod
    def of(cls, pairs: list[tuple[str, str]]) -> Choices:
        """From (value, label) pairs: both are accepted, the labels are shown."""
        accepted = {str(v).lower(): v for v, _ in pairs} | {str(lb).lower(): v for v, lb in pairs}
        return cls(accepted, {v: str(label) for v, label in pairs})

    def problem(self, text: str) -> str:
        close = difflib.get_close_matches(text.lower(), list(self.accepted), n=1, cutoff=0.6)
        hint = f" Meinten Sie '{self.labels[self.accepted[close[0]]]}'?" if close else ""
        return f"'{text}' ist nicht erlaubt; erlaubt: {', '.join(self.labels.values())}.{hint}"


@dataclass
class Table:
    """An uploaded table: text cells, typed values and every problem and warning found."""

    source: str
    unit: str
    rows: list[int]
    cells: pd.DataFrame
    typed: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def problem(self, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.source, row, column, message, self.unit))

    def raise_problems(self) -> None:
        """Raise with every problem, sorted by row and column, if there are any."""
        if self.problems:
            raise ValidationError(sorted(self.problems, key=_position))

    def records(self) -> list[dict]:
        """The typed rows as dicts (missing values as None)."""
        typed = self.typed.astype(object).where(self.typed.notna(), None)
        return typed.to_dict("records")


def _position(problem: Problem) -> tuple[int, str]:
    return problem.row or 0, problem.column or ""


def read_table(
    path: Path,
    schema: Schema,
    *,
    zero_pad: dict[str, int] | None = None,
    choices: dict[str, Choices] | None = None,
) -> Table:
    """Read ``path`` against ``schema``; the returned table carries all problems found.

    Raises
    ------
    gesundheitsregion.validation.ValidationError
        Only when the file cannot be read as a table at all (limits, format, encoding, no
        header, no data row).
    """
    check_limits(path)
    raw = read_cells(path, zero_pad)
    if len(raw.rows) > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            [
                Problem(
                    raw.source,
                    None,
                    None,
                    f"Die Datei hat {len(raw.rows)} Datenzeilen; erlaubt sind höchstens "
                    f"{settings.IMPORT_MAX_ROWS} je Import. Bitte in mehrere Dateien teilen.",
                )
            ]
        )
    cells = _without_blank_columns(raw.cells.rename(columns=normalise_column_name))
    table = Table(raw.source, raw.unit, list(raw.rows), cells, cells.copy())
    _check_header(table, schema)
    if not raw.rows:
        table.problem(
            None,
            None,
            "Die Datei enthält nur die Kopfzeile und keine Datenzeilen; es gibt nichts zu "
            "importieren. Bitte die Zeilen unter der Kopfzeile ergänzen.",
        )
        table.raise_problems()
    _flag_formulas(table, schema)
    _parse_cells(table, schema, choices or {})
    return table


def _without_blank_columns(cells: pd.DataFrame) -> pd.DataFrame:
    # Spreadsheets often end lines with an extra separator: a nameless, empty column.
    blank = [
        i
        for i, name in enumerate(cells.columns)
        if not name and not cells.iloc[:, i].fillna("").str.strip().ne("").any()
    ]
    return cells.iloc[:, [i for i in range(cells.shape[1]) if i not in blank]]


def _check_header(table: Table, schema: Schema) -> None:
    known = [c.name for c in schema.columns]
    seen: set[str] = set()
    for name in table.cells.columns:
        if name in seen:
            table.problem(None, name, "Spalte kommt doppelt vor; bitte eine davon löschen")
        elif name not in known:
            table.problem(
                None,
                name,
                f"unbekannte Spalte; erlaubt sind {', '.join(known)}. "
                "Bitte die Kopfzeile wie im Export oder in der Vorlage schreiben.",
            )
        seen.add(name)
    present = ", ".join(map(str, dict.fromkeys(table.cells.columns))) or "keine"
    for name in schema.required:
        if name not in seen:
            table.problem(
                None,
                name,
                f"Spalte fehlt. Pflichtspalten sind {', '.join(schema.required)}; "
                f"die Datei hat {present}. Bitte die Kopfzeile ergänzen.",
            )
    # Doubled and unknown columns are left out of the cell checks, which still run.
    first: dict[str, int] = {}
    for position, name in enumerate(table.cells.columns):
        if name in known:
            first.setdefault(name, position)
    table.cells = table.cells.iloc[:, sorted(first.values())]
    table.typed = table.cells.copy()


def _flag_formulas(table: Table, schema: Schema) -> None:
    """Warn of cells a spreadsheet would run as a formula; undo the export's apostrophe."""
    for col in schema.columns:
        if col.kind != "text" or col.name not in table.cells.columns:
            continue
        values = table.cells[col.name]
        for position, value in enumerate(values.tolist()):
            if value is None or value is pd.NA or not value:
                continue
            text = value
            if text.startswith("'") and text[1:2] in FORMULA_STARTS:
                text = text[1:]  # neutralised by our own export
                table.cells.iat[position, table.cells.columns.get_loc(col.name)] = text
            if looks_like_formula(text):
                table.warnings.append(
                    Problem(
                        table.source,
                        table.rows[position],
                        col.name,
                        f"'{text[:40]}' beginnt mit '{text[0]!s}' und würde in einer "
                        "Tabellenkalkulation als Formel ausgeführt; der Wert wird als Text "
                        "übernommen und im Export mit einem Apostroph entschärft.",
                        table.unit,
                    )
                )


def _parse_cells(table: Table, schema: Schema, choices: dict[str, Choices]) -> None:
    typed = table.cells.copy()
    for col in schema.columns:
        if col.name not in table.cells.columns:
            continue
        if col.name in choices:
            typed[col.name] = _choice_column(table, col.name, col.required, choices[col.name])
            continue
        typed[col.name] = _library_column(table, schema, col)
    table.typed = typed
    _check_together(table, schema)


def _check_together(table: Table, schema: Schema) -> None:
    reported = {(p.row, p.column) for p in table.problems}
    for group in schema.together:
        if not set(group) <= set(table.typed.columns):
            continue  # a missing column of the group leaves the group alone
        given = table.typed[list(group)].notna().to_numpy()
        for position, row in enumerate(given):
            if row.any() and not row.all():
                empty = next(c for c, g in zip(group, row, strict=True) if not g)
                if (table.rows[position], empty) not in reported:
                    table.problem(
                        table.rows[position],
                        empty,
                        f"Wert fehlt: {' und '.join(group)} müssen zusammen angegeben werden",
                    )


def _choice_column(table: Table, name: str, required: bool, choices: Choices) -> pd.Series:
    out = []
    for row, value in zip(table.rows, table.cells[name].tolist(), strict=True):
        text = "" if value is None or value is pd.NA else str(value).strip()
        stored = choices.accepted.get(text.lower()) if text else None
        if not text and required:
            table.problem(row, name, "Wert fehlt")
        elif text and stored is None:
            table.problem(row, name, choices.problem(text))
        out.append(stored)
    return pd.Series(out, index=table.cells.index, dtype="object")


def _library_column(table: Table, schema: Schema, col) -> pd.Series:
    """Parse one column with the library's rules; cells with a problem become empty."""
    frame = table.cells[[col.name]]
    single = Schema(schema.name, (col,))
    options = dict(source=table.source, row_numbers=table.rows, unit=table.unit)
    try:
        return validate(frame, single, **options)[col.name]
    except ValidationError as error:
        table.problems.extend(error.problems)
        bad = {p.row for p in error.problems}
        cleared = frame.copy()
        cleared.loc[[row in bad for row in table.rows], col.name] = pd.NA
        lenient = Schema(schema.name, (replace(col, required=False),))
        return validate(cleared, lenient, **options)[col.name]
