"""Import and export of the partner registry as CSV or XLSX.

The table is fixed once in :data:`SCHEMA` and checked with the analysis library's rules
(:func:`gesundheitsregion.validation.validate`): every problem names file, row and column.
Then every row is checked as a model (``full_clean``), references (``gehoert_zu``,
``handlungsfelder``) are resolved, and all problems are collected before anything is
written. :func:`apply_import` writes all rows in one transaction, so nothing is half-imported.

Rows update existing organisations matched by IK-Nummer, else by exact name and postcode;
other rows create new ones. A column that is absent leaves that field as it is; an empty
cell in a present column clears it. The export writes the same columns, so export → import
changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction

from gesundheitsregion.io import read_cells
from gesundheitsregion.schema import Column, Schema
from gesundheitsregion.validation import (
    Problem,
    ValidationError,
    normalise_column_name,
    validate,
)
from registry.models import NetworkMembership, Organisation, OrganisationType
from vocabulary.models import Handlungsfeld

__all__ = [
    "SCHEMA",
    "ImportPlan",
    "RowPlan",
    "apply_import",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "plan_import",
]

_DATE = r"\d{4}-\d{2}-\d{2}( 00:00:00)?|\d{1,2}\.\d{1,2}\.\d{4}"
_DATE_EXPECTED = "ein Datum wie 2024-01-31 oder 31.01.2024"

SCHEMA = Schema(
    "partnerverzeichnis",
    (
        Column("name", expected="der Name der Organisation"),
        Column("art", choices=tuple(OrganisationType.values)),
        Column("gehoert_zu", required=False),
        Column("ik_nummer", required=False, pattern=r"\d{9}", expected="eine neunstellige Zahl"),
        Column("bsnr", required=False, pattern=r"\d{9}", expected="eine neunstellige Zahl"),
        Column(
            "inek_standortnummer",
            required=False,
            pattern=r"\d{6}",
            expected="eine sechsstellige Zahl",
        ),
        Column("ags", required=False, pattern=r"\d{8}", expected="eine achtstellige Zahl"),
        Column("strasse", required=False),
        Column("plz", required=False, pattern=r"\d{5}", expected="eine fünfstellige Postleitzahl"),
        Column("ort", required=False),
        Column("kreis", required=False),
        Column("lon", "float", required=False, minimum=-180, maximum=180),
        Column("lat", "float", required=False, minimum=-90, maximum=90),
        Column("website", required=False),
        Column(
            "handlungsfelder",
            required=False,
            pattern=r"[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9_-]+)*",
            expected="Kürzel durch Komma getrennt, z. B. 'patienten, bildung'",
        ),
        Column("mitglied_seit", required=False, pattern=_DATE, expected=_DATE_EXPECTED),
        Column("mitglied_bis", required=False, pattern=_DATE, expected=_DATE_EXPECTED),
        Column("oeffentlich", "bool", required=False),
    ),
    together=(("lon", "lat"),),
)
COLUMNS = tuple(c.name for c in SCHEMA.columns)

#: Text columns copied to a model field one to one.
_TEXT_FIELDS = {
    "name": "name",
    "art": "kind",
    "ik_nummer": "ik_number",
    "bsnr": "bsnr",
    "inek_standortnummer": "inek_site_number",
    "ags": "ags",
    "strasse": "street",
    "plz": "postcode",
    "ort": "city",
    "kreis": "kreis",
    "website": "website",
}
_COLUMN_OF = {
    **{f: c for c, f in _TEXT_FIELDS.items()},
    "lon": "lon",
    "lat": "lat",
    "is_public": "oeffentlich",
    "parent": "gehoert_zu",
}
#: Spreadsheet programs turn keys into numbers and drop leading zeros; restore them.
_ZERO_PAD = {"plz": 5, "ags": 8, "ik_nummer": 9, "bsnr": 9, "inek_standortnummer": 6}
_KINDS = {
    **{value.lower(): value for value in OrganisationType.values},
    **{str(label).lower(): value for value, label in OrganisationType.choices},
}


@dataclass
class RowPlan:
    """What one row of the file does."""

    row: int
    organisation: Organisation
    created: bool
    changed: list[str] = field(default_factory=list)
    #: None: leave the parent; "": no parent; else the reference in the file.
    parent_ref: str | None = None
    parent: Organisation | RowPlan | None = None
    handlungsfelder: list[Handlungsfeld] | None = None
    membership: tuple[dt.date, dt.date | None] | None = None


@dataclass
class ImportPlan:
    source: str
    rows: list[RowPlan]

    @property
    def created(self) -> list[RowPlan]:
        return [r for r in self.rows if r.created]

    @property
    def updated(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.created and r.changed]

    @property
    def unchanged(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.created and not r.changed]


# --- reading --------------------------------------------------------------------------------


def read_registry_table(path: str | Path):
    """Read and check the file against :data:`SCHEMA`; raise ``ValidationError`` with all
    problems of the table itself (form of every cell, missing or unknown columns)."""
    raw = read_cells(path, _ZERO_PAD)
    cells = raw.cells.rename(columns=normalise_column_name)
    # Spreadsheets often end lines with an extra separator: a nameless, empty column.
    blank = [
        i
        for i, name in enumerate(cells.columns)
        if not name and not cells.iloc[:, i].fillna("").str.strip().ne("").any()
    ]
    cells = cells.iloc[:, [i for i in range(cells.shape[1]) if i not in blank]]
    problems = _column_problems(list(cells.columns), raw.source)
    if problems:
        raise ValidationError(problems)
    if "art" in cells.columns:
        # Accept the labels users read ("Arztpraxis/MVZ") as well as the stored values.
        cells["art"] = cells["art"].map(
            lambda v: _KINDS.get(str(v).strip().lower(), v), na_action="ignore"
        )
    table = validate(cells, SCHEMA, source=raw.source, row_numbers=raw.rows, unit=raw.unit)
    table.attrs.update(source=raw.source, rows=raw.rows, unit=raw.unit)
    return table


def _column_problems(columns: list[str], source: str) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            problems.append(Problem(source, None, name, "Spalte kommt doppelt vor"))
        elif name not in COLUMNS:
            problems.append(
                Problem(
                    source,
                    None,
                    name,
                    f"unbekannte Spalte; erlaubt sind {', '.join(COLUMNS)}. "
                    "Bitte die Kopfzeile wie im Export schreiben.",
                )
            )
        seen.add(name)
    return problems


# --- planning -------------------------------------------------------------------------------


def plan_import(path: str | Path) -> ImportPlan:
    """Check the file and work out what it would create and change, writing nothing.

    Raises
    ------
    gesundheitsregion.validation.ValidationError
        With every problem found, each naming file, row and column.
    """
    table = read_registry_table(path)
    source, rows, unit = table.attrs["source"], table.attrs["rows"], table.attrs["unit"]
    present = set(table.columns)
    fields = {h.slug: h for h in Handlungsfeld.objects.all()}
    problems: list[Problem] = []
    plans: list[RowPlan] = []
    matched: dict[int, int] = {}
    keys: dict[tuple[str, ...], int] = {}
    for number, record in zip(rows, table.to_dict("records"), strict=True):
        issues: list[tuple[str | None, str]] = []
        key = _row_key(record)
        if key in keys:
            issues.append((key[0], f"dieselbe Organisation steht schon in Zeile {keys[key]}"))
        keys.setdefault(key, number)
        plan = _plan_row(number, record, present, fields, matched, issues)
        problems += [Problem(source, number, column, text, unit) for column, text in issues]
        if plan is not None:
            plans.append(plan)
    problems += [Problem(source, r, c, t, unit) for r, c, t in _resolve_parents(plans)]
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return ImportPlan(source, plans)


def _row_key(record) -> tuple[str, ...]:
    ik = _text(record.get("ik_nummer"))
    if ik:
        return ("ik_nummer", ik)
    return ("name", _text(record.get("name")), _text(record.get("plz")))


def _text(value) -> str:
    return "" if value is None or _missing(value) else str(value).strip()


def _missing(value) -> bool:
    try:
        return bool(value != value)  # NaN is not equal to itself
    except TypeError:  # pandas.NA refuses bool()
        return True


def _plan_row(number, record, present, fields, matched, issues) -> RowPlan | None:
    existing, problem = _match(record)
    if problem:
        issues.append(problem)
        return None
    if existing is not None and existing.pk in matched:
        issues.append((None, f"beschreibt dieselbe Organisation wie Zeile {matched[existing.pk]}"))
        return None
    organisation = existing or Organisation()
    if existing is not None:
        matched[existing.pk] = number
    before = _snapshot(organisation)
    for column, name in _TEXT_FIELDS.items():
        if column in present:
            setattr(organisation, name, _text(record[column]))
    if "oeffentlich" in present and not _missing(record["oeffentlich"]):
        organisation.is_public = bool(record["oeffentlich"])
    _place(organisation, record, present, created=existing is None)
    organisation.fill_kreis()
    issues += _model_problems(organisation)
    plan = RowPlan(number, organisation, created=existing is None)
    plan.changed = [c for c, v in _snapshot(organisation).items() if before[c] != v]
    if "gehoert_zu" in present:
        plan.parent_ref = _text(record["gehoert_zu"])
    if "handlungsfelder" in present:
        plan.handlungsfelder = _handlungsfelder(record["handlungsfelder"], fields, issues)
        old = set() if existing is None else {h.slug for h in existing.handlungsfelder.all()}
        if plan.handlungsfelder is not None and {h.slug for h in plan.handlungsfelder} != old:
            plan.changed.append("handlungsfelder")
    plan.membership = _membership(record, present, issues)
    if plan.membership and existing is not None and _membership_changes(existing, plan.membership):
        plan.changed.append("mitglied_seit/mitglied_bis")
    return plan


def _match(record) -> tuple[Organisation | None, tuple[str | None, str] | None]:
    ik = _text(record.get("ik_nummer"))
    if ik:
        found = list(Organisation.objects.filter(ik_number=ik)[:2])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, ("ik_nummer", f"IK-Nummer {ik} ist im Verzeichnis mehrfach vergeben")
    name, postcode = _text(record.get("name")), _text(record.get("plz"))
    found = list(Organisation.objects.filter(name=name, postcode=postcode)[:2])
    if len(found) > 1:
        return None, (
            "name",
            f"'{name}' ({postcode or 'ohne PLZ'}) gibt es mehrfach im Verzeichnis; "
            "bitte die IK-Nummer angeben",
        )
    return (found[0] if found else None), None


def _snapshot(organisation: Organisation) -> dict[str, object]:
    values = {c: getattr(organisation, f) for c, f in _TEXT_FIELDS.items()}
    values.update(
        lon=organisation.lon,
        lat=organisation.lat,
        oeffentlich=organisation.is_public,
    )
    return values


def _place(organisation: Organisation, record, present, *, created: bool) -> None:
    """Coordinates from the file; else the postcode centroid (marked approximate)."""
    if {"lon", "lat"} <= present and not _missing(record["lon"]):
        organisation.lon, organisation.lat = float(record["lon"]), float(record["lat"])
        organisation.location_approximate = False
        return
    has_own = organisation.lon is not None and not organisation.location_approximate
    if "lon" in present or created or not has_own:
        organisation.place_by_postcode()


def _model_problems(organisation: Organisation) -> list[tuple[str | None, str]]:
    try:
        organisation.full_clean(exclude=["parent"], validate_unique=False)
    except ModelValidationError as error:
        return [
            (_COLUMN_OF.get(name), " ".join(str(m) for m in messages))
            for name, messages in error.message_dict.items()
        ]
    return []


def _handlungsfelder(value, fields, issues) -> list[Handlungsfeld] | None:
    slugs = [s.strip() for s in _text(value).split(",") if s.strip()]
    unknown = [s for s in slugs if s not in fields]
    if unknown:
        known = ", ".join(sorted(fields)) or "keine"
        issues.append(
            (
                "handlungsfelder",
                f"unbekanntes Handlungsfeld {', '.join(map(repr, unknown))}; bekannt sind {known}",
            )
        )
        return None
    return [fields[s] for s in dict.fromkeys(slugs)]


def _parse_date(text: str) -> dt.date | None:
    text = text.strip().removesuffix(" 00:00:00")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        day, month, year = (int(p) for p in text.split("."))
        return dt.date(year, month, day)
    except ValueError:
        return None


def _membership(record, present, issues) -> tuple[dt.date, dt.date | None] | None:
    dates = {}
    for column in ("mitglied_seit", "mitglied_bis"):
        text = _text(record[column]) if column in present else ""
        dates[column] = _parse_date(text) if text else None
        if text and dates[column] is None:
            issues.append((column, f"'{text}' ist kein gültiges Datum"))
    start, end = dates["mitglied_seit"], dates["mitglied_bis"]
    if end and not start:
        issues.append(("mitglied_bis", "Ende ohne Beginn; bitte mitglied_seit angeben"))
        return None
    if start and end and end < start:
        issues.append(("mitglied_bis", "das Ende der Mitgliedschaft liegt vor dem Beginn"))
        return None
    return (start, end) if start else None


def _membership_changes(organisation: Organisation, membership) -> bool:
    start, end = membership
    stored = organisation.memberships.filter(start=start).first()
    return stored is None or stored.end != end


def _resolve_parents(plans: list[RowPlan]) -> list[tuple[int, str, str]]:
    """Find each row's parent in the file or in the registry; refuse loops."""
    problems = []
    for plan in plans:
        if plan.parent_ref is None:
            continue
        if plan.parent_ref == "":
            plan.parent = None
        else:
            target, message = _find_parent(plan.parent_ref, plans)
            if message:
                problems.append((plan.row, "gehoert_zu", message))
                continue
            plan.parent = target
        if _parent_id(plan.organisation) != _target_id(plan.parent) or (
            isinstance(plan.parent, RowPlan) and plan.parent.created
        ):
            plan.changed.append("gehoert_zu")
    for plan in plans:
        if _in_loop(plan, plans):
            problems.append(
                (plan.row, "gehoert_zu", "die Zuordnung ergibt einen Kreis (gehört zu sich selbst)")
            )
    return problems


def _find_parent(ref: str, plans: list[RowPlan]):
    by_ik = ref.isdigit() and len(ref) == 9
    in_file = [
        p
        for p in plans
        if (p.organisation.ik_number == ref if by_ik else p.organisation.name == ref)
    ]
    if len(in_file) == 1:
        return in_file[0], None
    if len(in_file) > 1:
        return None, f"'{ref}' kommt in der Datei mehrfach vor; bitte die IK-Nummer angeben"
    found = list(Organisation.objects.filter(**{"ik_number" if by_ik else "name": ref})[:2])
    if len(found) == 1:
        return found[0], None
    if len(found) > 1:
        return None, f"'{ref}' gibt es mehrfach im Verzeichnis; bitte die IK-Nummer angeben"
    return None, f"'{ref}' ist weder in der Datei noch im Verzeichnis zu finden"


def _parent_id(organisation: Organisation) -> int | None:
    return organisation.parent_id


def _target_id(target) -> int | None:
    if isinstance(target, RowPlan):
        return target.organisation.pk
    return target.pk if target is not None else None


def _in_loop(plan: RowPlan, plans: list[RowPlan]) -> bool:
    """Follow the parents as they will be after the import; a loop returns to ``plan``."""
    by_pk = {p.organisation.pk: p for p in plans if p.organisation.pk}
    node: RowPlan | Organisation | None = plan
    for _ in range(len(plans) + 50):  # deeper than any real hierarchy
        if isinstance(node, RowPlan):
            node = node.parent if node.parent_ref is not None else node.organisation.parent
        elif node is not None:
            node = by_pk.get(node.pk, node.parent)
        if node is None:
            return False
        if node is plan or (
            isinstance(node, Organisation) and node.pk and node.pk == plan.organisation.pk
        ):
            return True
    return True


# --- writing --------------------------------------------------------------------------------


def _depth(plan: RowPlan) -> int:
    depth, node = 0, plan
    while isinstance(node.parent, RowPlan) and node.parent_ref:
        depth, node = depth + 1, node.parent
    return depth


@transaction.atomic
def apply_import(plan: ImportPlan) -> None:
    """Write every row of ``plan`` in one transaction: parents first, then their children."""
    for row in sorted(plan.rows, key=_depth):
        organisation = row.organisation
        if row.parent_ref is not None:
            target = row.parent.organisation if isinstance(row.parent, RowPlan) else row.parent
            organisation.parent = target
        organisation.save()
        if row.handlungsfelder is not None:
            organisation.handlungsfelder.set(row.handlungsfelder)
        if row.membership is not None:
            start, end = row.membership
            NetworkMembership.objects.update_or_create(
                organisation=organisation, start=start, defaults={"end": end}
            )


# --- export ---------------------------------------------------------------------------------


def _number(value: float | None, comma: bool) -> str:
    if value is None:
        return ""
    text = repr(float(value))
    return text.replace(".", ",") if comma else text


def export_rows(organisations: Iterable[Organisation], *, comma: bool = False) -> list[dict]:
    """One dict per organisation with the columns of :data:`SCHEMA`, all as text.

    Approximate locations are left empty: they are postcode centroids, which the import
    computes again, so the flag survives the round trip.
    """
    out = []
    for org in organisations:
        membership = max(org.memberships.all(), key=lambda m: m.start, default=None)
        exact = org.lon is not None and not org.location_approximate
        parent = org.parent
        out.append(
            {
                **{c: getattr(org, f) for c, f in _TEXT_FIELDS.items()},
                "gehoert_zu": (parent.ik_number or parent.name) if parent else "",
                "lon": _number(org.lon, comma) if exact else "",
                "lat": _number(org.lat, comma) if exact else "",
                "handlungsfelder": ", ".join(h.slug for h in org.handlungsfelder.all()),
                "mitglied_seit": membership.start.isoformat() if membership else "",
                "mitglied_bis": membership.end.isoformat() if membership and membership.end else "",
                "oeffentlich": "ja" if org.is_public else "nein",
            }
        )
    return [{c: row[c] for c in COLUMNS} for row in out]


def _prefetched(organisations):
    return organisations.select_related("parent").prefetch_related("handlungsfelder", "memberships")


def export_csv(organisations) -> bytes:
    """CSV with ``;`` and decimal comma, UTF-8 with BOM (so Excel shows the umlauts)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(export_rows(_prefetched(organisations), comma=True))
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(organisations) -> bytes:
    """XLSX with every cell as text, so keys keep their leading zeros."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Partnerverzeichnis"
    sheet.append(list(COLUMNS))
    for row in export_rows(_prefetched(organisations)):
        sheet.append([row[c] for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
