"""The canonical tables, fixed once.

Every table a user delivers is described here: its columns, their kinds, which are required and
which values are allowed. :mod:`gesundheitsregion.validation` checks a table against its schema;
nothing else in the library repeats these facts. ``docs/datenmodell.md`` documents the same
tables for users.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "AERZTE",
    "ANGEBOT",
    "BEVOELKERUNG",
    "BEVOELKERUNGSPROGNOSE",
    "GEBIETE",
    "KANDIDATEN",
    "KRANKENHAEUSER",
    "NACHFRAGE",
    "PLANUNGSBEREICHE",
    "REKRUTIERUNG",
    "SCHEMAS",
    "Column",
    "Schema",
]

#: ``date`` takes German dates (31.12.2025) and ISO dates (2025-12-31), also with a time of
#: 00:00:00 as spreadsheet programs write them.
Kind = Literal["text", "int", "float", "bool", "date"]

ANRECHNUNGSFAKTOREN = (0.25, 0.5, 0.75, 1.0)
VERSORGUNGSEBENEN = (
    "hausaerztlich",
    "allgemein_fachaerztlich",
    "spezialisiert_fachaerztlich",
    "gesondert_fachaerztlich",
)
GEBIETSARTEN = (
    "Planungsbereich",
    "Mittelbereich",
    "Kreis",
    "Gemeinde",
    "Stadtteil",
    "Raumordnungsregion",
    "KV-Bezirk",
)


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    ``minimum`` is inclusive unless ``above`` is set, then the value must be strictly greater.
    ``choices`` lists the allowed values; ``pattern`` a regular expression for text keys.
    """

    name: str
    kind: Kind = "text"
    required: bool = True
    minimum: float | None = None
    maximum: float | None = None
    above: float | None = None
    choices: tuple[object, ...] | None = None
    pattern: str | None = None
    expected: str = ""


@dataclass(frozen=True)
class Schema:
    """A canonical table: its columns and the columns that identify a row."""

    name: str
    columns: tuple[Column, ...]
    unique: tuple[str, ...] = ()
    #: Groups of columns of which each must be given together or not at all.
    together: tuple[tuple[str, ...], ...] = field(default=())
    #: Groups of columns of which each row must give at least one.
    at_least_one: tuple[tuple[str, ...], ...] = field(default=())
    #: Areas in a GeoJSON/GeoPackage stand for their representative point (demand only: an
    #: area's inhabitants live somewhere inside it; a practice is always a point).
    points_from_areas: bool = False

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        return next(c for c in self.columns if c.name == name)

    @property
    def required(self) -> list[str]:
        """Names of the required columns."""
        return [c.name for c in self.columns if c.required]


#: Degrees are the usual mistake here: metres belong in x/y with ``--crs``.
_LON = "Grad östlicher Länge (WGS84) von -180 bis 180, z. B. 12,92; Meter gehören in x/y mit --crs"
_LAT = "Grad nördlicher Breite (WGS84) von -90 bis 90, z. B. 50,83; Meter gehören in x/y mit --crs"

_STICHTAG = r"\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{4}|\d{4}"
_STICHTAG_EXPECTED = "ein Datum JJJJ-MM-TT oder TT.MM.JJJJ oder ein Jahr JJJJ"

_EINWOHNER = dict(kind="int", minimum=0, expected="eine ganze Zahl ≥ 0")

PLANUNGSBEREICHE = Schema(
    "planungsbereiche",
    (
        Column("planungsbereich", expected="eine Kennung des Planungsbereichs"),
        Column("name", required=False),
        Column("einwohner", **_EINWOHNER),
        Column("einwohner_weiblich", required=False, **_EINWOHNER),
        Column("einwohner_unter_18", required=False, **_EINWOHNER),
        Column("kreistyp", "int", required=False, minimum=1, maximum=6, expected="1 bis 6"),
        Column(
            "verteilungsfaktor",
            "float",
            required=False,
            above=0,
            expected="eine Zahl > 0 (z. B. 1,04)",
        ),
        Column("versorgungsebene", required=False, choices=VERSORGUNGSEBENEN),
    ),
    unique=("planungsbereich",),
)

AERZTE = Schema(
    "aerzte",
    (
        Column("id", expected="eine eindeutige Kennung"),
        Column("planungsbereich"),
        #: The allowed Arztgruppen come from the chosen rule version at validation time.
        Column("arztgruppe"),
        Column("anrechnungsfaktor", "float", choices=ANRECHNUNGSFAKTOREN),
        # Later birth years are checked against the Stichtag (io.load_aerzte), not a fixed year.
        Column("geburtsjahr", "int", required=False, minimum=1900, expected="ein Jahr ab 1900"),
        Column("alter", "int", required=False, minimum=18, maximum=110),
        Column("lon", "float", required=False, minimum=-180, maximum=180, expected=_LON),
        Column("lat", "float", required=False, minimum=-90, maximum=90, expected=_LAT),
        Column("x", "float", required=False),
        Column("y", "float", required=False),
        Column("plz", required=False, pattern=r"\d{5}", expected="eine fünfstellige Postleitzahl"),
        Column("synthetisch", "bool", required=False),
        # The day the table describes (e.g. the Arztregister's Stand); one per file.
        Column("stichtag", required=False, pattern=_STICHTAG, expected=_STICHTAG_EXPECTED),
    ),
    unique=("id",),
    together=(("lon", "lat"), ("x", "y")),
)

GEBIETE = Schema(
    "gebiete",
    (
        Column("id"),
        Column("name"),
        Column("art", choices=GEBIETSARTEN),
        Column("uebergeordnet", required=False),
        Column("kreistyp", "int", required=False, minimum=1, maximum=6, expected="1 bis 6"),
        Column("verteilungsfaktor", "float", required=False, above=0, expected="eine Zahl > 0"),
    ),
    unique=("id",),
)

_ALTERSGRUPPE = r"\d{1,3}-\d{1,3}|\d{1,3}\+|insgesamt"

BEVOELKERUNG = Schema(
    "bevoelkerung",
    (
        Column("gebiet"),
        Column("stichtag", required=False, pattern=r"\d{4}-\d{2}-\d{2}", expected="JJJJ-MM-TT"),
        Column(
            "altersgruppe", pattern=_ALTERSGRUPPE, expected="z. B. '0-2', '75+' oder 'insgesamt'"
        ),
        Column("geschlecht", choices=("m", "w", "insgesamt")),
        Column("einwohner", **_EINWOHNER),
    ),
    unique=("gebiet", "stichtag", "altersgruppe", "geschlecht"),
)

BEVOELKERUNGSPROGNOSE = Schema(
    "bevoelkerungsprognose",
    (
        Column("planungsbereich"),
        Column("jahr", "int", minimum=1990, maximum=2100),
        Column(
            "altersgruppe", pattern=_ALTERSGRUPPE, expected="z. B. '0-2', '75+' oder 'insgesamt'"
        ),
        Column("geschlecht", choices=("m", "w", "insgesamt")),
        Column("einwohner", **_EINWOHNER),
    ),
    unique=("planungsbereich", "jahr", "altersgruppe", "geschlecht"),
)

REKRUTIERUNG = Schema(
    "rekrutierung",
    (
        Column("planungsbereich"),
        Column("arztgruppe"),
        Column("neue_aerzte_pro_jahr", "float", minimum=0, expected="eine Zahl ≥ 0"),
        Column("ab_jahr", "int", required=False, minimum=1990, maximum=2100),
    ),
    unique=("planungsbereich", "arztgruppe"),
)

#: Regional Verhältniszahlen per Planungsbereich and Arztgruppe (``--verhaeltniszahlen``): a
#: Verteilungsfaktor of the group, or the Verhältniszahl the KV sets itself, or both.
VERHAELTNISZAHLEN = Schema(
    "verhaeltniszahlen",
    (
        Column("planungsbereich"),
        #: The allowed Arztgruppen come from the chosen rule version at validation time.
        Column("arztgruppe"),
        Column(
            "verteilungsfaktor",
            "float",
            required=False,
            above=0,
            expected="eine Zahl > 0 (z. B. 1,04)",
        ),
        Column(
            "verhaeltniszahl",
            "float",
            required=False,
            above=0,
            expected="eine Zahl > 0 (Einwohner je Arzt, z. B. 1 520)",
        ),
    ),
    unique=("planungsbereich", "arztgruppe"),
    at_least_one=(("verteilungsfaktor", "verhaeltniszahl"),),
)

KRANKENHAEUSER = Schema(
    "krankenhaeuser",
    (
        Column("id"),
        Column("name"),
        Column("standort", required=False),
        Column("strasse", required=False),
        Column("plz", required=False, pattern=r"\d{5}", expected="eine fünfstellige Postleitzahl"),
        Column("ort", required=False),
        Column("lon", "float", minimum=-180, maximum=180, expected=_LON),
        Column("lat", "float", minimum=-90, maximum=90, expected=_LAT),
    ),
    unique=("id",),
)

#: Points of a place: WGS84 lon/lat, or x/y in metres in the CRS given with ``--crs``.
_POINT = (
    Column("lon", "float", required=False, minimum=-180, maximum=180, expected=_LON),
    Column("lat", "float", required=False, minimum=-90, maximum=90, expected=_LAT),
    Column("x", "float", required=False),
    Column("y", "float", required=False),
)

#: Demand points of the accessibility analysis (grid cells, Stadtteile, addresses).
NACHFRAGE = Schema(
    "nachfrage",
    (
        Column("id", expected="eine eindeutige Kennung"),
        # Not only whole people: area totals spread over grid cells give fractions.
        Column("einwohner", "float", minimum=0, expected="eine Zahl ≥ 0"),
        *_POINT,
        # Today's access per point, for siting towards the worst-served areas
        # (``gesundheitsregion standorte --ziel unterversorgte``).
        Column("zugang", "float", required=False, minimum=0, expected="eine Zahl ≥ 0"),
    ),
    unique=("id",),
    together=(("lon", "lat"), ("x", "y")),
    points_from_areas=True,
)

#: Providers of the accessibility analysis (practices, sites) with their capacity.
ANGEBOT = Schema(
    "angebot",
    (
        Column("id", expected="eine eindeutige Kennung"),
        Column("kapazitaet", "float", minimum=0, expected="eine Zahl ≥ 0 (z. B. Arztstellen)"),
        *_POINT,
    ),
    unique=("id",),
    together=(("lon", "lat"), ("x", "y")),
)

#: Candidate sites for new practices, and existing practices for the siting (``--bestand``).
KANDIDATEN = Schema(
    "kandidaten",
    (
        Column("id", expected="eine eindeutige Kennung"),
        Column("name", required=False),
        *_POINT,
    ),
    unique=("id",),
    together=(("lon", "lat"), ("x", "y")),
)

SCHEMAS = {
    s.name: s
    for s in (
        PLANUNGSBEREICHE,
        AERZTE,
        GEBIETE,
        BEVOELKERUNG,
        BEVOELKERUNGSPROGNOSE,
        REKRUTIERUNG,
        VERHAELTNISZAHLEN,
        KRANKENHAEUSER,
        NACHFRAGE,
        ANGEBOT,
        KANDIDATEN,
    )
}
