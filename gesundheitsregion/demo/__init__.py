"""The demo region Südwestsachsen, built reproducibly from real open data.

The five Kreise of the Gesundheitsregion Südwestsachsen (Chemnitz, Erzgebirgskreis,
Mittelsachsen, Vogtlandkreis, Landkreis Zwickau) with their Gemeinden and the 39 Stadtteile of
Chemnitz, their population, the real hospital sites, and **synthetic** practices whose number per
Kreis follows the published inhabitants per doctor. Every step, source and assumption is listed
in ``docs/demo.md`` and, for the reader of a result, in :attr:`DemoRegion.hinweise`.

Examples
--------
>>> from gesundheitsregion.datadir import find_data_dir
>>> region = build_demo_region(find_data_dir(), seed=2025)
>>> int(region.planungsbereiche["einwohner"].sum())
1386336
>>> region.aerzte["arztgruppe"].value_counts()["Hausärzte"].item()
858
>>> bool(region.aerzte["synthetisch"].all())
True
>>> paths = write_demo_inputs(region, "demo-eingaben")  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gesundheitsregion.demo import _quellen as quellen
from gesundheitsregion.demo._aerzte import (
    ANRECHNUNG_ANTEILE,
    arztzahlen,
    build_aerzte,
    fachgruppen_aufteilung,
)
from gesundheitsregion.demo._bevoelkerung import (
    gemeinde_bevoelkerung,
    kreis_bevoelkerung,
    kreis_kennzahlen,
    kreisfreie_gemeinden,
    stadtteil_bevoelkerung,
)
from gesundheitsregion.demo._gebiete import CHEMNITZ, build_gebiete
from gesundheitsregion.demo._quellen import DemoDataError
from gesundheitsregion.rules import DEFAULT_VERSION, load_rules

__all__ = [
    "ARZTDICHTE_JAHR",
    "KREISE",
    "KREISTYPEN_ANNAHME",
    "DemoDataError",
    "DemoRegion",
    "build_demo_region",
    "write_demo_inputs",
]

#: AGS of the five Kreise of the Gesundheitsregion Südwestsachsen.
KREISE = ["14511", "14521", "14522", "14523", "14524"]

#: ASSUMPTION, not verified: the G-BA Kreistypen (Anlage 6 BPL-RL, changed 16.01.2025) are not
#: in the open data and could not be found in a public source. Chemnitz is taken as the core of
#: its Großstadtregion (1, stark mitversorgend), the Landkreise around it as mitversorgt (4), the
#: Vogtlandkreis with its own Oberzentrum Plauen as eigenversorgt (5). See docs/demo.md.
KREISTYPEN_ANNAHME = {"14511": 1, "14521": 4, "14522": 4, "14523": 5, "14524": 4}

#: Year of the published inhabitants per doctor used for the number of practices.
ARZTDICHTE_JAHR = 2016


@dataclass
class DemoRegion:
    """The input tables of the demo region (see ``docs/datenmodell.md``).

    Attributes
    ----------
    gebiete
        Kreise, Gemeinden and Chemnitz Stadtteile with geometry (EPSG:4326).
    bevoelkerung
        Population, long: per Kreis and Stadtteil on 31.12.2024, per Gemeinde on 31.12.2022.
    planungsbereiche
        One Planungsbereich per Kreis (input of the Bedarfsplanung).
    aerzte
        Synthetic practices (``synthetisch`` is True on every row).
    krankenhaeuser
        The real hospital sites in the five Kreise (InEK via Eurostat, 08.03.2020).
    hinweise
        German sentences stating every assumption; every output should show them.
    """

    gebiete: gpd.GeoDataFrame
    bevoelkerung: pd.DataFrame
    planungsbereiche: pd.DataFrame
    aerzte: pd.DataFrame
    krankenhaeuser: pd.DataFrame
    hinweise: list[str] = field(default_factory=list)


def _planungsbereiche(
    kennzahlen: pd.DataFrame, gebiete: gpd.GeoDataFrame, kreistypen: Mapping[str, int]
) -> pd.DataFrame:
    names = gebiete.set_index("id")["name"]
    return pd.DataFrame(
        {
            "planungsbereich": kennzahlen["kreis"].astype("string"),
            "name": names.reindex(kennzahlen["kreis"]).astype("string").to_numpy(),
            "einwohner": kennzahlen["einwohner"],
            "einwohner_weiblich": kennzahlen["einwohner_weiblich"],
            "einwohner_unter_18": kennzahlen["einwohner_unter_18"],
            "kreistyp": pd.array([kreistypen[k] for k in kennzahlen["kreis"]], dtype="Int64"),
            "verteilungsfaktor": np.nan,
        }
    )


def _krankenhaeuser(sites: pd.DataFrame, kreise: gpd.GeoDataFrame) -> pd.DataFrame:
    points = gpd.GeoDataFrame(
        sites, geometry=gpd.points_from_xy(sites["lon"], sites["lat"]), crs="EPSG:4326"
    )
    inside = gpd.sjoin(points, kreise[["AGS", "geometry"]], predicate="within", how="inner")
    strasse = (inside["street"] + " " + inside["house_number"]).str.strip()
    table = pd.DataFrame(
        {
            "id": inside["id"],
            "name": inside["hospital_name"],
            "standort": inside["site_name"],
            "strasse": strasse,
            "plz": inside["postcode"],
            "ort": inside["city"],
            "lon": inside["lon"],
            "lat": inside["lat"],
            "kreis": inside["AGS"],
        }
    ).astype({c: "string" for c in ("id", "name", "standort", "strasse", "plz", "ort", "kreis")})
    return table.sort_values(["kreis", "name", "standort"]).reset_index(drop=True)


def _accept_areas(gebiete: gpd.GeoDataFrame) -> gpd.GeoSeries:
    """Per Kreis the area a synthetic practice may lie in.

    The Kreis polygon; for Chemnitz also inside the Stadtteile, whose detailed boundary differs
    from the generalised VG5000 one, so every Chemnitz practice falls in a Stadtteil.
    """
    kreise = gebiete[gebiete["art"] == "Kreis"].set_index("id").geometry
    stadtteile = gebiete[gebiete["art"] == "Stadtteil"].geometry.union_all()
    kreis_of_chemnitz = CHEMNITZ[:5]
    kreise[kreis_of_chemnitz] = kreise[kreis_of_chemnitz].intersection(stadtteile)
    return kreise


def _hinweise(
    kreistypen: Mapping[str, int], gebiete: gpd.GeoDataFrame, n_kh: int, regelversion: str
) -> list[str]:
    names = gebiete.set_index("id")["name"]
    typen = ", ".join(f"{names[k]} {t}" for k, t in kreistypen.items())
    herkunft = (
        "Annahme Kreistyp (nicht amtlich geprüft)"
        if kreistypen == KREISTYPEN_ANNAHME
        else "Kreistyp wie beim Aufruf angegeben"
    )
    standard, pt = ANRECHNUNG_ANTEILE["standard"], ANRECHNUNG_ANTEILE["Psychotherapeuten"]

    def shares(d: dict[float, float]) -> str:
        return ", ".join(f"{p * 100:.0f} % mit {str(f).replace('.', ',')}" for f, p in d.items())

    return [
        "Alle Praxen der Demo-Region sind synthetisch (Spalte synthetisch = True). Sie beschreiben "
        "keine realen Ärztinnen, Ärzte oder Psychotherapeuten; Ergebnisse zu ihnen sind "
        "Beispielrechnungen.",
        "Die Zahl der Hausärzte und der allgemeinen Fachärzte je Kreis ist Einwohner 2024 geteilt "
        f"durch die veröffentlichten Einwohner je Arzt {ARZTDICHTE_JAHR} (BBSR/INKAR aus dem "
        "Bundesarztregister), gerundet. Es sind Köpfe, keine Anrechnungsfaktoren.",
        "Die allgemeinen Fachärzte sind auf die neun Arztgruppen im Verhältnis ihrer Sollzahlen "
        "(maßgebliche Einwohner geteilt durch die allgemeine Verhältniszahl des Kreistyps, "
        f"BPL-RL-Fassung {regelversion}) "
        "aufgeteilt; die reale Verteilung je Kreis ist nicht in den offenen Daten.",
        f"Annahme Anrechnungsfaktor: {shares(standard)}; bei Psychotherapeuten {shares(pt)}.",
        "Annahme Alter: Geburtsjahre aus einer an die sächsischen Zahlen angepassten Verteilung "
        "(Hausärzte im Mittel 55,4 Jahre, etwa ein Drittel 60 Jahre und älter); für die "
        "Fachärzte wird dieselbe Verteilung angenommen.",
        "Praxisstandorte sind zufällig gewählte Punkte in bewohnten 1-km-Zellen des Zensus 2011 "
        "im Kreis (gewichtet nach Einwohnern); sie sind keine Adressen. Die PLZ bleibt leer.",
        "Planungsbereiche der Demo sind die fünf Kreise, auch für die Hausärzte. Die realen "
        "hausärztlichen Planungsbereiche (Mittelbereiche) sind nicht in den offenen Daten; in "
        "Sachsen plant die KV die allgemeine fachärztliche Versorgung zudem nach den Altkreisen "
        "vor 2008. Die Versorgungsgrade sind daher nicht mit den Tabellen der KV Sachsen "
        "vergleichbar.",
        f"{herkunft}: {typen}. Die Zuordnung der Kreise zu Kreistypen nach Anlage 6 BPL-RL "
        "(geändert 16.01.2025) ist nicht in den offenen Daten.",
        "Der regionale Verteilungsfaktor (Anlage 4 BPL-RL) ist nicht veröffentlicht verfügbar "
        "und fehlt; es gilt 1,0.",
        "Einwohner je Kreis und Altersgruppe: 31.12.2024 (Regionalstatistik 12411-02-03-4 über "
        "memilio, ohne Geschlecht). Frauen je Kreis: Frauenanteil des 31.12.2022 (GV100AD) auf "
        "die Einwohner 2024 angewandt.",
        "Einwohner je Gemeinde: 31.12.2022 (Destatis GV100AD, Gebietsstand 30.11.2023). "
        "Gemeindegrenzen: BKG VG5000 (01.01.2021, für Maßstab 1:5 Mio. generalisiert); Ostrau und "
        "Zschaitz-Ottewig sind zu Jahnatal zusammengefasst.",
        "Einwohner je Chemnitzer Stadtteil: geschätzt, nicht amtlich. Die 1-km-Zellen des "
        "Zensus 2011 sind nach Flächenanteil auf die Stadtteile verteilt und auf die Einwohner "
        "von Chemnitz am 31.12.2024 hochgerechnet; Alters- und Frauenanteile ebenso.",
        f"Krankenhausstandorte: {n_kh} reale Standorte aus dem InEK-Standortverzeichnis "
        "(Eurostat GISCO, Stand 08.03.2020), ohne Bettenzahlen; dem Kreis nach den groben "
        "VG5000-Grenzen zugeordnet.",
    ]


def _check_kreistypen(kreistypen: Mapping[str, int] | None) -> dict[str, int]:
    if kreistypen is None:
        return dict(KREISTYPEN_ANNAHME)
    wrong = [k for k in KREISE if kreistypen.get(k) not in range(1, 7)]
    if wrong:
        raise ValueError(
            f"Kreistyp fehlt oder ist nicht 1 bis 6 für die Kreise {', '.join(wrong)}. Bitte für "
            f"jeden der Kreise {', '.join(KREISE)} einen Kreistyp nach Anlage 6 BPL-RL angeben."
        )
    return {k: int(kreistypen[k]) for k in KREISE}


def _population_table(
    altersgruppen: pd.DataFrame,
    kennzahlen: pd.DataFrame,
    gv100ad: pd.DataFrame,
    grid: pd.DataFrame,
    gebiete: gpd.GeoDataFrame,
) -> pd.DataFrame:
    chemnitz = kennzahlen.set_index("kreis").loc[CHEMNITZ[:5]]
    kreis_rows = kreis_bevoelkerung(altersgruppen, kennzahlen)
    parts = [
        kreis_rows,
        kreisfreie_gemeinden(kreis_rows, gv100ad),
        gemeinde_bevoelkerung(gv100ad),
        stadtteil_bevoelkerung(grid, gebiete[gebiete["art"] == "Stadtteil"], chemnitz),
    ]
    text = ("gebiet", "stichtag", "altersgruppe", "geschlecht")
    return pd.concat(parts, ignore_index=True).astype(dict.fromkeys(text, "string"))


def build_demo_region(
    data_dir: str | os.PathLike[str],
    *,
    seed: int = 2025,
    stichtag_jahr: int = 2024,
    kreistypen: Mapping[str, int] | None = None,
    regelversion: str = DEFAULT_VERSION,
) -> DemoRegion:
    """Build the demo region Südwestsachsen from the open data in ``data_dir``.

    Parameters
    ----------
    data_dir
        The open data directory (see :func:`gesundheitsregion.datadir.find_data_dir`).
    seed
        Seed of all random draws of the synthetic practices; the same seed gives the same tables.
    stichtag_jahr
        Ages of the synthetic doctors refer to 31.12. of this year.
    kreistypen
        Kreistyp per Kreis AGS; default :data:`KREISTYPEN_ANNAHME` (an assumption).
    regelversion
        Version of the BPL-RL rules whose Verhältniszahlen split the allgemeine Fachärzte.

    Returns
    -------
    DemoRegion

    Raises
    ------
    DemoDataError
        If a file is missing or does not have the expected content.
    """
    data_dir = Path(data_dir)
    kreistypen = _check_kreistypen(kreistypen)
    kreise = quellen.read_kreise_vg5000(data_dir, KREISE)
    gv100ad = quellen.read_gemeinden_gv100ad(data_dir, KREISE)
    altersgruppen = quellen.read_kreise_altersgruppen(data_dir, KREISE)
    gebiete = build_gebiete(
        kreise,
        quellen.read_gemeinden_vg5000(data_dir, KREISE),
        gv100ad,
        quellen.read_stadtteile(data_dir),
        kreistypen,
    )
    # A cell overlapping the region has its centre at most 0.71 km outside its bounding box.
    minx, miny, maxx, maxy = kreise.to_crs("EPSG:3035").total_bounds
    grid = quellen.read_grid(data_dir, (minx - 1500, miny - 1500, maxx + 1500, maxy + 1500))

    kennzahlen = kreis_kennzahlen(altersgruppen, gv100ad)
    bevoelkerung = _population_table(altersgruppen, kennzahlen, gv100ad, grid, gebiete)
    zahlen = arztzahlen(kennzahlen, quellen.read_arztdichte(data_dir, KREISE, ARZTDICHTE_JAHR))
    rules = load_rules(regelversion)
    aufteilung = fachgruppen_aufteilung(kennzahlen, kreistypen, zahlen["fachaerzte"], rules)
    rng = np.random.default_rng(seed)
    aerzte = build_aerzte(rng, zahlen, aufteilung, grid, _accept_areas(gebiete), stichtag_jahr)
    aerzte = aerzte.astype({c: "string" for c in ("id", "planungsbereich", "arztgruppe")})

    krankenhaeuser = _krankenhaeuser(quellen.read_krankenhaeuser(data_dir), kreise)
    return DemoRegion(
        gebiete=gebiete,
        bevoelkerung=bevoelkerung,
        planungsbereiche=_planungsbereiche(kennzahlen, gebiete, kreistypen),
        aerzte=aerzte,
        krankenhaeuser=krankenhaeuser,
        hinweise=_hinweise(kreistypen, gebiete, len(krankenhaeuser), rules.version),
    )


def write_demo_inputs(region: DemoRegion, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write the demo tables as input files for the command line.

    Writes ``planungsbereiche.csv``, ``aerzte.csv``, ``bevoelkerung.csv``, ``krankenhaeuser.csv``
    (UTF-8, ``,`` as separator, keys as text), ``gebiete.geojson`` and ``hinweise.txt``. Each file
    is written under a temporary name and renamed, so a failure leaves no half-written file.

    Returns
    -------
    dict of str to pathlib.Path
        The written files by table name.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    targets = {
        "planungsbereiche": out_dir / "planungsbereiche.csv",
        "aerzte": out_dir / "aerzte.csv",
        "bevoelkerung": out_dir / "bevoelkerung.csv",
        "krankenhaeuser": out_dir / "krankenhaeuser.csv",
        "gebiete": out_dir / "gebiete.geojson",
        "hinweise": out_dir / "hinweise.txt",
    }
    for name, path in targets.items():
        temporary = path.with_name(f".{path.name}.tmp")
        try:
            if name == "gebiete":
                region.gebiete.to_file(temporary, driver="GeoJSON", layer="gebiete")
            elif name == "hinweise":
                temporary.write_text("\n".join(region.hinweise) + "\n", encoding="utf-8")
            else:
                getattr(region, name).to_csv(temporary, index=False, encoding="utf-8")
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return targets
