"""Checking delivered tables against their schema.

A table arrives as text cells (as read from CSV, XLSX or GeoJSON). :func:`validate` parses every
cell into its kind, collects *every* problem with file, row and column, and either returns the
typed table or raises :class:`ValidationError` listing all problems. Nothing is half-loaded:
either the whole table is valid or none of it is returned.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from gesundheitsregion.schema import Column, Schema

__all__ = [
    "GERMANY_LONLAT",
    "Problem",
    "ValidationError",
    "crs_problems",
    "location_problems",
    "normalise_column_name",
    "parse_date",
    "parse_number",
    "validate",
]

_MAX_SHOWN = 60


@dataclass(frozen=True)
class Problem:
    """One problem in a delivered file.

    ``row`` is the line or object number as the user sees it in the file (header = line 1), or
    ``None`` for problems of the whole file (e.g. a missing column).
    """

    source: str
    row: int | None
    column: str | None
    message: str
    unit: str = "Zeile"

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"{self.unit} {self.row}")
        if self.column is not None:
            where.append(f"Spalte {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ValidationError(ValueError):
    """Raised with all problems of one or several input files."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Return all problems, one per line, in German."""
        shown = [str(p) for p in self.problems[:_MAX_SHOWN]]
        rest = len(self.problems) - len(shown)
        if rest > 0:
            shown.append(f"... und {rest} weitere Probleme.")
        count = len(self.problems)
        head = "1 Problem gefunden" if count == 1 else f"{count} Probleme gefunden"
        return f"{head}, nichts wurde übernommen:\n" + "\n".join(shown)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def normalise_column_name(name: object) -> str:
    """Return the canonical spelling of a column header.

    Examples
    --------
    >>> normalise_column_name(" Einwohner unter 18 ")
    'einwohner_unter_18'
    >>> normalise_column_name("Anrechnungs-Faktor")
    'anrechnungs_faktor'
    """
    text = str(name).strip().lower().translate(_UMLAUTS)
    return re.sub(r"[^0-9a-z+]+", "_", text).strip("_")


_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_number(text: str, *, integer: bool = False) -> float | None:
    """Parse a number as German offices write it; return ``None`` if it is none.

    A comma is the decimal separator; a dot is one too unless the value is an integer with
    dots between groups of three digits (``40.616``), which German tables use for thousands.

    Examples
    --------
    >>> parse_number("1,5")
    1.5
    >>> parse_number("40.616", integer=True)
    40616.0
    >>> parse_number("1.234,5")
    1234.5
    >>> parse_number("viel") is None
    True
    """
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in value:
        value = value.replace(".", "").replace(",", ".")
    elif integer and _THOUSANDS.match(value):
        value = value.replace(".", "")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if np.isfinite(number) else None


_LARGEST_INT = 2.0**53
_TRUE = {"1", "true", "wahr", "ja", "j", "x", "yes"}
_FALSE = {"0", "false", "falsch", "nein", "n", "no"}


def _format_choices(choices: Iterable[object]) -> str:
    return ", ".join(str(c) for c in choices)


def _check_number(col: Column, text: str) -> tuple[object, str | None]:
    number = parse_number(text, integer=col.kind == "int")
    if number is None:
        kind = "eine ganze Zahl" if col.kind == "int" else "eine Zahl"
        return None, f"'{text}' ist keine Zahl, erwartet wird {col.expected or kind}"
    if col.kind == "int" and number != int(number):
        expected = col.expected or "eine ganze Zahl"
        return None, f"'{text}' ist keine ganze Zahl, erwartet wird {expected}"
    if col.choices is not None and number not in col.choices:
        return None, f"'{text}' ist keiner der Werte {_format_choices(col.choices)}"
    too_low = (col.minimum is not None and number < col.minimum) or (
        col.above is not None and number <= col.above
    )
    too_high = col.maximum is not None and number > col.maximum
    # Whole numbers beyond 2**53 are not exact as floats and do not fit Int64 anyway.
    too_large = col.kind == "int" and abs(number) > _LARGEST_INT
    if too_low or too_high or too_large:
        return None, f"'{text}' liegt außerhalb des erlaubten Bereichs, erwartet wird {_range(col)}"
    return (int(number) if col.kind == "int" else number), None


def _range(col: Column) -> str:
    if col.expected:
        return col.expected
    if col.above is not None:
        return f"eine Zahl > {col.above}"
    low = "" if col.minimum is None else f"≥ {col.minimum:g}"
    high = "" if col.maximum is None else f"≤ {col.maximum:g}"
    return "eine Zahl " + " und ".join(p for p in (low, high) if p)


def _check_text(col: Column, text: str) -> tuple[object, str | None]:
    if col.choices is not None and text not in col.choices:
        close = difflib.get_close_matches(text, [str(c) for c in col.choices], n=1)
        hint = f" Meinten Sie '{close[0]}'?" if close else ""
        if len(col.choices) > 12:
            return None, f"'{text}' ist keiner der {len(col.choices)} bekannten Werte.{hint}"
        return None, f"'{text}' ist keiner der Werte {_format_choices(col.choices)}.{hint}"
    if col.pattern is not None and not re.fullmatch(col.pattern, text):
        return None, f"'{text}' hat nicht die erwartete Form, erwartet wird {col.expected}"
    return text, None


def _check_bool(col: Column, text: str) -> tuple[object, str | None]:
    if text.lower() in _TRUE:
        return True, None
    if text.lower() in _FALSE:
        return False, None
    return None, f"'{text}' ist kein Wahrheitswert, erwartet wird ja/nein, wahr/falsch oder 1/0"


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(text: str) -> dt.date | None:
    """A German (31.12.2025) or ISO (2025-12-31) date, or None if ``text`` is neither.

    Examples
    --------
    >>> parse_date("31.12.2025"), parse_date("2025-12-31 00:00:00"), parse_date("30.02.2025")
    (datetime.date(2025, 12, 31), datetime.date(2025, 12, 31), None)
    """
    text = text.strip()
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _GERMAN_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 30.02., month 13, ...
        return None


def _check_date(col: Column, text: str) -> tuple[object, str | None]:
    value = parse_date(text)
    if value is None:
        expected = col.expected or "ein Datum wie 31.12.2025 oder 2025-12-31"
        return None, f"'{text}' ist kein gültiges Datum, erwartet wird {expected}"
    return value, None


_CHECKS = {
    "int": _check_number,
    "float": _check_number,
    "text": _check_text,
    "bool": _check_bool,
    "date": _check_date,
}
_EMPTY_VALUE = {"int": pd.NA, "float": np.nan, "text": None, "bool": pd.NA, "date": None}
_DTYPES = {
    "int": "Int64",
    "float": "float64",
    "text": "string",
    "bool": "boolean",
    "date": "object",
}


def validate(
    table: pd.DataFrame,
    schema: Schema,
    *,
    source: str,
    row_numbers: Sequence[int] | None = None,
    unit: str = "Zeile",
    choices: dict[str, Sequence[object]] | None = None,
) -> pd.DataFrame:
    """Check a table of text cells against ``schema`` and return it typed.

    Parameters
    ----------
    table
        One column per header, cells as text; empty cells are ``""`` or missing.
    schema
        The canonical table to check against.
    source
        The file name shown in messages.
    row_numbers
        The row number the user sees for each row (default: header is line 1, so 2, 3, ...).
    unit
        How rows are called in messages: ``Zeile`` for CSV/XLSX, ``Objekt`` for GeoJSON.
    choices
        Allowed values per column decided at run time (e.g. the Arztgruppen of a rule version).

    Returns
    -------
    pandas.DataFrame
        Same rows, schema columns parsed (strings, ``Int64``, ``float64``, ``boolean``,
        ``datetime.date`` objects for ``date``), other
        columns kept as they are.

    Raises
    ------
    ValidationError
        With every problem found.

    Examples
    --------
    >>> from gesundheitsregion.schema import REKRUTIERUNG
    >>> raw = pd.DataFrame({"planungsbereich": ["01"], "arztgruppe": ["Hausärzte"],
    ...                     "neue_aerzte_pro_jahr": ["1,5"]})
    >>> validate(raw, REKRUTIERUNG, source="r.csv")["neue_aerzte_pro_jahr"].tolist()
    [1.5]
    """
    table = table.rename(columns=normalise_column_name)
    rows = list(row_numbers) if row_numbers is not None else list(range(2, len(table) + 2))
    problems = _missing_columns(table, schema, source)
    if problems:
        raise ValidationError(problems)
    out = table.copy()
    for col in schema.columns:
        if col.name not in table.columns:
            continue
        allowed = (choices or {}).get(col.name)
        if allowed is not None:
            col = Column(**{**col.__dict__, "choices": tuple(allowed)})
        values, col_problems = _parse_column(table[col.name], col, source, rows, unit)
        out[col.name] = values
        problems.extend(col_problems)
    problems.extend(_together_problems(out, schema, source, rows, unit))
    problems.extend(_at_least_one_problems(table, schema, source, rows, unit))
    problems.extend(_duplicate_problems(out, schema, source, rows, unit))
    if problems:
        raise ValidationError(sorted(problems, key=lambda p: (p.row or 0, p.column or "")))
    return out


def _missing_columns(table: pd.DataFrame, schema: Schema, source: str) -> list[Problem]:
    missing = [name for name in schema.required if name not in table.columns]
    if not missing:
        return []
    present = ", ".join(map(str, table.columns)) or "keine"
    return [
        Problem(
            source,
            None,
            name,
            f"Spalte fehlt. Pflichtspalten sind {', '.join(schema.required)}; "
            f"die Datei hat {present}. Bitte die Kopfzeile ergänzen.",
        )
        for name in missing
    ]


def _cell_text(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _texts(raw: pd.Series) -> np.ndarray:
    """The cells as stripped text (a numpy string array), ``""`` where empty."""
    if isinstance(raw.dtype, pd.StringDtype) and len(raw):  # as every reader of io delivers them
        # numpy's strip runs in C and strips what str.strip does.
        return np.strings.strip(np.asarray(raw.fillna("").to_numpy(dtype=object), dtype=str))
    return np.array([_cell_text(value) for value in raw.tolist()], dtype=str)


def _floats(texts: np.ndarray) -> np.ndarray:
    """``float()`` of each text (NaN where it is none): Python's own parsing, so the numbers
    are exactly those of :func:`parse_number`."""
    values = texts.tolist()
    try:
        return np.fromiter(map(float, values), float, len(values))
    except ValueError:
        return np.array([parse_number(v) if v else np.nan for v in values], float)


def _fast_numbers(col: Column, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`parse_number` and the range checks of :func:`_check_number` on a whole column.

    Returns the numbers and the cells to look at one by one: those not valid here, which get
    their message (or, in an unusual spelling, their value) from :func:`_check_number`.
    """
    if not len(texts):
        return np.empty(0), np.empty(0, dtype=bool)
    # numpy's string functions run in C, pandas' .str ones call Python per cell; each runs
    # only if one cell of the column has its character (most columns have none of them).
    present = "".join(texts.tolist())
    value = texts
    for blank in ("\u00a0", " "):
        if blank in present:
            value = np.strings.replace(value, blank, "")
    comma = np.strings.find(value, ",") >= 0 if "," in present else np.zeros(len(value), bool)
    if comma.any():
        decimal = np.strings.replace(np.strings.replace(value, ".", ""), ",", ".")
        value = np.where(comma, decimal, value)
    if col.kind == "int" and "." in present:
        dotted = np.flatnonzero(~comma & (np.strings.find(value, ".") >= 0))
        thousands = [i for i in dotted.tolist() if _THOUSANDS.match(value[i])]
        if thousands:
            value = value.copy()  # may still be the caller's texts
            value[thousands] = np.strings.replace(value[thousands], ".", "")
    numbers = _floats(value)
    with np.errstate(invalid="ignore"):
        valid = np.isfinite(numbers)
        if col.kind == "int":
            valid &= (numbers == np.trunc(numbers)) & (np.abs(numbers) <= _LARGEST_INT)
        if col.choices is not None:
            valid &= np.isin(numbers, np.asarray(list(col.choices), dtype=float))
        if col.minimum is not None:
            valid &= numbers >= col.minimum
        if col.above is not None:
            valid &= numbers > col.above
        if col.maximum is not None:
            valid &= numbers <= col.maximum
    return numbers, ~valid


def _fast_texts(col: Column, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The choice and pattern checks of :func:`_check_text` on a whole column."""
    series = pd.Series(texts, dtype=object)
    valid = np.ones(len(texts), dtype=bool)
    if col.choices is not None:
        valid &= series.isin(list(col.choices)).to_numpy(dtype=bool)
    if col.pattern is not None:
        valid &= series.str.fullmatch(col.pattern).to_numpy(dtype=bool)
    return texts, ~valid


def _fast_bools(col: Column, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_check_bool` on a whole column."""
    lower = pd.Series(texts, dtype=object).str.lower()
    true = lower.isin(_TRUE).to_numpy(dtype=bool)
    false = lower.isin(_FALSE).to_numpy(dtype=bool)
    return true.astype(object), ~(true | false)


_FAST = {"int": _fast_numbers, "float": _fast_numbers, "text": _fast_texts, "bool": _fast_bools}


def _one_by_one(col: Column, texts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For a kind without a whole-column check: every cell goes through its own check."""
    return np.full(len(texts), None, dtype=object), np.ones(len(texts), dtype=bool)


def _parse_column(
    raw: pd.Series, col: Column, source: str, rows: list[int], unit: str
) -> tuple[pd.Series, list[Problem]]:
    # Whole columns at once (a Python call per cell made 100,000 rows take seconds); only the
    # cells found wrong go through the per-cell check, which words their message.
    texts = _texts(raw)
    filled = np.flatnonzero(texts != "")
    numeric = col.kind in ("int", "float")
    parsed = np.full(len(texts), np.nan) if numeric else np.full(len(texts), None, dtype=object)
    values, suspect = _FAST.get(col.kind, _one_by_one)(col, texts[filled])
    parsed[filled[~suspect]] = values[~suspect]
    found: list[tuple[int, Problem]] = []
    if col.required:
        empty = np.flatnonzero(texts == "").tolist()
        found += [(i, Problem(source, rows[i], col.name, "Wert fehlt", unit)) for i in empty]
    check = _CHECKS[col.kind]
    for i in filled[suspect].tolist():
        result, message = check(col, texts[i])
        if message:
            found.append((i, Problem(source, rows[i], col.name, message, unit)))
        else:
            parsed[i] = result
    problems = [problem for _, problem in sorted(found, key=lambda item: item[0])]
    if not numeric:
        parsed[parsed == None] = _EMPTY_VALUE[col.kind]  # noqa: E711  element-wise
    return pd.Series(parsed, index=raw.index, dtype=_DTYPES[col.kind]), problems


def _at_least_one_problems(
    raw: pd.DataFrame, schema: Schema, source: str, rows: list[int], unit: str
) -> list[Problem]:
    """Rows where every column of an ``at_least_one`` group is empty (in the delivered text, so
    that a bad value already reported on its own is not reported again as missing)."""
    problems = []
    for group in schema.at_least_one:
        present = [c for c in group if c in raw.columns]
        either = " oder ".join(group)
        if not present:
            message = f"Spalte fehlt: es braucht {either}. Bitte die Kopfzeile ergänzen."
            problems.append(Problem(source, None, group[0], message))
            continue
        empty = np.column_stack([raw[c].map(_cell_text).to_numpy() == "" for c in present])
        for position in np.flatnonzero(empty.all(axis=1)):
            message = f"Wert fehlt: je Zeile braucht es {either}"
            problems.append(Problem(source, rows[position], present[0], message, unit))
    return problems


def _together_problems(
    table: pd.DataFrame, schema: Schema, source: str, rows: list[int], unit: str
) -> list[Problem]:
    problems = []
    for group in schema.together:
        present = [c for c in group if c in table.columns]
        if not present:
            continue
        if len(present) < len(group):
            missing = ", ".join(c for c in group if c not in present)
            problems.append(
                Problem(source, None, missing, f"Spalte fehlt: {', '.join(group)} gehören zusammen")
            )
            continue
        given = table[list(group)].notna()
        partial = given.any(axis=1) & ~given.all(axis=1)
        for position in np.flatnonzero(partial.to_numpy()):
            empty = [c for c in group if not given.iloc[position][c]]
            problems.append(
                Problem(
                    source,
                    rows[position],
                    empty[0],
                    f"Wert fehlt: {' und '.join(group)} müssen zusammen angegeben werden",
                    unit,
                )
            )
    return problems


def _duplicate_problems(
    table: pd.DataFrame, schema: Schema, source: str, rows: list[int], unit: str
) -> list[Problem]:
    if not schema.unique or any(c not in table.columns for c in schema.unique):
        return []
    keys = table[list(schema.unique)].astype("string").fillna("")
    duplicated = keys.duplicated(keep="first").to_numpy()
    if not duplicated.any():
        return []
    first_row = {}
    for position, key in enumerate(map(tuple, keys.to_numpy())):
        first_row.setdefault(key, rows[position])
    problems = []
    for position in np.flatnonzero(duplicated):
        key = tuple(keys.iloc[position])
        shown = " / ".join(key)
        problems.append(
            Problem(
                source,
                rows[position],
                "/".join(schema.unique),
                f"'{shown}' kommt doppelt vor (zuerst in {unit} {first_row[key]}); "
                "jede Kennung darf nur einmal vorkommen",
                unit,
            )
        )
    return problems


#: Germany's extent in WGS84 (mainland and islands, from the BKG VG250 outline: 5.87-15.04 E,
#: 47.27-55.06 N), widened by half a degree (35-55 km) so that practices and people just across
#: the border (Basel, Salzburg, Szczecin) still count. A point beyond is almost always a wrong
#: CRS, swapped columns or a lost decimal point, not a place.
GERMANY_LONLAT = (5.37, 46.77, 15.54, 55.56)
_GERMANY_STRICT = (5.8, 47.0, 15.1, 55.1)
#: CRSs German offices use for x/y in metres, tried when the given one misplaces the points.
_COMMON_CRS = (
    "EPSG:25832",
    "EPSG:25833",
    "EPSG:3035",
    "EPSG:31466",
    "EPSG:31467",
    "EPSG:31468",
    "EPSG:31469",
    "EPSG:4647",
    "EPSG:5650",
)


def _inside(lonlat: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    lon, lat = lonlat[:, 0], lonlat[:, 1]
    return (lon >= box[0]) & (lon <= box[2]) & (lat >= box[1]) & (lat <= box[3])


def _degrees(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")


def location_problems(
    lonlat: np.ndarray,
    *,
    source: str,
    rows: Sequence[int],
    unit: str = "Zeile",
    xy: np.ndarray | None = None,
    crs: str | None = None,
) -> list[Problem]:
    """Points that cannot be where they claim: outside Germany, swapped, or in a wrong CRS.

    Parameters
    ----------
    lonlat
        ``n × 2`` WGS84 lon/lat (NaN where a row has no location).
    xy
        ``n × 2`` x/y the lon/lat were converted from with ``crs`` (NaN for rows given in lon/lat).

    Returns
    -------
    list of Problem
        One per row; when every located row has the same problem, one for the whole file.

    Examples
    --------
    >>> points = np.array([[12.92, 50.83], [50.83, 12.92]])
    >>> (problem,) = location_problems(points, source="a.csv", rows=[2, 3])
    >>> str(problem)[:78]
    'a.csv, Zeile 3, Spalte lon/lat: Längen- und Breitengrad vertauscht? (lon 50,83'

    """
    located = ~np.isnan(lonlat).any(axis=1)
    outside = located & ~_inside(np.nan_to_num(lonlat), GERMANY_LONLAT)
    if not outside.any():
        return []
    from_xy = np.zeros(len(lonlat), bool) if xy is None else ~np.isnan(xy).any(axis=1)
    swapped = outside & ~from_xy & _inside(np.nan_to_num(lonlat[:, ::-1]), _GERMANY_STRICT)
    hint = _crs_hint(xy[outside & from_xy], crs) if (outside & from_xy).any() else ""
    kinds = np.where(swapped, "swapped", np.where(from_xy, "crs", "outside"))
    positions = np.flatnonzero(outside)
    if len(positions) > 1 and len(positions) == located.sum() and len(set(kinds[positions])) == 1:
        first = positions[0]
        text = _location_message(kinds[first], lonlat[first], crs, hint)
        where = f"alle {len(positions)} {unit}n" if unit == "Zeile" else f"alle {len(positions)}"
        return [Problem(source, None, _location_column(kinds[first]), f"{where}: {text}")]
    return [
        Problem(
            source,
            rows[i],
            _location_column(kinds[i]),
            _location_message(kinds[i], lonlat[i], crs, hint),
            unit,
        )
        for i in positions
    ]


def _location_column(kind: str) -> str:
    return "x/y" if kind == "crs" else "lon/lat"


def _location_message(kind: str, point: np.ndarray, crs: str | None, hint: str) -> str:
    at = f"lon {_degrees(point[0])}, lat {_degrees(point[1])}"
    if kind == "swapped":
        return (
            f"Längen- und Breitengrad vertauscht? ({at} liegt außerhalb Deutschlands; vertauscht "
            "läge der Punkt in Deutschland). Bitte die Spalten lon und lat tauschen."
        )
    if kind == "crs":
        return (
            f"mit --crs {crs} umgerechnet liegt der Punkt außerhalb Deutschlands ({at}). "
            f"Passt das Koordinatensystem zu den Zahlen?{hint}"
        )
    return (
        f"{at} liegt außerhalb Deutschlands (erlaubt sind Orte in Deutschland und bis etwa "
        "35 km jenseits der Grenze). Bitte die Koordinaten prüfen: WGS84 in Dezimalgrad, "
        "z. B. lon 12,92 und lat 50,83 für Chemnitz."
    )


def _crs_hint(xy: np.ndarray, crs: str | None) -> str:
    """Name the common CRSs (or swapped x/y) under which the misplaced points lie in Germany."""
    from pyproj import Transformer

    sample = xy[:100]
    fitting = []
    for candidate in (crs, *_COMMON_CRS):
        if candidate is None:
            continue
        to_lonlat = Transformer.from_crs(candidate, "EPSG:4326", always_xy=True)
        for label, (x, y) in (("", sample.T), (" mit x und y vertauscht", sample[:, ::-1].T)):
            if candidate == crs and not label:
                continue
            with np.errstate(all="ignore"):
                lon, lat = to_lonlat.transform(x, y)
            if _inside(np.column_stack([lon, lat]), GERMANY_LONLAT).all():
                fitting.append(f"{candidate}{label}")
    if not fitting:
        return (
            " Erwartet werden Meter in einem projizierten System, z. B. EPSG:25832, 25833 "
            "oder 3035."
        )
    return f" In Deutschland lägen die Punkte mit --crs {' oder '.join(fitting[:3])}."


def crs_problems(xy: np.ndarray, crs: str, *, source: str) -> list[Problem]:
    """A CRS that does not fit the size of the numbers: metres with degrees, or degrees with
    metres (lon/lat-sized x/y in a projected CRS would land near its false origin)."""
    from pyproj import CRS

    given = xy[~np.isnan(xy).any(axis=1)]
    if not len(given):
        return []
    like_degrees = (np.abs(given[:, 0]) <= 180).all() and (np.abs(given[:, 1]) <= 90).all()
    geographic = CRS.from_user_input(crs).is_geographic
    if geographic and not like_degrees:
        message = (
            f"x/y sind Meter, --crs {crs} rechnet aber in Grad. Bitte das projizierte "
            "Koordinatensystem der Meter angeben, z. B. --crs EPSG:25832, EPSG:25833 oder "
            "EPSG:3035."
        )
        return [Problem(source, None, "x/y", message)]
    if not geographic and like_degrees:
        message = (
            f"x/y sehen aus wie Grad (höchstens 180 bzw. 90), --crs {crs} rechnet aber in "
            "Metern. Bitte die Spalten in lon/lat umbenennen (WGS84) oder das passende "
            "Koordinatensystem angeben."
        )
        return [Problem(source, None, "x/y", message)]
    return []
