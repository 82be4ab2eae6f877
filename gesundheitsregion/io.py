"""Reading and writing the tables as German offices deliver them.

CSV with ``;``, ``,`` or tab, in UTF-8, UTF-16, Windows-1252/ISO-8859-1 or DOS cp850 (see
:mod:`gesundheitsregion._encoding`), with decimal comma; XLSX, with title rows above the header;
GeoJSON and GeoPackage. Results are written all or none (:class:`Outputs`). Every cell is
read as text first, so keys such as AGS and PLZ keep their leading zeros, then checked by
:func:`gesundheitsregion.validation.validate`.
"""

from __future__ import annotations

import csv
import io as _io
import itertools
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from gesundheitsregion._encoding import decode
from gesundheitsregion._outputs import Outputs, WriteError, check_output_path, write_error
from gesundheitsregion.schema import AERZTE, PLANUNGSBEREICHE, Schema
from gesundheitsregion.validation import (
    Problem,
    ValidationError,
    crs_problems,
    location_problems,
    normalise_column_name,
    validate,
)

__all__ = [
    "Outputs",
    "Provenance",
    "RawTable",
    "WriteError",
    "birth_year_problems",
    "check_output_path",
    "load_aerzte",
    "load_planungsbereiche",
    "points_lonlat",
    "points_xy",
    "read_cells",
    "read_points",
    "read_table",
    "read_table_with_provenance",
    "stichtag_year",
    "write_error",
    "write_table",
]

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".geojson", ".json", ".gpkg")
_GEO_SUFFIXES = (".geojson", ".json", ".gpkg")


@dataclass(frozen=True)
class Provenance:
    """Where the rows of a table come from: file name, row numbers as the user sees them, and
    what a row is called (``Zeile`` in CSV/XLSX, ``Objekt`` in GeoJSON).

    It travels beside the table, not in ``DataFrame.attrs``: pandas copies those deeply
    with every operation (slow for 100,000 row numbers) and drop them in others.

    Examples
    --------
    >>> where = Provenance("praxen.csv", (2, 3, 5))
    >>> str(where.problem(2, "lon", "Lage fehlt"))
    'praxen.csv, Zeile 5, Spalte lon: Lage fehlt'
    >>> str(Provenance.unnamed(2).problem(None, "x/y", "KBS fehlt"))
    'Eingabe, Spalte x/y: KBS fehlt'
    """

    source: str
    rows: tuple[int, ...]
    unit: str = "Zeile"

    @classmethod
    def unnamed(cls, n: int) -> Provenance:
        """For a table built in code: rows numbered as in a file with a header line."""
        return cls("Eingabe", tuple(range(2, n + 2)))

    def problem(self, index: int | None, column: str | None, message: str) -> Problem:
        """A problem in the row at position ``index`` (``None``: the whole file)."""
        row = None if index is None else self.rows[index]
        return Problem(self.source, row, column, message, self.unit)


@dataclass
class RawTable:
    """A delivered table as text cells, with the row numbers the user sees."""

    cells: pd.DataFrame
    rows: list[int]
    unit: str
    source: str
    geometry: object = None  # a GeoSeries for GeoJSON and GeoPackage

    @property
    def provenance(self) -> Provenance:
        """File, row numbers and row unit of these cells."""
        return Provenance(self.source, tuple(self.rows), self.unit)


def _fail(source: str, message: str, row: int | None = None) -> ValidationError:
    return ValidationError([Problem(source, row, None, message)])


_DELIMITERS = (";", "\t", ",")
#: Title rows above the header: how many rows are searched for the expected column names.
_HEADER_SEARCH = 30


def _header_hits(cells: list[object], expected: frozenset[str]) -> int:
    return len({normalise_column_name(c) for c in cells if c is not None} & expected)


def _find_csv_header(lines: list[str], expected: frozenset[str]) -> tuple[int, str]:
    """The line index and delimiter of the header: the line naming most expected columns.

    Without any expected name in the first lines, the first non-empty line is the header.
    """
    filled = list(
        itertools.islice((i for i, line in enumerate(lines) if line.strip()), _HEADER_SEARCH)
    )
    best, hits = (filled[0], _sniff_delimiter(lines[filled[0]])), 0
    for i in filled:
        for delimiter in _DELIMITERS:
            found = _header_hits(lines[i].split(delimiter), expected)
            if found > hits:
                best, hits = (i, delimiter), found
    return best


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _title_note(source: str, header_row: int, titles: list[str]) -> str:
    shown = "; ".join(t for t in titles if t)[:80]
    rows = "die Zeile" if header_row == 2 else f"die Zeilen 1–{header_row - 1}"
    return (
        f"{source}: Kopfzeile in Zeile {header_row} erkannt; {rows} darüber "
        f"('{shown}') als Titel übersprungen."
    )


def _read_csv(
    path: Path, source: str, expected: frozenset[str], notes: list[str] | None
) -> RawTable:
    text = decode(path.read_bytes(), source, notes)
    # Split as csv.reader does (on "\n" only), so line numbers agree.
    lines = text.split("\n")
    if not any(line.strip() for line in lines):
        raise _fail(source, "Die Datei ist leer. Erwartet wird eine Kopfzeile mit den Spalten.")
    header_line, delimiter = _find_csv_header(lines, expected)
    fast = _read_plain_csv(text, lines, header_line, delimiter, source, notes)
    if fast is not None:
        return fast
    reader = csv.reader(_io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    titles, records, rows, problems = [], [], [], []
    for record in reader:
        if not "".join(record).strip():  # every cell empty or blank; join is quicker than any()
            continue
        if reader.line_num <= header_line:
            titles.append(" ".join(c.strip() for c in record if c.strip()))
            continue
        header = record
        break
    width = len(header)
    # One pass per data row in C where possible: this loop is the cost of a 100,000-row file.
    for record in reader:
        if len(record) == width and "".join(record).strip():
            records.append(record)
            rows.append(reader.line_num)
        elif "".join(record).strip():
            problems.append(
                Problem(
                    source,
                    reader.line_num,
                    None,
                    f"hat {len(record)} Felder, die Kopfzeile aber {width}. "
                    "Bitte Trennzeichen und Anführungszeichen prüfen.",
                )
            )
    if problems:
        raise ValidationError(problems)
    if titles and notes is not None:
        notes.append(_title_note(source, header_line + 1, titles))
    cells = pd.DataFrame(records, columns=header, dtype="string")
    return RawTable(cells, rows, "Zeile", source)


def _read_plain_csv(
    text: str,
    lines: list[str],
    header_line: int,
    delimiter: str,
    source: str,
    notes: list[str] | None,
) -> RawTable | None:
    """The rows below the header read by pandas' C parser, or None where that could differ
    from :mod:`csv` (quotes, a stray carriage return, rows of the wrong width): those files
    take the row-by-row path, which words the message. For 100,000 rows this is a tenth of
    the time of the Python loop."""
    offset = sum(len(line) + 1 for line in lines[: header_line + 1])
    body = text[offset:]
    # Without quotes every line is one row, as csv splits it; "\r" only as part of "\r\n".
    if '"' in body or "\x00" in body or body.count("\r") != body.count("\r\n"):
        return None
    head = list(csv.reader(_io.StringIO(text[:offset]), delimiter=delimiter))
    filled = [" ".join(c.strip() for c in record if c.strip()) for record in head]
    if len(head) != header_line + 1 or not filled[-1]:  # a quoted line break, a blank header
        return None
    header, titles = head[-1], [title for title in filled[:-1] if title]
    try:
        frame = pd.read_csv(
            _io.StringIO(body),
            sep=delimiter,
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            quoting=csv.QUOTE_NONE,
            engine="c",
        )
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame(columns=range(len(header)), dtype=str)
    except pd.errors.ParserError:  # a row wider than the first
        return None
    # One row per line below the header (the text after a final line break is no line);
    # pandas skips blank lines at the start even so, and then rows and lines would not agree.
    body_lines = len(lines) - header_line - 1 - (lines[-1] == "")
    if frame.shape[1] != len(header) or len(frame) != body_lines:
        return None
    missing = frame.isna().to_numpy()  # cells of a row narrower than the first
    first = frame.iloc[:, 0].to_numpy(dtype=object)
    # A blank row (every cell empty or spaces) starts with a blank cell: only those are
    # looked at whole, so a column of ids is the only one stripped.
    maybe = np.flatnonzero(missing[:, 0] | (np.strings.strip(first.astype(str)) == ""))
    blank = np.zeros(len(frame), dtype=bool)
    rows = frame.iloc[maybe].to_numpy(dtype=object)
    blank[maybe] = [not "".join(c for c in row if isinstance(c, str)).strip() for row in rows]
    if (missing.any(axis=1) & ~blank).any():
        return None
    if titles and notes is not None:
        notes.append(_title_note(source, header_line + 1, titles))
    kept = np.flatnonzero(~blank)
    table = frame.iloc[kept] if len(kept) < len(frame) else frame
    table = table.set_axis(header, axis=1).reset_index(drop=True).astype("string")
    # Line numbers as csv counts them: header on line header_line + 1, the next line below.
    return RawTable(table, (kept + header_line + 2).tolist(), "Zeile", source)


def _excel_text(value: object, pad: int | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    # Excel turns postcodes such as 01067 into the number 1067; restore the leading zero.
    if pad and isinstance(value, int) and len(text) < pad:
        text = text.zfill(pad)
    return text


def _read_xlsx(
    path: Path,
    source: str,
    zero_pad: dict[str, int],
    expected: frozenset[str],
    notes: list[str] | None,
) -> RawTable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise _fail(source, f"Die Datei ist keine lesbare XLSX-Arbeitsmappe ({error}).") from error
    try:
        filled = [
            (number, values)
            for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)
            if any(v is not None and str(v).strip() for v in values)
        ]
    finally:
        book.close()
    if not filled:
        raise _fail(source, "Das erste Tabellenblatt ist leer. Erwartet wird eine Kopfzeile.")
    start = _find_xlsx_header(filled, expected)
    header = [_excel_text(v, None) for v in filled[start][1]]
    pads = [zero_pad.get(normalise_column_name(h)) for h in header]
    records, rows = [], []
    for number, values in filled[start + 1 :]:
        cells = [_excel_text(v, p) for v, p in zip(values, pads, strict=False)]
        records.append(cells + [""] * (len(header) - len(cells)))
        rows.append(number)
    if start and notes is not None:
        titles = [" ".join(_excel_text(v) for v in values if v is not None) for _, values in filled]
        notes.append(_title_note(source, filled[start][0], titles[:start]))
    return RawTable(pd.DataFrame(records, columns=header, dtype="string"), rows, "Zeile", source)


def _find_xlsx_header(filled: list[tuple[int, tuple]], expected: frozenset[str]) -> int:
    """Position of the header among the non-empty rows: the row naming most expected columns
    (the first non-empty row if none does)."""
    best, hits = 0, 0
    for position, (_, values) in enumerate(filled[:_HEADER_SEARCH]):
        found = _header_hits(list(values), expected)
        if found > hits:
            best, hits = position, found
    return best


def _read_geo(path: Path, source: str) -> RawTable:
    import geopandas as gpd

    try:
        frame = gpd.read_file(path)
    except Exception as error:  # pyogrio raises DataSourceError and others
        raise _fail(source, f"Die Datei ist kein lesbares GeoJSON/GeoPackage ({error}).") from error
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    attributes = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    cells = attributes.apply(lambda c: c.map(_excel_text, na_action="ignore")).astype("string")
    rows = list(range(1, len(frame) + 1))
    return RawTable(cells, rows, "Objekt", source, geometry=frame.geometry)


def read_cells(
    path: str | os.PathLike[str],
    zero_pad: dict[str, int] | None = None,
    *,
    expected: Iterable[str] = (),
    notes: list[str] | None = None,
) -> RawTable:
    """Read a delivered table as text cells.

    Parameters
    ----------
    path
        A ``.csv``/``.txt``/``.tsv``, ``.xlsx``, ``.geojson``/``.json`` or ``.gpkg`` file.
    zero_pad
        Widths of key columns that spreadsheet programs store as numbers (``{"plz": 5}``).
    expected
        Canonical column names. Title rows above the header are skipped: the header is the row
        among the first 30 that names most of them (else the first non-empty row).
    notes
        If given, notes for the user are appended (title rows skipped, encoding not UTF-8).
    """
    path = Path(path)
    source = path.name
    if not path.is_file():
        raise _fail(source, f"Die Datei '{path}' gibt es nicht. Bitte den Pfad prüfen.")
    suffix = path.suffix.lower()
    expected = frozenset(expected)
    if suffix in (".csv", ".txt", ".tsv"):
        return _read_csv(path, source, expected, notes)
    if suffix == ".xlsx":
        return _read_xlsx(path, source, zero_pad or {}, expected, notes)
    if suffix in _GEO_SUFFIXES:
        return _read_geo(path, source)
    raise _fail(
        source,
        f"Das Dateiformat '{suffix or 'ohne Endung'}' wird nicht unterstützt. "
        "Erlaubt sind CSV, XLSX, GeoJSON und GeoPackage.",
    )


def _zero_pads(schema: Schema) -> dict[str, int]:
    return {c.name: 5 for c in schema.columns if c.pattern == r"\d{5}"}


def read_table(
    path: str | os.PathLike[str],
    schema: Schema,
    *,
    choices: dict[str, list[object]] | None = None,
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Read and check one canonical table.

    Returns a :class:`geopandas.GeoDataFrame` for GeoJSON and GeoPackage, else a DataFrame.
    Point geometries fill ``lon``/``lat`` when the schema has them and the file does not; areas
    or lines where points are expected are problems, except for a schema with
    ``points_from_areas`` (demand), where an area stands for its representative point.

    Parameters
    ----------
    notes
        If given, notes for the user are appended (title rows, encoding, points of areas).

    Raises
    ------
    ValidationError
        Listing every problem with file, row and column.
    """
    return read_table_with_provenance(path, schema, choices=choices, notes=notes)[0]


def read_table_with_provenance(
    path: str | os.PathLike[str],
    schema: Schema,
    *,
    choices: dict[str, list[object]] | None = None,
    notes: list[str] | None = None,
) -> tuple[pd.DataFrame, Provenance]:
    """Like :func:`read_table`, and also where each row came from (for later messages)."""
    raw = read_cells(
        path, _zero_pads(schema), expected=[c.name for c in schema.columns], notes=notes
    )
    cells = raw.cells.rename(columns=normalise_column_name)
    names = {c.name for c in schema.columns}
    has_location = "lon" in cells.columns or "x" in cells.columns
    if raw.geometry is not None and {"lon", "lat"} <= names and not has_location:
        lon, lat = _geometry_points(raw, schema, notes)
        cells["lon"], cells["lat"] = lon, lat
    table = validate(
        cells, schema, source=raw.source, row_numbers=raw.rows, unit=raw.unit, choices=choices
    )
    if raw.geometry is None:
        return table, raw.provenance
    import geopandas as gpd

    table = gpd.GeoDataFrame(table, geometry=raw.geometry.to_numpy(), crs="EPSG:4326")
    return table, raw.provenance


_GEOMETRY_NAMES = {
    "Polygon": "eine Fläche (Polygon)",
    "MultiPolygon": "eine Fläche (MultiPolygon)",
    "LineString": "eine Linie (LineString)",
    "MultiLineString": "eine Linie (MultiLineString)",
    "MultiPoint": "mehrere Punkte (MultiPoint)",
    "GeometryCollection": "eine Geometriesammlung",
}


def _geometry_points(
    raw: RawTable, schema: Schema, notes: list[str] | None
) -> tuple[np.ndarray, np.ndarray]:
    """Lon/lat text of each object's point; problems for areas and lines where points belong.

    A single-point MultiPoint (as GeoPackage exports write points) is its point. Areas are
    never silently turned into a point (a centroid can lie outside the area, far from where
    people live), except for schemas whose documentation says so (``points_from_areas``).
    """
    geometry = raw.geometry
    kinds = geometry.geom_type.fillna("").to_numpy()
    empty = (geometry.isna() | geometry.is_empty).to_numpy()
    single = (kinds == "MultiPoint") & ~empty & (geometry.count_geometries().to_numpy() == 1)
    areas = np.isin(kinds, ("Polygon", "MultiPolygon")) & ~empty
    usable = ((kinds == "Point") | single) & ~empty
    if schema.points_from_areas:
        usable |= areas
    wrong = ~usable & ~empty
    if wrong.any():
        raise ValidationError(_geometry_problems(raw, kinds, wrong, schema))
    import shapely

    points = geometry.to_numpy().copy()
    points[single] = shapely.get_geometry(points[single], 0)  # the one point of the MultiPoint
    if schema.points_from_areas and areas.any():
        points[areas] = shapely.point_on_surface(points[areas])
        if notes is not None:
            count = int(areas.sum())
            what = "1 Fläche steht" if count == 1 else f"{count} Flächen stehen"
            notes.append(
                f"{raw.source}: {what} für ihren inneren Punkt (point on surface, liegt immer "
                "in der Fläche); für genauere Ergebnisse Punkte der Wohnorte liefern, z. B. "
                "Zensus-Gitterzellen."
            )
    points[empty] = None
    lon, lat = shapely.get_x(points), shapely.get_y(points)
    return _repr_or_empty(lon), _repr_or_empty(lat)


def _repr_or_empty(values: np.ndarray) -> list[str]:
    return ["" if np.isnan(v) else repr(float(v)) for v in values]


def _geometry_problems(raw: RawTable, kinds, wrong, schema: Schema) -> list[Problem]:
    fix = (
        "Erwartet werden Punkte (ein Standort je Objekt). Bitte Punkte liefern, etwa in QGIS mit "
        "„Punkt auf Oberfläche“, oder die Lage in den Spalten lon/lat angeben."
    )
    positions = np.flatnonzero(wrong)
    if len(positions) == len(kinds):
        first = _GEOMETRY_NAMES.get(kinds[0], kinds[0])
        return [
            Problem(
                raw.source,
                None,
                "geometry",
                f"alle {len(kinds)} Objekte sind keine Punkte (Objekt 1 ist {first}). {fix}",
            )
        ]
    return [
        Problem(
            raw.source,
            raw.rows[i],
            "geometry",
            f"ist {_GEOMETRY_NAMES.get(kinds[i], kinds[i])}, kein Punkt. {fix}",
            raw.unit,
        )
        for i in positions
    ]


def load_planungsbereiche(
    path: str | os.PathLike[str], *, notes: list[str] | None = None
) -> pd.DataFrame:
    """Read the planning areas of a Bedarfsplanung (schema ``planungsbereiche``)."""
    return read_table(path, PLANUNGSBEREICHE, notes=notes)


def load_aerzte(
    path: str | os.PathLike[str],
    arztgruppen: list[str],
    *,
    planungsbereiche: pd.DataFrame | None = None,
    crs: str | None = None,
    plz_centroids: pd.DataFrame | None = None,
    stichtag_jahr: int | None = None,
    notes: list[str] | None = None,
) -> pd.DataFrame:
    """Read the doctors, check them against the areas and place them.

    Parameters
    ----------
    path
        The doctors' table (schema ``aerzte``).
    arztgruppen
        The Arztgruppen of the chosen rule version.
    planungsbereiche
        If given, every doctor's ``planungsbereich`` must be one of them.
    crs
        The CRS of ``x``/``y`` coordinates (e.g. ``EPSG:25833``), turned into ``lon``/``lat``.
    plz_centroids
        Postcode centroids (``plz``, ``lon``, ``lat``). Doctors with only a postcode are placed
        at its centroid and get ``standort_genau = False``.
    stichtag_jahr
        The year ages refer to (else the file's ``stichtag`` column, if any): a birth year
        after it, or one giving an age under 18 or over 110, is a problem.
    notes
        If given, notes for the user are appended (see :func:`read_cells`).
    """
    choices: dict[str, list[object]] = {"arztgruppe": list(arztgruppen)}
    if planungsbereiche is not None:
        choices["planungsbereich"] = list(planungsbereiche["planungsbereich"].astype(str))
    table, where = read_table_with_provenance(path, AERZTE, choices=choices, notes=notes)
    year, problems = stichtag_year(table, where.source)
    problems += birth_year_problems(table, stichtag_jahr or year, where)
    lonlat, found = points_lonlat(table, crs, provenance=where)
    problems += found
    if "lon" in table.columns or "x" in table.columns:
        table["lon"], table["lat"] = lonlat[:, 0], lonlat[:, 1]
    problems += _place_by_postcode(table, plz_centroids, where)
    if problems:
        raise ValidationError(problems)
    return table


def stichtag_year(table: pd.DataFrame, source: str) -> tuple[int | None, list[Problem]]:
    """The year of a table's ``stichtag`` column: one Stichtag per file, or a problem.

    Examples
    --------
    >>> stichtag_year(pd.DataFrame({"stichtag": ["31.12.2024", "2024-12-31"]}), "a.csv")
    (2024, [])
    >>> stichtag_year(pd.DataFrame({"x": [1]}), "a.csv")
    (None, [])
    """
    if "stichtag" not in table.columns:
        return None, []
    texts = table["stichtag"].dropna().astype(str)
    years = sorted({int(re.search(r"\d{4}", t).group()) for t in texts})
    if len(years) > 1:
        shown = ", ".join(map(str, years))
        message = (
            f"verschiedene Stichtage ({shown}): eine Datei beschreibt einen Stichtag. Bitte "
            "die Datei je Stichtag teilen oder --stichtag angeben."
        )
        return None, [Problem(source, None, "stichtag", message)]
    return (years[0] if years else None), []


#: Ages that a birth year may give at the Stichtag, as for the column ``alter``.
_AGES = (18, 110)


def birth_year_problems(
    table: pd.DataFrame, stichtag_jahr: int | None, where: Provenance
) -> list[Problem]:
    """Birth years after the Stichtag, or giving an age no practising doctor has."""
    if stichtag_jahr is None or "geburtsjahr" not in table.columns:
        return []
    born = table["geburtsjahr"].to_numpy(dtype=float, na_value=np.nan)
    age = stichtag_jahr - born
    problems = []
    for i in np.flatnonzero((age < _AGES[0]) | (age > _AGES[1])):
        year = int(born[i])
        if year > stichtag_jahr:
            what = f"liegt nach dem Stichtag ({stichtag_jahr}): ein Geburtsjahr in der Zukunft"
        else:
            what = f"ergäbe am Stichtag ({stichtag_jahr}) ein Alter von {int(age[i])} Jahren"
        problems.append(
            where.problem(
                int(i),
                "geburtsjahr",
                f"'{year}' {what}. Erwartet wird ein Geburtsjahr von {stichtag_jahr - _AGES[1]} "
                f"bis {stichtag_jahr - _AGES[0]}; bitte Geburtsjahr und Stichtag prüfen.",
            )
        )
    return problems


def points_lonlat(
    table: pd.DataFrame,
    crs: str | None,
    *,
    required: bool = False,
    provenance: Provenance | None = None,
) -> tuple[np.ndarray, list[Problem]]:
    """Lon/lat of every row: its ``lon``/``lat``, else its ``x``/``y`` converted from ``crs``.

    ``provenance`` (from :func:`read_table_with_provenance`) names file and rows in messages.
    Rows with neither stay NaN, or are problems when ``required``.

    Returns
    -------
    (numpy.ndarray, list of Problem)
        ``n × 2`` lon/lat and the problems found (missing CRS, unknown CRS, missing location).
    """
    where = provenance or Provenance.unnamed(len(table))
    n = len(table)
    column = {
        c: table[c].to_numpy(dtype=float) if c in table.columns else np.full(n, np.nan)
        for c in ("lon", "lat", "x", "y")
    }
    lonlat = np.column_stack([column["lon"], column["lat"]])
    from_xy = np.isnan(lonlat[:, 0]) & ~np.isnan(column["x"])
    problems = []
    if required:
        problems = [
            where.problem(i, "lon/lat", "Lage fehlt: bitte lon/lat oder x/y angeben")
            for i in np.flatnonzero(np.isnan(lonlat[:, 0]) & ~from_xy).tolist()
        ]
    at = {"source": where.source, "rows": where.rows, "unit": where.unit}
    if not from_xy.any():
        return lonlat, [*problems, *location_problems(lonlat, **at)]
    if crs is None:
        message = (
            "Koordinaten in Metern brauchen ein Koordinatenbezugssystem: bitte --crs angeben, "
            "z. B. --crs EPSG:25833"
        )
        return lonlat, [*problems, where.problem(None, "x/y", message)]
    from pyproj import Transformer
    from pyproj.exceptions import CRSError

    try:
        transformer = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
    except CRSError:
        return lonlat, [
            *problems,
            where.problem(None, "x/y", f"'{crs}' ist kein bekanntes Koordinatensystem"),
        ]
    xy = np.where(from_xy[:, None], np.column_stack([column["x"], column["y"]]), np.nan)
    unfit = crs_problems(xy, crs, source=where.source)
    if unfit:
        return lonlat, [*problems, *unfit]
    with np.errstate(all="ignore"):  # unconvertible points become inf and are reported below
        lon, lat = transformer.transform(column["x"][from_xy], column["y"][from_xy])
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        message = f"einige x/y lassen sich aus {crs} nicht umrechnen: bitte --crs prüfen"
        return lonlat, [*problems, where.problem(None, "x/y", message)]
    lonlat[from_xy] = np.column_stack([lon, lat])
    return lonlat, [*problems, *location_problems(lonlat, xy=xy, crs=crs, **at)]


def points_xy(table: pd.DataFrame, lonlat: np.ndarray, crs: str | None) -> np.ndarray:
    """Metric x/y of every row for distances, exact where the input is already metric.

    Rows given as ``x``/``y`` in a projected CRS in metres (``crs``, e.g. EPSG:3035 or
    EPSG:25833) keep their numbers unchanged; a trip to lon/lat and back would move them by a
    few nanometres and let pairs that lie exactly on a limit fall out. Rows given as lon/lat
    (``lonlat`` from :func:`points_lonlat`) are projected into that CRS, or into EPSG:3035
    when ``crs`` is missing or not metric, so every table read with the same ``crs`` ends up in
    the same system.

    Examples
    --------
    >>> table = pd.DataFrame({"x": [4_500_000.0, np.nan], "y": [3_000_000.0, np.nan],
    ...                       "lon": [np.nan, 12.92], "lat": [np.nan, 50.83]})
    >>> lonlat, _ = points_lonlat(table, "EPSG:3035")
    >>> points_xy(table, lonlat, "EPSG:3035")[0].tolist()  # kept exactly as given
    [4500000.0, 3000000.0]
    """
    from gesundheitsregion.erreichbarkeit import DEFAULT_CRS, to_metric

    target = DEFAULT_CRS
    if crs is not None:
        from pyproj import CRS
        from pyproj.exceptions import CRSError

        try:
            system = CRS.from_user_input(crs)
        except CRSError:  # only lon/lat rows then: points_lonlat reports x/y with a bad CRS
            system = None
        if system is not None and system.is_projected and system.axis_info[0].unit_name == "metre":
            target = crs
    lonlat = np.asarray(lonlat, dtype=float).reshape(-1, 2)
    xy = np.full(lonlat.shape, np.nan)
    given = np.zeros(len(lonlat), dtype=bool)
    if target == crs and "x" in table.columns and "y" in table.columns:
        n = len(table)
        lon = table["lon"].to_numpy(dtype=float) if "lon" in table.columns else np.full(n, np.nan)
        x, y = table["x"].to_numpy(dtype=float), table["y"].to_numpy(dtype=float)
        # points_lonlat takes lon/lat first and x/y only where lon is missing: the same rows.
        given = np.isnan(lon) & ~np.isnan(x)
        xy[given] = np.column_stack([x[given], y[given]])
    # Only the rows not given in metres are projected (none, for a file of x/y).
    project = np.isfinite(lonlat).all(axis=1) & ~given
    if project.any():
        xy[project] = to_metric(lonlat[project], target=target)
    return xy


def read_points(
    path: str | os.PathLike[str],
    schema: Schema,
    *,
    crs: str | None = None,
    notes: list[str] | None = None,
) -> tuple[pd.DataFrame | None, np.ndarray | None, list[Problem]]:
    """Read a table of located points (demand, providers, candidate sites).

    Collects problems instead of raising, so a command can report every file at once. The
    table gets ``lon``/``lat`` for every row; rows without a location are problems.
    """
    try:
        table, where = read_table_with_provenance(path, schema, notes=notes)
    except ValidationError as error:
        return None, None, list(error.problems)
    if table.empty:
        return None, None, [Problem(Path(path).name, None, None, "Die Datei enthält keine Zeilen.")]
    lonlat, problems = points_lonlat(table, crs, required=True, provenance=where)
    return table, lonlat, problems


def _place_by_postcode(table, centroids, where: Provenance) -> list[Problem]:
    has_point = (
        table["lon"].notna().to_numpy() if "lon" in table.columns else np.zeros(len(table), bool)
    )
    table["standort_genau"] = pd.array(np.where(has_point, True, pd.NA), dtype="boolean")
    if "plz" not in table.columns:
        return []
    wanted = ~has_point & table["plz"].notna().to_numpy()
    if not wanted.any():
        return []
    if centroids is None:
        raise ValueError("plz_centroids fehlt: Ärzte ohne Koordinaten brauchen PLZ-Schwerpunkte")
    lookup = centroids.set_index("plz")[["lon", "lat"]]
    found = table["plz"].isin(lookup.index).to_numpy()
    problems = [
        where.problem(
            i,
            "plz",
            f"'{table['plz'].iloc[i]}' ist keine bekannte Postleitzahl (Stand 2023); "
            "bitte prüfen oder Koordinaten angeben",
        )
        for i in np.flatnonzero(wanted & ~found).tolist()
    ]
    place = wanted & found
    for name in ("lon", "lat"):
        column = (
            table[name].astype("float64")
            if name in table.columns
            else pd.Series(np.nan, index=table.index)
        )
        column[place] = lookup.loc[table.loc[place, "plz"], name].to_numpy()
        table[name] = column
    table.loc[place, "standort_genau"] = False
    return problems


def write_table(
    table: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    geometry: object = None,
    german_csv: bool = False,
    outputs: Outputs | None = None,
    description: str | None = None,
) -> Path:
    """Write a result table by the file's ending (CSV, XLSX or GeoJSON).

    The file is written to a temporary name and renamed at the end, so a failure never leaves
    a half-written result.

    Parameters
    ----------
    geometry
        A GeoDataFrame with ``id`` and ``geometry``; required for GeoJSON, joined on the first
        column of ``table``.
    german_csv
        Write CSV with ``;`` and decimal comma (for Excel in German), else ``,`` and ``.``.
    outputs
        Write as part of these :class:`Outputs` (renamed with the others on their commit);
        else the file is written and renamed at once.
    description
        For XLSX: the workbook's description (its metadata), e.g. what a forecast assumes.
        CSV and GeoJSON have no place for it.

    Raises
    ------
    WriteError
        When the file cannot be written (folder, rights, disk full), naming it and the fix.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".geojson"):
        raise ValueError(
            f"Ausgabeformat '{suffix or 'ohne Endung'}' wird nicht unterstützt: "
            "bitte eine Datei mit der Endung .csv, .xlsx oder .geojson angeben."
        )
    if outputs is None:
        with Outputs() as own:
            return write_table(table, path, geometry=geometry, german_csv=german_csv, outputs=own)
    temporary = outputs.path(path)
    if suffix == ".csv":
        options = {"sep": ";", "decimal": ","} if german_csv else {}
        texts = None if german_csv else _csv_texts(table)
        if texts is not None:
            _write_csv_texts(table.columns, texts, temporary)
        else:
            table.to_csv(
                temporary, index=False, encoding="utf-8-sig" if german_csv else "utf-8", **options
            )
    elif suffix == ".xlsx":
        with pd.ExcelWriter(temporary, engine="openpyxl") as writer:
            table.to_excel(writer, index=False)
            if description:
                # Shown by Excel under Datei > Informationen > Eigenschaften (Kommentare).
                writer.book.properties.description = description
    else:
        _write_geojson(table, geometry, temporary)
    return path


#: Characters that make csv quote a cell (delimiter, quote, line ends) in ``to_csv``'s dialect.
_CSV_SPECIAL = re.compile(r'[,"\r\n]')


def _csv_text(values: pd.Series) -> list[str] | None:
    """The cells of one column as ``to_csv`` writes them, or None for a kind left to pandas."""
    dtype = values.dtype
    if dtype == np.float64:
        # repr is the shortest text that reads back as the same number, as pandas writes it.
        cells = values.to_numpy()
        texts = list(map(repr, cells.tolist()))
        for i in np.flatnonzero(np.isnan(cells)).tolist():
            texts[i] = ""
        return texts
    if dtype.kind in "iub" and isinstance(dtype, np.dtype):
        return list(map(str, values.tolist()))
    if isinstance(dtype, pd.StringDtype) or (isinstance(dtype, np.dtype) and dtype.kind == "O"):
        cells = values.tolist()
        if all(type(cell) is str for cell in cells):
            return cells
        if not all(type(cell) is str or cell is None or pd.isna(cell) for cell in cells):
            return None
        return [cell if type(cell) is str else "" for cell in cells]
    return None


def _csv_texts(table: pd.DataFrame) -> list[list[str]] | None:
    """Every column as text for :func:`_write_csv_texts`, or None if one is not plain numbers
    or text (dates, nullable integers, categories: those are written by pandas)."""
    if not table.shape[1] or not all(type(name) is str for name in table.columns):
        return None
    texts = []
    for position in range(table.shape[1]):
        column = _csv_text(table.iloc[:, position])
        if column is None:
            return None
        texts.append(column)
    return texts


def _write_csv_texts(columns: pd.Index, texts: list[list[str]], path: Path) -> None:
    """Write as ``to_csv(index=False)`` does (its csv dialect, byte for byte), without pandas'
    per-chunk conversions that cost the most of writing 100,000 rows."""
    header = [str(name) for name in columns]
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if len(header) > 1 and not any(_CSV_SPECIAL.search("".join(c)) for c in [header, *texts]):
            # Nothing to quote: csv would write each row as its cells joined by commas.
            handle.write(",".join(header) + os.linesep)
            rows = os.linesep.join(map(",".join, zip(*texts, strict=True)))
            handle.write(rows + os.linesep if rows else "")
            return
        writer = csv.writer(handle, lineterminator=os.linesep, quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows(zip(*texts, strict=True))


def _write_geojson(table: pd.DataFrame, geometry: object, path: Path) -> None:
    import geopandas as gpd

    if geometry is None:
        raise ValueError(
            "Für eine GeoJSON-Ausgabe braucht es Geometrien: bitte die Bereiche als GeoJSON oder "
            "GeoPackage übergeben oder eine .csv/.xlsx-Ausgabe wählen."
        )
    key = table.columns[0]
    shapes = geometry[["id", "geometry"]].rename(columns={"id": key})
    merged = gpd.GeoDataFrame(
        table.merge(shapes, on=key, how="left"), geometry="geometry", crs=geometry.crs
    )
    merged.to_file(path, driver="GeoJSON")
