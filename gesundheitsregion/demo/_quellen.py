"""Reading the open data files the demo region is built from.

Every reader takes the data directory and returns the file's rows for the demo Kreise only,
with keys as text. A missing file ends in one German message naming the file and the fix.
The files themselves are described in ``../shared/data/README.md`` and in ``docs/demo.md``.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from gesundheitsregion import datadir

__all__ = [
    "DemoDataError",
    "read_arztdichte",
    "read_gemeinden_gv100ad",
    "read_gemeinden_vg5000",
    "read_grid",
    "read_krankenhaeuser",
    "read_kreise_altersgruppen",
    "read_kreise_vg5000",
    "read_stadtteile",
]

#: Files read by the demo, relative to the data directory.
FILES = {
    "kreise": datadir.KREISE,
    "gemeinden": datadir.GEMEINDEN_SACHSEN,
    "stadtteile": datadir.STADTTEILE_CHEMNITZ,
    "gv100ad": datadir.GV100AD,
    "altersgruppen": datadir.KREISE_ALTERSGRUPPEN_2024,
    "grid": datadir.GRID_1KM,
    "arztdichte": datadir.ARZTDICHTE,
    "krankenhaeuser": datadir.KRANKENHAEUSER,
}

#: The memilio age columns and the Altersgruppe labels of the canonical table.
AGE_COLUMNS = {
    "age_0_2": "0-2",
    "age_3_5": "3-5",
    "age_6_14": "6-14",
    "age_15_17": "15-17",
    "age_18_24": "18-24",
    "age_25_29": "25-29",
    "age_30_39": "30-39",
    "age_40_49": "40-49",
    "age_50_64": "50-64",
    "age_65_74": "65-74",
    "age_75_plus": "75+",
}


class DemoDataError(ValueError):
    """Raised with a German message when an open data file is missing or unexpected."""


def _path(data_dir: Path, key: str) -> Path:
    path = Path(data_dir) / FILES[key]
    if not path.is_file():
        raise DemoDataError(
            f"Die Datei '{FILES[key]}' fehlt im Datenverzeichnis '{data_dir}'. Bitte das "
            "Verzeichnis mit den offenen Daten angeben (Option --daten oder Umgebungsvariable "
            "GESUNDHEITSREGION_DATEN) oder es mit 'gesundheitsregion daten-holen' befüllen."
        )
    return path


def _expect(found: set[str], wanted: list[str], key: str) -> None:
    missing = sorted(set(wanted) - found)
    if missing:
        raise DemoDataError(
            f"In '{FILES[key]}' fehlen die Kreise {', '.join(missing)}. Die Datei hat nicht den "
            "erwarteten Stand; bitte die Fassung aus ../shared/data/README.md verwenden."
        )


def read_kreise_vg5000(data_dir: Path, kreise: list[str]) -> gpd.GeoDataFrame:
    """Return the VG5000 Kreis polygons (``AGS``, ``GEN``, ``BEZ``, geometry) of ``kreise``."""
    frame = gpd.read_file(_path(data_dir, "kreise"), columns=["AGS", "GEN", "BEZ", "GF"])
    # GF 9 is land; GF 8 would be coastal water, which no Saxon Kreis has, but say so in code.
    frame = frame[frame["AGS"].isin(kreise) & (frame["GF"] == 9)]
    _expect(set(frame["AGS"]), kreise, "kreise")
    return frame.drop(columns="GF").sort_values("AGS").reset_index(drop=True)


def read_gemeinden_vg5000(data_dir: Path, kreise: list[str]) -> gpd.GeoDataFrame:
    """Return the VG5000 Gemeinde polygons (``AGS``, ``GEN``, geometry) within ``kreise``."""
    frame = gpd.read_file(_path(data_dir, "gemeinden"), columns=["AGS", "GEN", "GF"])
    frame = frame[frame["AGS"].str[:5].isin(kreise) & (frame["GF"] == 9)]
    _expect(set(frame["AGS"].str[:5]), kreise, "gemeinden")
    return frame.drop(columns="GF").sort_values("AGS").reset_index(drop=True)


def read_stadtteile(data_dir: Path) -> gpd.GeoDataFrame:
    """Return the 39 Stadtteile of Chemnitz (``STADTTS``, ``STADTTNAME``, geometry)."""
    frame = gpd.read_file(_path(data_dir, "stadtteile"), columns=["STADTTS", "STADTTNAME"])
    return frame.sort_values("STADTTS").reset_index(drop=True)


def read_gemeinden_gv100ad(data_dir: Path, kreise: list[str]) -> pd.DataFrame:
    """Return the GV100AD Gemeinden of ``kreise`` with population on 31.12.2022."""
    frame = pd.read_csv(
        _path(data_dir, "gv100ad"),
        dtype={"ags": str, "ars": str, "kreis_ags": str, "plz": str, "gemeindeverband_ars": str},
        usecols=["ags", "name", "kreis_ags", "bevoelkerung", "maennlich", "weiblich"],
    )
    frame = frame[frame["kreis_ags"].isin(kreise)]
    _expect(set(frame["kreis_ags"]), kreise, "gv100ad")
    return frame.sort_values("ags").reset_index(drop=True)


def read_kreise_altersgruppen(data_dir: Path, kreise: list[str]) -> pd.DataFrame:
    """Return population by age group per Kreis on 31.12.2024 (memilio export of 12411-02-03-4)."""
    frame = pd.read_csv(_path(data_dir, "altersgruppen"), dtype={"ags": str})
    frame = frame[frame["ags"].isin(kreise)]
    _expect(set(frame["ags"]), kreise, "altersgruppen")
    return frame.sort_values("ags").reset_index(drop=True)


def read_arztdichte(data_dir: Path, kreise: list[str], year: int) -> pd.DataFrame:
    """Return inhabitants per doctor (``HAUS``, ``ALLGFA``) per Kreis in ``year``.

    The file's ``kreg`` is the 8-digit Kreisregion key (Kreis AGS + ``000``) with the leading zero
    of Länder 01–09 lost; it is padded back before matching.
    """
    frame = pd.read_csv(_path(data_dir, "arztdichte"), dtype={"kreg": str})
    frame["kreis"] = frame["kreg"].str.zfill(8).str[:5]
    frame = frame[frame["kreis"].isin(kreise) & (frame["year"] == year)]
    _expect(set(frame["kreis"]), kreise, "arztdichte")
    wide = frame.pivot(index="kreis", columns="category", values="einwohner_je_arzt")
    return wide[["HAUS", "ALLGFA"]].rename_axis(columns=None)


def read_grid(data_dir: Path, bounds: tuple[float, float, float, float]) -> pd.DataFrame:
    """Return the inhabited Zensus 2011 1 km cells whose centre lies in ``bounds`` (EPSG:3035)."""
    frame = pd.read_csv(_path(data_dir, "grid"))
    minx, miny, maxx, maxy = bounds
    inside = frame["x_mp_1km"].between(minx, maxx) & frame["y_mp_1km"].between(miny, maxy)
    return frame[inside].reset_index(drop=True)


def read_krankenhaeuser(data_dir: Path) -> pd.DataFrame:
    """Return all German hospital sites of the InEK register as published by Eurostat GISCO."""
    frame = pd.read_csv(_path(data_dir, "krankenhaeuser"), dtype=str, keep_default_na=False)
    frame["lon"] = frame["lon"].astype(float)
    frame["lat"] = frame["lat"].astype(float)
    return frame
