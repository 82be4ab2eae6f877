"""Where the open data lives.

The product never ships the open data (boundaries, population, hospital sites); it reads them
from a data directory. The first of these wins:

1. the path given explicitly (CLI option ``--daten``),
2. the environment variable ``GESUNDHEITSREGION_DATEN``,
3. ``../shared/data`` beside the checkout (as on the developers' machines and in CI).

``gesundheitsregion daten-holen`` fills a directory from the official publishers for users
elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ARZTDICHTE",
    "ENV_VAR",
    "FAHRZEIT_HAUSARZT",
    "FILES",
    "GEMEINDEN",
    "GEMEINDEN_SACHSEN",
    "GEMEINDEN_ZENSUS2022",
    "GRID_1KM",
    "GV100AD",
    "GV100AD_RAW",
    "KRANKENHAEUSER",
    "KRANKENHAEUSER_GEOJSON",
    "KREISE",
    "KREISE_ALTERSGRUPPEN_2019",
    "KREISE_ALTERSGRUPPEN_2019_RAW",
    "KREISE_ALTERSGRUPPEN_2024",
    "KREISE_FLAECHE_2018",
    "KREISREGIONEN",
    "LAENDER",
    "OSM_LAUF",
    "OSM_POIS",
    "OSM_TESTGEBIETE",
    "PLZ_CENTROIDS",
    "REQUIRED",
    "STADTTEILE_CHEMNITZ",
    "VERWALTUNGSGEMEINSCHAFTEN_SACHSEN",
    "DataDirError",
    "find_data_dir",
    "repository_root",
]

ENV_VAR = "GESUNDHEITSREGION_DATEN"

# The files of the data directory, relative to it. These names are the only place the product
# spells them; demo, fetch (its manifest is checked against FILES), CLI, platform and tests
# import them from here.
LAENDER = "boundaries/laender_de_vg5000_2021-01-01.geojson"
KREISE = "boundaries/kreise_de_vg5000_2021-01-01.geojson"
GEMEINDEN = "boundaries/gemeinden_de_vg5000_2021-01-01.geojson"
GEMEINDEN_SACHSEN = "boundaries/gemeinden_sachsen_vg5000_2021-01-01.geojson"
VERWALTUNGSGEMEINSCHAFTEN_SACHSEN = (
    "boundaries/verwaltungsgemeinschaften_sachsen_vg5000_2021-01-01.geojson"
)
STADTTEILE_CHEMNITZ = "boundaries/chemnitz_stadtteile.geojson"
KREISREGIONEN = "boundaries/kreisregionen_bbsr_2014.geojson"
GV100AD = "population/gemeinden_de_gv100ad_2023-11-30.csv"
GV100AD_RAW = "population/destatis_GV100AD_2023-11-30_raw.txt"
GRID_1KM = "population/zensus2011_grid1km_de.csv"
KREISE_ALTERSGRUPPEN_2019 = "population/kreise_de_altersgruppen_2019-12-31.csv"
KREISE_ALTERSGRUPPEN_2019_RAW = (
    "population/destatis_12411-0017_kreise_altersgruppen_2019-12-31_raw.csv"
)
KREISE_ALTERSGRUPPEN_2024 = "population/kreise_auswahl_altersgruppen_2024-12-31_memilio.csv"
GEMEINDEN_ZENSUS2022 = "population/gemeinden_de_zensus2022_bevoelkerung_2022-05-15.csv"
KREISE_FLAECHE_2018 = "population/kreise_de_flaeche_bevoelkerung_geschlecht_2018-12-31.csv"
KRANKENHAEUSER = "health/krankenhaus_standorte_de_eurostat_2020-03-08.csv"
KRANKENHAEUSER_GEOJSON = "health/krankenhaus_standorte_de_eurostat_2020-03-08.geojson"
ARZTDICHTE = "health/einwohner_je_hausarzt_facharzt_kreisregionen_2010_2016.csv"
FAHRZEIT_HAUSARZT = "health/pkw_fahrzeit_naechster_hausarzt_kreisregionen.csv"
OSM_POIS = "health/osm_gesundheit_pois_testgebiete.geojson"
PLZ_CENTROIDS = "reference/plz_centroids_de_2023-09-07.csv"
OSM_LAUF = "osm/lauf-200115.osm.pbf"
#: Small OpenStreetMap extracts for tests and benchmarks of the routing.
OSM_TESTGEBIETE = (
    "osm/Hoyerswerda.osm.pbf",
    OSM_LAUF,
    "osm/north-bayreuth.osm.gz",
    "osm/bautzen.osm",
)

#: Every file of the layout.
FILES = frozenset(
    (
        LAENDER,
        KREISE,
        GEMEINDEN,
        GEMEINDEN_SACHSEN,
        VERWALTUNGSGEMEINSCHAFTEN_SACHSEN,
        STADTTEILE_CHEMNITZ,
        KREISREGIONEN,
        GV100AD,
        GV100AD_RAW,
        GRID_1KM,
        KREISE_ALTERSGRUPPEN_2019,
        KREISE_ALTERSGRUPPEN_2019_RAW,
        KREISE_ALTERSGRUPPEN_2024,
        GEMEINDEN_ZENSUS2022,
        KREISE_FLAECHE_2018,
        KRANKENHAEUSER,
        KRANKENHAEUSER_GEOJSON,
        ARZTDICHTE,
        FAHRZEIT_HAUSARZT,
        OSM_POIS,
        PLZ_CENTROIDS,
        *OSM_TESTGEBIETE,
    )
)

#: Files every analysis of the demo region needs.
REQUIRED = (KREISE, GV100AD)


class DataDirError(RuntimeError):
    """Raised with a German message when no usable data directory is found."""


def repository_root() -> Path:
    """Return the checkout's root (the folder holding ``pyproject.toml``)."""
    return Path(__file__).resolve().parent.parent


def find_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to read open data from.

    Parameters
    ----------
    explicit
        A path the user named; it must exist.

    Raises
    ------
    DataDirError
        If no candidate exists; the message says how to provide one.

    Examples
    --------
    >>> find_data_dir().name
    'data'
    """
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_dir():
            raise DataDirError(
                f"Datenverzeichnis '{path}' existiert nicht. Bitte einen vorhandenen Ordner "
                "angeben oder ihn mit 'gesundheitsregion daten-holen --ziel ORDNER' befüllen."
            )
        return path
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return find_data_dir(from_env)
    beside = repository_root().parent / "shared" / "data"
    if beside.is_dir():
        return beside
    raise DataDirError(
        "Kein Datenverzeichnis gefunden. Entweder '--daten ORDNER' angeben, die "
        f"Umgebungsvariable {ENV_VAR} setzen oder die offenen Daten mit "
        "'gesundheitsregion daten-holen --ziel ORDNER' von den amtlichen Quellen "
        "(BKG, Destatis, Zensus) laden."
    )
