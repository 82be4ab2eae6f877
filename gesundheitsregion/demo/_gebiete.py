"""The areas of the demo region: Kreise, Gemeinden and the Stadtteile of Chemnitz."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from gesundheitsregion.demo._quellen import DemoDataError

__all__ = ["GEMEINDE_FUSIONEN", "build_gebiete", "kreis_name", "stadtteil_id"]

#: Gemeinden of VG5000 (01.01.2021) merged before the GV100AD territorial status (30.11.2023):
#: Ostrau and Zschaitz-Ottewig formed Jahnatal (Mittelsachsen) on 01.01.2023.
GEMEINDE_FUSIONEN = {"14522450": "14522275", "14522620": "14522275"}

#: AGS of the Gemeinde Chemnitz, the parent of the Stadtteile.
CHEMNITZ = "14511000"

_COLUMNS = ["id", "name", "art", "uebergeordnet", "kreistyp", "verteilungsfaktor", "geometry"]


def kreis_name(gen: str, bez: str) -> str:
    """Return the name a reader expects, e.g. ``Landkreis Zwickau`` for VG5000 ``Zwickau``.

    Examples
    --------
    >>> kreis_name("Zwickau", "Landkreis"), kreis_name("Erzgebirgskreis", "Landkreis")
    ('Landkreis Zwickau', 'Erzgebirgskreis')
    >>> kreis_name("Chemnitz", "Kreisfreie Stadt")
    'Stadt Chemnitz'
    """
    if bez == "Kreisfreie Stadt":
        return f"Stadt {gen}"
    if bez == "Landkreis" and not gen.lower().endswith("kreis"):
        return f"Landkreis {gen}"
    return gen


def stadtteil_id(stadtts: pd.Series) -> pd.Series:
    """Return the Stadtteil key: Gemeinde AGS, hyphen, official 2-digit number (``14511000-01``)."""
    return CHEMNITZ + "-" + stadtts.astype(str).str.zfill(2)


def _kreise(kreise: gpd.GeoDataFrame, kreistypen: Mapping[str, int]) -> gpd.GeoDataFrame:
    names = [kreis_name(g, b) for g, b in zip(kreise["GEN"], kreise["BEZ"], strict=True)]
    return gpd.GeoDataFrame(
        {
            "id": kreise["AGS"].to_numpy(),
            "name": names,
            "art": "Kreis",
            "uebergeordnet": pd.NA,
            "kreistyp": pd.array([kreistypen[a] for a in kreise["AGS"]], dtype="Int64"),
            "verteilungsfaktor": np.nan,
        },
        geometry=kreise.geometry.to_numpy(),
        crs=kreise.crs,
    )


def _gemeinden(vg5000: gpd.GeoDataFrame, gv100ad: pd.DataFrame) -> gpd.GeoDataFrame:
    ags = vg5000["AGS"].replace(GEMEINDE_FUSIONEN)
    shapes = vg5000.assign(ags=ags).dissolve(by="ags", as_index=False)[["ags", "geometry"]]
    only_shape = sorted(set(shapes["ags"]) - set(gv100ad["ags"]))
    only_count = sorted(set(gv100ad["ags"]) - set(shapes["ags"]))
    if only_shape or only_count:
        raise DemoDataError(
            "Gemeindegrenzen (VG5000) und Einwohnerzahlen (GV100AD) passen nicht zusammen: "
            f"nur Grenzen für {only_shape or 'keine'}, nur Einwohner für {only_count or 'keine'}. "
            "Eine Gebietsreform fehlt in GEMEINDE_FUSIONEN (gesundheitsregion/demo/_gebiete.py)."
        )
    merged = shapes.merge(gv100ad[["ags", "name", "kreis_ags"]], on="ags", validate="1:1")
    return gpd.GeoDataFrame(
        {
            "id": merged["ags"].to_numpy(),
            "name": merged["name"].to_numpy(),
            "art": "Gemeinde",
            "uebergeordnet": merged["kreis_ags"].to_numpy(),
            "kreistyp": pd.array([pd.NA] * len(merged), dtype="Int64"),
            "verteilungsfaktor": np.nan,
        },
        geometry=merged.geometry.to_numpy(),
        crs=vg5000.crs,
    )


def _stadtteile(stadtteile: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "id": stadtteil_id(stadtteile["STADTTS"]).to_numpy(),
            "name": stadtteile["STADTTNAME"].to_numpy(),
            "art": "Stadtteil",
            "uebergeordnet": CHEMNITZ,
            "kreistyp": pd.array([pd.NA] * len(stadtteile), dtype="Int64"),
            "verteilungsfaktor": np.nan,
        },
        geometry=stadtteile.geometry.to_numpy(),
        crs=stadtteile.crs,
    )


def build_gebiete(
    kreise: gpd.GeoDataFrame,
    gemeinden_vg5000: gpd.GeoDataFrame,
    gv100ad: pd.DataFrame,
    stadtteile: gpd.GeoDataFrame,
    kreistypen: Mapping[str, int],
) -> gpd.GeoDataFrame:
    """Return the table ``gebiete`` (Kreise, Gemeinden, Stadtteile) in EPSG:4326.

    Gemeinde geometries come from VG5000 (01.01.2021), merged to the GV100AD territorial status
    (30.11.2023) by :data:`GEMEINDE_FUSIONEN`; names come from GV100AD.
    """
    parts = [
        _kreise(kreise, kreistypen),
        _gemeinden(gemeinden_vg5000, gv100ad),
        _stadtteile(stadtteile.to_crs(kreise.crs)),
    ]
    frame = pd.concat(parts, ignore_index=True)
    gebiete = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")[_COLUMNS]
    text = ["id", "name", "art", "uebergeordnet"]
    return gebiete.astype(dict.fromkeys(text, "string"))
