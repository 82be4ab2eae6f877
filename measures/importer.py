"""CSV/XLSX import of measures, all or nothing.

The table is described once by :data:`MEASURES` (a :class:`gesundheitsregion.schema.Schema`,
with the ``date`` kind for ``beginn`` and ``ende``) and read with the shared import mechanism
(:mod:`imports.tables`), as the partner registry is: limits before parsing, then every problem of
the header, the cells, the references and duplicates in one answer, each naming file, row and
column. On top of the schema this module checks what only the database knows: Handlungsfelder,
responsible organisations (name or IK-Nummer) and measures that already exist; each is read once
into a dictionary, so the dry run makes no query per row. :func:`apply_import` creates every row
in one transaction, or none.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction

from gesundheitsregion.schema import Column, Schema
from gesundheitsregion.validation import Problem
from imports.tables import Choices, Table, read_table
from measures.models import Measure, MeasureStatus
from registry.models import Organisation

__all__ = [
    "MEASURES",
    "MeasureRow",
    "MeasuresPlan",
    "apply_import",
    "import_measures",
    "plan_import",
    "read_measures",
]

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
        Column("beginn", "date", required=False),
        Column("ende", "date", required=False),
        Column(
            "verantwortlich", required=False, expected="Namen oder IK-Nummern, getrennt durch ';'"
        ),
        Column("oeffentlich", "bool", required=False),
        Column("beschreibung", required=False),
    ),
    # No ``unique`` here: a title may repeat only in another Handlungsfeld, and a Handlungsfeld
    # can be given by slug or name, so duplicates are found after resolving it (_Lookups).
)

#: The header and one example row of the template offered for download.
TEMPLATE_ROWS = [
    [c.name for c in MEASURES.columns],
    [
        "Gemeinsame Hygienefachkraft",
        "nachhaltigkeit",
        "laufend",
        "40",
        "01.01.2025",
        "31.12.2026",
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
    handlungsfeld: object
    status: str
    progress: int
    start: dt.date | None
    end: dt.date | None
    is_public: bool
    description: str
    responsible: list[Organisation] = field(default_factory=list)


@dataclass
class MeasuresPlan:
    """What the file would create (every row is a new measure)."""

    source: str
    rows: list[MeasureRow]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> list[MeasureRow]:
        return self.rows


class _Lookups:
    """Handlungsfelder, organisations and existing measures, each read with one query."""

    def __init__(self):
        from measures.models import Handlungsfeld  # the taxonomy may move; resolved late

        felder = list(Handlungsfeld.objects.all())
        self.felder = {f.slug: f for f in felder}
        self.choices = Choices.of([(f.slug, f.slug) for f in felder])
        self.choices.accepted.update({f.name.lower(): f.slug for f in felder})
        self.by_ik: dict[str, list[Organisation]] = defaultdict(list)
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in Organisation.objects.only("pk", "name", "ik_number", "parent_id"):
            if organisation.ik_number:
                self.by_ik[organisation.ik_number].append(organisation)
            self.by_name[organisation.name.lower()].append(organisation)
        self.existing = set(Measure.objects.values_list("title", "handlungsfeld_id"))

    def organisations(self, table: Table, row: int, text: str) -> list[Organisation]:
        found: list[Organisation] = []
        for token in filter(None, (t.strip() for t in text.split(";"))):
            matches = self._candidates(token)
            if len(matches) == 1:
                found += [] if matches[0] in found else matches
            elif matches:
                table.problem(
                    row,
                    "verantwortlich",
                    f"'{token}' passt auf mehrere Organisationen; bitte die IK-Nummer angeben",
                )
            else:
                table.problem(
                    row,
                    "verantwortlich",
                    f"'{token}' ist keine Organisation des "
                    "Partnerverzeichnisses (Name oder IK-Nummer)",
                )
        return found

    def _candidates(self, token: str) -> list[Organisation]:
        if token.isdigit() and len(token) == 9:
            holders = self.by_ik.get(token, [])
            # A Träger shares its IK-Nummer with its sites: the IK-Nummer names the Träger.
            top = [o for o in holders if not any(o.parent_id == h.pk for h in holders)]
            return top if len(holders) > 1 else holders
        return self.by_name.get(token.lower(), [])


def plan_import(path: str | os.PathLike[str]) -> MeasuresPlan:
    """Read and check a measures table; return what it would create or raise with every
    problem (:class:`gesundheitsregion.validation.ValidationError`); nothing is written."""
    lookups = _Lookups()
    statuses = Choices.of(list(MeasureStatus.choices))
    table = read_table(
        Path(path), MEASURES, choices={"handlungsfeld": lookups.choices, "status": statuses}
    )
    seen: dict[tuple[str, int], int] = {}
    rows = [
        _row(table, number, record, lookups, seen)
        for number, record in zip(table.rows, table.records(), strict=True)
    ]
    table.raise_problems()
    return MeasuresPlan(table.source, [r for r in rows if r is not None], table.warnings)


def _row(table: Table, number: int, record: dict, lookups: _Lookups, seen) -> MeasureRow | None:
    title = (record.get("titel") or "").strip()
    feld = lookups.felder.get(record.get("handlungsfeld") or "")
    item = MeasureRow(
        number,
        title,
        feld,
        record.get("status") or MeasureStatus.GEPLANT,
        record.get("fortschritt") if record.get("fortschritt") is not None else 0,
        record.get("beginn"),
        record.get("ende"),
        record.get("oeffentlich") if record.get("oeffentlich") is not None else True,
        (record.get("beschreibung") or "").strip(),
        lookups.organisations(table, number, record.get("verantwortlich") or ""),
    )
    _model_problems(table, item)
    if feld is None or not title:
        return None  # reported by the schema
    first = seen.setdefault((title, feld.pk), number)
    if first != number:
        table.problem(
            number,
            "titel",
            f"die Maßnahme '{title}' steht schon in Zeile {first} (gleiches Handlungsfeld)",
        )
    elif (title, feld.pk) in lookups.existing:
        table.problem(
            number, "titel", f"die Maßnahme '{title}' gibt es in diesem Handlungsfeld schon"
        )
    return item


_COLUMN_OF = {
    "title": "titel",
    "status": "status",
    "progress": "fortschritt",
    "start": "beginn",
    "end": "ende",
    "description": "beschreibung",
}


def _measure(item: MeasureRow) -> Measure:
    return Measure(
        title=item.title,
        handlungsfeld=item.handlungsfeld,
        status=item.status,
        progress=item.progress,
        start=item.start,
        end=item.end,
        is_public=item.is_public,
        description=item.description,
    )


def _model_problems(table: Table, item: MeasureRow) -> None:
    """The model's own rules (field lengths, end not before start, ...) without queries."""
    measure = _measure(item)
    reported = {(p.row, p.column) for p in table.problems if p.row == item.row}
    errors: dict[str, list[str]] = defaultdict(list)
    checked = set(_COLUMN_OF)
    exclude = [f.name for f in Measure._meta.fields if f.name not in checked]
    for check in (lambda: measure.clean_fields(exclude=exclude), measure.clean):
        try:
            check()
        except ModelValidationError as error:
            for name, messages in error.message_dict.items():
                errors[name] += messages
    for name, messages in errors.items():
        column = _COLUMN_OF.get(name)
        if (item.row, column) not in reported:
            table.problem(item.row, column, " ".join(str(m) for m in messages))
            reported.add((item.row, column))


@transaction.atomic
def apply_import(plan: MeasuresPlan) -> list[Measure]:
    """Create the measures of ``plan`` in one transaction."""
    created = []
    for item in plan.rows:
        measure = _measure(item)
        measure.full_clean()
        measure.save()
        measure.responsible.set(item.responsible)
        created.append(measure)
    return created


def read_measures(path: str | os.PathLike[str]) -> list[MeasureRow]:
    """The rows of :func:`plan_import` (kept for callers that need only them)."""
    return plan_import(path).rows


def import_measures(rows: list[MeasureRow]) -> list[Measure]:
    """Create ``rows`` in one transaction (see :func:`apply_import`)."""
    return apply_import(MeasuresPlan("", rows))
