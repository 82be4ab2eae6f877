"""Import and export of the partner registry as CSV or XLSX.

The table is fixed once in :data:`SCHEMA`. :func:`plan_import` reads it with the shared import
mechanism (:mod:`imports.tables`: limits, header, every cell) and then, in the same pass, checks
every row as a model (``clean_fields`` and :meth:`Organisation.clean_own`), resolves the
references (``gehoert_zu``, ``handlungsfelder``) and checks the rules between rows (no loop in
the hierarchy, an IK-Nummer shared only within one Träger, no organisation twice): the user gets
every problem with one upload. Nothing is written before :func:`apply_import`, which writes all
rows in one transaction.

The dry run reads the registry once into dictionaries (a constant number of queries, whatever
the number of rows), so it takes time linear in the rows.

Rows update existing organisations matched by InEK-Standortnummer, else by IK-Nummer (several
organisations of one Träger share it: then also by name, then postcode), else by exact name and
postcode; other rows create new ones. A column that is absent leaves that field as it is; an
empty cell in a present column clears it. The export writes the same columns, so export →
import changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError as ModelValidationError
from django.db import transaction

from gesundheitsregion.schema import Column, Schema
from gesundheitsregion.validation import Problem
from imports.export import csv_bytes, xlsx_bytes
from imports.tables import Choices, Table, read_table
from registry.models import NetworkMembership, Organisation, OrganisationType
from vocabulary.models import Handlungsfeld

__all__ = [
    "COLUMNS",
    "SCHEMA",
    "ImportPlan",
    "RowPlan",
    "apply_import",
    "export_csv",
    "export_rows",
    "export_xlsx",
    "plan_import",
]

SCHEMA = Schema(
    "partnerverzeichnis",
    (
        Column("name", expected="der Name der Organisation"),
        Column("art", choices=tuple(OrganisationType.values)),
        Column(
            "gehoert_zu",
            required=False,
            expected="InEK-Standortnummer, IK-Nummer oder Name der übergeordneten Organisation",
        ),
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
        Column("mitglied_seit", "date", required=False),
        Column("mitglied_bis", "date", required=False),
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
#: Fields set by the import; the rest (``version``, ``updated_by``, ...) is not checked here.
_CHECKED_FIELDS = {*_TEXT_FIELDS.values(), "lon", "lat", "is_public"}


@dataclass
class RowPlan:
    """What one row of the file does."""

    row: int
    organisation: Organisation
    created: bool
    #: Stands for the organisation in the hierarchy during the dry run (its id, or a negative
    #: number for a new one).
    key: int = 0
    changed: list[str] = field(default_factory=list)
    #: None: leave the parent; "": no parent; else the reference in the file.
    parent_ref: str | None = None
    parent: Organisation | RowPlan | None = None
    handlungsfelder: list | None = None
    membership: tuple[dt.date, dt.date | None] | None = None


@dataclass
class ImportPlan:
    source: str
    rows: list[RowPlan]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> list[RowPlan]:
        return [r for r in self.rows if r.created]

    @property
    def updated(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.created and r.changed]

    @property
    def unchanged(self) -> list[RowPlan]:
        return [r for r in self.rows if not r.created and not r.changed]


class _Registry:
    """The registry as the dry run needs it, read with a fixed number of queries."""

    def __init__(self):

        self.organisations = {o.pk: o for o in Organisation.objects.all()}
        self.by_inek: dict[str, list[Organisation]] = defaultdict(list)
        self.by_ik: dict[str, list[Organisation]] = defaultdict(list)
        self.by_name: dict[str, list[Organisation]] = defaultdict(list)
        for organisation in self.organisations.values():
            if organisation.inek_site_number:
                self.by_inek[organisation.inek_site_number].append(organisation)
            if organisation.ik_number:
                self.by_ik[organisation.ik_number].append(organisation)
            self.by_name[organisation.name].append(organisation)
        self.felder = {h.slug: h for h in Handlungsfeld.objects.all()}
        self.felder_of: dict[int, set[str]] = defaultdict(set)
        through = Organisation.handlungsfelder.through.objects.values_list(
            "organisation_id", "handlungsfeld__slug"
        )
        for organisation_id, slug in through:
            self.felder_of[organisation_id].add(slug)
        self.memberships: dict[tuple[int, dt.date], dt.date | None] = {
            (m.organisation_id, m.start): m.end for m in NetworkMembership.objects.all()
        }

    def match(self, record: dict) -> tuple[Organisation | None, tuple[str, str] | None]:
        """The organisation a row describes: by InEK-Standortnummer, IK-Nummer, name + PLZ."""
        inek, ik = _text(record.get("inek_standortnummer")), _text(record.get("ik_nummer"))
        name, postcode = _text(record.get("name")), _text(record.get("plz"))
        if inek and self.by_inek.get(inek):
            found = self.by_inek[inek]
            if len(found) == 1:
                return found[0], None
            return None, (
                "inek_standortnummer",
                f"InEK-Standortnummer {inek} ist im Verzeichnis mehrfach vergeben",
            )
        candidates = [o for o in self.by_ik.get(ik, []) if not inek or not o.inek_site_number]
        if ik and candidates:
            for narrowed in (
                candidates,
                [o for o in candidates if o.name == name],
                [o for o in candidates if o.name == name and o.postcode == postcode],
            ):
                if len(narrowed) == 1:
                    return narrowed[0], None
        found = [o for o in self.by_name.get(name, []) if o.postcode == postcode]
        if len(found) > 1:
            return None, (
                "name",
                f"'{name}' ({postcode or 'ohne PLZ'}) gibt es mehrfach im Verzeichnis; "
                "bitte die InEK-Standortnummer oder IK-Nummer angeben",
            )
        return (found[0] if found else None), None


def plan_import(path: str | Path) -> ImportPlan:
    """Check the file and work out what it would create and change, writing nothing.

    Raises
    ------
    gesundheitsregion.validation.ValidationError
        With every problem found, each naming file, row and column.
    """
    table = read_table(
        Path(path),
        SCHEMA,
        zero_pad=_ZERO_PAD,
        choices={"art": Choices.of(list(OrganisationType.choices))},
    )
    registry = _Registry()
    present = set(table.cells.columns)
    # A cell (or a whole column) already reported is not reported again by the model checks.
    bad_cells = {(p.row, p.column) for p in table.problems}
    bad_cells |= {(row, p.column) for p in table.problems if p.row is None for row in table.rows}
    plans: list[RowPlan] = []
    matched: dict[int, int] = {}
    for number, record in zip(table.rows, table.records(), strict=True):
        plan = _plan_row(table, number, record, present, registry, matched, bad_cells)
        if plan is not None:
            plan.key = plan.organisation.pk or -(len(plans) + 1)
            plans.append(plan)
    _check_duplicates(table, plans)
    _resolve_parents(table, plans, registry)
    _check_relations(table, plans, registry)
    table.raise_problems()
    return ImportPlan(table.source, plans, table.warnings)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _plan_row(
    table: Table, number: int, record: dict, present, registry: _Registry, matched, bad_cells
) -> RowPlan | None:
    existing, problem = registry.match(record)
    if problem:
        table.problem(number, *problem)
        return None
    if existing is not None and existing.pk in matched:
        table.problem(
            number, None, f"beschreibt dieselbe Organisation wie Zeile {matched[existing.pk]}"
        )
        return None
    organisation = existing or Organisation()
    if existing is not None:
        matched[existing.pk] = number
    before = _snapshot(organisation)
    for column, name in _TEXT_FIELDS.items():
        if column in present and (number, column) not in bad_cells:
            setattr(organisation, name, _text(record[column]))
    if "oeffentlich" in present and record["oeffentlich"] is not None:
        organisation.is_public = bool(record["oeffentlich"])
    _place(organisation, record, present, created=existing is None)
    if existing is None or (organisation.lon, organisation.lat) != (before["lon"], before["lat"]):
        organisation.fill_kreis()  # as the form does; an unmoved organisation keeps its Kreis
    _model_problems(table, number, organisation, bad_cells)
    plan = RowPlan(number, organisation, created=existing is None)
    plan.changed = [c for c, v in _snapshot(organisation).items() if before[c] != v]
    if "gehoert_zu" in present:
        plan.parent_ref = _text(record["gehoert_zu"])
    if "handlungsfelder" in present and (number, "handlungsfelder") not in bad_cells:
        plan.handlungsfelder = _handlungsfelder(table, number, record, registry)
        old = registry.felder_of.get(organisation.pk, set()) if existing else set()
        if plan.handlungsfelder is not None and {h.slug for h in plan.handlungsfelder} != old:
            plan.changed.append("handlungsfelder")
    plan.membership = _membership(table, number, record, bad_cells)
    if plan.membership and existing is not None:
        start, end = plan.membership
        if (existing.pk, start) not in registry.memberships or registry.memberships[
            (existing.pk, start)
        ] != end:
            plan.changed.append("mitglied_seit/mitglied_bis")
    return plan


def _snapshot(organisation: Organisation) -> dict[str, object]:
    values = {c: getattr(organisation, f) for c, f in _TEXT_FIELDS.items()}
    values.update(lon=organisation.lon, lat=organisation.lat, oeffentlich=organisation.is_public)
    return values


def _place(organisation: Organisation, record, present, *, created: bool) -> None:
    """Coordinates from the file; else the postcode centroid (marked approximate)."""
    if {"lon", "lat"} <= present and record["lon"] is not None and record["lat"] is not None:
        organisation.lon, organisation.lat = float(record["lon"]), float(record["lat"])
        organisation.location_approximate = False
        return
    has_own = organisation.lon is not None and not organisation.location_approximate
    if "lon" in present or created or not has_own:
        organisation.place_by_postcode()


def _model_problems(table: Table, number: int, organisation: Organisation, bad_cells) -> None:
    """The model's own rules; the rules between rows follow in :func:`_check_relations`."""
    exclude = [f.name for f in Organisation._meta.fields if f.name not in _CHECKED_FIELDS]
    errors: dict[str, list[str]] = {}
    for check in (lambda: organisation.clean_fields(exclude=exclude), organisation.clean_own):
        try:
            check()
        except ModelValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    for name, messages in errors.items():
        column = _COLUMN_OF.get(name)
        if (number, column) not in bad_cells:  # already reported as the cell's form
            table.problem(number, column, " ".join(str(m) for m in messages))


def _handlungsfelder(table: Table, number: int, record, registry: _Registry) -> list | None:
    slugs = [s.strip() for s in _text(record["handlungsfelder"]).split(",") if s.strip()]
    unknown = [s for s in slugs if s not in registry.felder]
    if unknown:
        known = ", ".join(sorted(registry.felder)) or "keine"
        table.problem(
            number,
            "handlungsfelder",
            f"unbekanntes Handlungsfeld {', '.join(map(repr, unknown))}; erlaubt: {known}",
        )
        return None
    return [registry.felder[s] for s in dict.fromkeys(slugs)]


def _membership(table: Table, number: int, record, bad_cells) -> tuple | None:
    start, end = record.get("mitglied_seit"), record.get("mitglied_bis")
    if (number, "mitglied_seit") in bad_cells:
        return None
    if end and not start:
        table.problem(number, "mitglied_bis", "Ende ohne Beginn; bitte mitglied_seit angeben")
        return None
    if start and end and end < start:
        table.problem(number, "mitglied_bis", "das Ende der Mitgliedschaft liegt vor dem Beginn")
        return None
    return (start, end) if start else None


def _check_duplicates(table: Table, plans: list[RowPlan]) -> None:
    """The same new organisation twice in the file (existing ones are caught by matching)."""
    first: dict[tuple[str, ...], int] = {}
    for plan in plans:
        if not plan.created:
            continue
        organisation = plan.organisation
        if organisation.inek_site_number:
            key, column = ("inek", organisation.inek_site_number), "inek_standortnummer"
        else:
            key, column = ("name", organisation.name, organisation.postcode), "name"
        if key in first:
            table.problem(
                plan.row, column, f"dieselbe Organisation steht schon in Zeile {first[key]}"
            )
        first.setdefault(key, plan.row)


def _resolve_parents(table: Table, plans: list[RowPlan], registry: _Registry) -> None:
    """Find each row's parent in the file or in the registry."""
    in_file: dict[str, dict[str, list[RowPlan]]] = {"inek": {}, "ik": {}, "name": {}}
    for plan in plans:
        organisation = plan.organisation
        for kind, value in (
            ("inek", organisation.inek_site_number),
            ("ik", organisation.ik_number),
            ("name", organisation.name),
        ):
            if value:
                in_file[kind].setdefault(value, []).append(plan)
    for plan in plans:
        if plan.parent_ref is None:
            continue
        if plan.parent_ref == "":
            plan.parent = None
        else:
            target, message = _find_parent(plan.parent_ref, in_file, registry)
            if message:
                table.problem(plan.row, "gehoert_zu", message)
                plan.parent_ref = None  # checked no further
                continue
            plan.parent = target
        target_key = plan.parent.key if isinstance(plan.parent, RowPlan) else _pk(plan.parent)
        if plan.organisation.parent_id != target_key or (plan.created and target_key is not None):
            plan.changed.append("gehoert_zu")


def _pk(organisation: Organisation | None) -> int | None:
    return organisation.pk if organisation is not None else None


def _find_parent(ref: str, in_file, registry: _Registry):
    kind = "inek" if ref.isdigit() and len(ref) == 6 else "ik" if ref.isdigit() else "name"
    found_in_file = in_file[kind].get(ref, [])
    if kind == "ik" and len(found_in_file) > 1:
        # Several rows of one Träger share its IK-Nummer: it names the topmost of them.
        found_in_file = [p for p in found_in_file if p.parent_ref != ref]
    if len(found_in_file) == 1:
        return found_in_file[0], None
    if len(found_in_file) > 1:
        return None, (
            f"'{ref}' kommt in der Datei mehrfach vor; bitte die InEK-Standortnummer oder die "
            "IK-Nummer angeben"
        )
    index = {"inek": registry.by_inek, "ik": registry.by_ik, "name": registry.by_name}[kind]
    found = index.get(ref, [])
    if kind == "ik" and len(found) > 1:
        found = [o for o in found if _parent_ik(o, registry) != ref]
    if len(found) == 1:
        return found[0], None
    if len(found) > 1:
        return None, f"'{ref}' gibt es mehrfach im Verzeichnis; bitte die IK-Nummer angeben"
    return None, f"'{ref}' ist weder in der Datei noch im Verzeichnis zu finden"


def _parent_ik(organisation: Organisation, registry: _Registry) -> str:
    parent = registry.organisations.get(organisation.parent_id)
    return parent.ik_number if parent is not None else ""


def _check_relations(table: Table, plans: list[RowPlan], registry: _Registry) -> None:
    """The model's rules between organisations, on the registry as it will be."""
    parent_of: dict[int, int | None] = {pk: o.parent_id for pk, o in registry.organisations.items()}
    holders: dict[str, dict[int, str]] = defaultdict(dict)
    for pk, organisation in registry.organisations.items():
        if organisation.ik_number:
            holders[organisation.ik_number][pk] = organisation.name
    for plan in plans:
        if plan.parent_ref is not None:
            parent = plan.parent
            parent_of[plan.key] = parent.key if isinstance(parent, RowPlan) else _pk(parent)
        else:
            parent_of[plan.key] = plan.organisation.parent_id
        if plan.organisation.pk is not None:
            old_ik = registry.organisations[plan.organisation.pk].ik_number
            holders[old_ik].pop(plan.key, None)
    for plan in plans:
        if plan.organisation.ik_number:
            holders[plan.organisation.ik_number][plan.key] = plan.organisation.name
    for plan in plans:
        others = [
            (key, name)
            for key, name in holders.get(plan.organisation.ik_number, {}).items()
            if key != plan.key
        ]
        try:
            plan.organisation.clean_relations(parent_of, others, key=plan.key)
        except ModelValidationError as error:
            for name, messages in error.message_dict.items():
                table.problem(plan.row, _COLUMN_OF.get(name), " ".join(messages))


# --- writing --------------------------------------------------------------------------------


def _depth(plan: RowPlan) -> int:
    depth, node = 0, plan
    while isinstance(node.parent, RowPlan) and node.parent_ref and depth < 100:
        depth, node = depth + 1, node.parent
    return depth


@transaction.atomic
def apply_import(plan: ImportPlan) -> None:
    """Write every row of ``plan`` in one transaction: parents first, then their children."""
    for row in sorted(plan.rows, key=_depth):
        if not row.created and not row.changed:
            continue  # nothing to write: its version and the audit trail stay as they are
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


def _reference(parent: Organisation | None) -> str:
    """How ``gehoert_zu`` names the parent so that the import finds exactly it."""
    if parent is None:
        return ""
    if parent.inek_site_number:
        return parent.inek_site_number
    shares_ik_with_its_parent = parent.parent is not None and (
        parent.parent.ik_number == parent.ik_number
    )
    if parent.ik_number and not shares_ik_with_its_parent:
        return parent.ik_number
    return parent.name


def export_rows(
    organisations: Iterable[Organisation], *, comma: bool = False, parents=None
) -> list[dict]:
    """One dict per organisation with the columns of :data:`SCHEMA`, all as text.

    Approximate locations are left empty: they are postcode centroids, which the import
    computes again, so the flag survives the round trip. ``parents`` (ids), if given, are the
    parents the reader may see; others are not named.
    """
    out = []
    for org in organisations:
        parent = org.parent if parents is None or org.parent_id in parents else None
        membership = max(org.memberships.all(), key=lambda m: m.start, default=None)
        exact = org.lon is not None and not org.location_approximate
        out.append(
            {
                **{c: getattr(org, f) for c, f in _TEXT_FIELDS.items()},
                "gehoert_zu": _reference(parent),
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
    return organisations.select_related("parent__parent").prefetch_related(
        "handlungsfelder", "memberships"
    )


def export_csv(organisations, parents=None) -> bytes:
    """CSV with ``;`` and decimal comma, UTF-8 with BOM (so Excel shows the umlauts)."""
    rows = export_rows(_prefetched(organisations), comma=True, parents=parents)
    return csv_bytes(COLUMNS, ([row[c] for c in COLUMNS] for row in rows))


def export_xlsx(organisations, parents=None) -> bytes:
    """XLSX with every cell as text, so keys keep their leading zeros."""
    rows = export_rows(_prefetched(organisations), parents=parents)
    return xlsx_bytes("Partnerverzeichnis", COLUMNS, ([row[c] for c in COLUMNS] for row in rows))
