"""Regeln der Bedarfsplanungs-Richtlinie (BPL-RL) des G-BA als versionierte Datendateien.

Jede Fassung der Richtlinie liegt als TOML-Datei neben diesem Modul (``bpl_*.toml``) und nennt
ihre Quellen. Das Modul liest sie und gibt unveränderliche Objekte zurück; gerechnet wird in
:mod:`gesundheitsregion.bedarfsplanung`.

Examples
--------
>>> from gesundheitsregion.rules import load_rules
>>> rules = load_rules("2025-01-16")
>>> rules.group("Hausärzte").verhaeltniszahl()
1633.0
>>> rules.group("Augenärzte").verhaeltniszahl(kreistyp=3)
23446.0
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

__all__ = [
    "BEZUG_SPALTEN",
    "DEFAULT_VERSION",
    "Arztgruppe",
    "OmittedGroup",
    "Rules",
    "Source",
    "UnknownGroupError",
    "Versorgungsebene",
    "available_versions",
    "load_rules",
]

DEFAULT_VERSION = "2025-01-16"

#: Spalten in ``planungsbereiche``, auf die sich eine Verhältniszahl beziehen kann.
BEZUG_SPALTEN = {
    "einwohner": "Einwohner insgesamt",
    "einwohner_weiblich": "Einwohnerinnen",
    "einwohner_unter_18": "Einwohner unter 18 Jahren",
}

_KREISTYPEN = 6


class UnknownGroupError(KeyError):
    """Eine Arztgruppe steht nicht (oder ohne Verhältniszahl) in der gewählten Regelversion."""

    def __str__(self) -> str:
        # KeyError setzt seine Nachricht sonst in Anführungszeichen.
        return str(self.args[0])


@dataclass(frozen=True)
class Source:
    """Fundstelle einer Regelversion: Titel, Adresse und Paragraphen."""

    title: str
    url: str
    paragraph: str


@dataclass(frozen=True)
class Versorgungsebene:
    """Versorgungsebene nach §§ 11–14 BPL-RL mit Planungsbereich und Unterversorgungsgrenze."""

    key: str
    name: str
    paragraph: str
    planungsbereich: str
    unterversorgung: float


@dataclass(frozen=True)
class Arztgruppe:
    """Arztgruppe mit allgemeiner Verhältniszahl (Einwohner je Arzt).

    ``ratios`` hat ein Element (bundesweit) oder sechs (Kreistyp 1–6, § 12 BPL-RL).
    """

    name: str
    versorgungsebene: str
    bezug: str
    unterversorgung: float
    ratios: tuple[float, ...]

    @property
    def needs_kreistyp(self) -> bool:
        """``True``, wenn die Verhältniszahl vom Kreistyp abhängt."""
        return len(self.ratios) == _KREISTYPEN

    def verhaeltniszahl(self, kreistyp: int | None = None) -> float:
        """Allgemeine Verhältniszahl, bei Bedarf für den Kreistyp 1–6.

        Parameters
        ----------
        kreistyp : int, optional
            Kreistyp nach Anlage 6 BPL-RL; nur für die allgemeine fachärztliche Versorgung nötig
            und sonst ohne Wirkung.

        Returns
        -------
        float
            Einwohner der Bezugsbevölkerung je Arzt.

        Raises
        ------
        ValueError
            Wenn der Kreistyp gebraucht wird und fehlt oder nicht 1 bis 6 ist.

        Examples
        --------
        >>> from gesundheitsregion.rules import load_rules
        >>> load_rules().group("Frauenärzte").verhaeltniszahl(1)
        3828.0
        """
        if not self.needs_kreistyp:
            return self.ratios[0]
        if not _is_kreistyp(kreistyp):
            raise ValueError(
                f"Für die Arztgruppe '{self.name}' hängt die Verhältniszahl vom Kreistyp ab; "
                f"erhalten: {kreistyp!r}. Geben Sie einen Kreistyp von 1 bis 6 an "
                "(Spalte 'kreistyp' in planungsbereiche, Anlage 6 BPL-RL)."
            )
        return self.ratios[int(kreistyp) - 1]


@dataclass(frozen=True)
class OmittedGroup:
    """Bekannte Arztgruppe, deren Verhältniszahl in dieser Fassung nicht belegt ist."""

    name: str
    versorgungsebene: str
    bezug: str
    reason: str


@dataclass(frozen=True)
class Rules:
    """Eine Fassung der Bedarfsplanungs-Richtlinie.

    Attributes
    ----------
    version, title : str
        Kennung (z. B. ``"2025-01-16"``) und Titel der Fassung.
    decided, valid_from : datetime.date or None
        Beschlussdatum und Inkrafttreten; ``None``, wo sie nicht belegt sind.
    valid_to : datetime.date or None
        Letzter Tag der Geltung, wo die Datei ihn nennt.
    date_note : str
        Erläuterung unbekannter Daten (sonst leer).
    sources : tuple of Source
        Fundstellen der Zahlen.
    versorgungsebenen : Mapping[str, Versorgungsebene]
        Die vier Versorgungsebenen nach §§ 11–14.
    groups : Mapping[str, Arztgruppe]
        Arztgruppen mit Verhältniszahl, in der Reihenfolge der Datei.
    omitted : Mapping[str, OmittedGroup]
        Arztgruppen, deren Verhältniszahl in dieser Fassung nicht belegt ist, mit Grund.
    ueberversorgung : float
        Grenze der Überversorgung in Prozent (110,0).
    drohend_alter : int
        Alter, ab dem Ärzte bei der Prüfung auf drohende Unterversorgung nicht mitzählen.
    """

    version: str
    title: str
    decided: dt.date | None
    valid_from: dt.date | None
    sources: tuple[Source, ...]
    versorgungsebenen: Mapping[str, Versorgungsebene]
    groups: Mapping[str, Arztgruppe]
    omitted: Mapping[str, OmittedGroup]
    ueberversorgung: float
    drohend_alter: int
    valid_to: dt.date | None = None
    date_note: str = ""

    def group(self, name: str) -> Arztgruppe:
        """Arztgruppe nach ihrem Namen in der Richtlinie.

        Raises
        ------
        UnknownGroupError
            Wenn der Name unbekannt ist (mit Vorschlag des ähnlichsten Namens) oder die
            Verhältniszahl in dieser Fassung nicht belegt ist.

        Examples
        --------
        >>> from gesundheitsregion.rules import load_rules
        >>> load_rules().group("HNO-Ärzte").versorgungsebene
        'allgemein_fachaerztlich'
        """
        try:
            return self.groups[name]
        except KeyError:
            raise UnknownGroupError(self.unknown_group_message(name)) from None

    def unknown_group_message(self, name: str) -> str:
        """Deutsche Meldung für eine Arztgruppe, die hier keine Verhältniszahl hat."""
        if name in self.omitted:
            return (
                f"Die Arztgruppe '{name}' hat in der Regelversion {self.version} keine "
                f"Verhältniszahl: {self.omitted[name].reason}"
            )
        valid = ", ".join(self.groups)
        close = difflib.get_close_matches(name, [*self.groups, *self.omitted], n=1, cutoff=0.6)
        hint = f" Meinten Sie '{close[0]}'?" if close else ""
        return (
            f"Unbekannte Arztgruppe '{name}' in Regelversion {self.version}.{hint} "
            f"Gültige Namen (wie in der Richtlinie): {valid}."
        )


def available_versions() -> list[str]:
    """Kennungen aller mitgelieferten Regelversionen, älteste zuerst.

    Examples
    --------
    >>> available_versions()
    ['2019', 'vor-2025', '2025-01-16']
    """
    return list(_version_files())


def load_rules(version: str | None = None) -> Rules:
    """Lädt eine Fassung der Bedarfsplanungs-Richtlinie.

    Parameters
    ----------
    version : str, optional
        Kennung aus :func:`available_versions`; ohne Angabe :data:`DEFAULT_VERSION`.

    Raises
    ------
    ValueError
        Bei unbekannter Kennung, mit der Liste der gültigen.

    Examples
    --------
    >>> load_rules("2019").group("Hausärzte").verhaeltniszahl()
    1609.0
    """
    version = DEFAULT_VERSION if version is None else version
    files = _version_files()
    if version not in files:
        raise ValueError(
            f"Unbekannte Regelversion '{version}'. Verfügbar sind: {', '.join(files)}."
        )
    return _parse(files[version])


@functools.cache
def _version_files() -> dict[str, str]:
    """Kennung → Dateiname, sortiert nach Inkrafttreten (ohne belegtes: nach Geltungsende)."""
    found = []
    for entry in resources.files(__name__).iterdir():
        if entry.name.startswith("bpl_") and entry.name.endswith(".toml"):
            data = _read(entry.name)
            when = data.get("valid_from") or data["valid_to"]
            found.append((when, data["version"], entry.name))
    return {version: name for _, version, name in sorted(found)}


def _read(filename: str) -> dict:
    return tomllib.loads(resources.files(__name__).joinpath(filename).read_text("utf-8"))


@functools.cache
def _parse(filename: str) -> Rules:
    data = _read(filename)
    ebenen = {key: _ebene(key, raw) for key, raw in data["versorgungsebenen"].items()}
    groups = {
        name: _group(name, raw, ebenen, filename) for name, raw in data["arztgruppen"].items()
    }
    omitted = {
        name: OmittedGroup(name, raw["versorgungsebene"], raw["bezug"], raw["grund"])
        for name, raw in data.get("nicht_enthalten", {}).items()
    }
    return Rules(
        version=data["version"],
        title=data["title"],
        decided=data.get("decided"),
        valid_from=data.get("valid_from"),
        valid_to=data.get("valid_to"),
        date_note=data.get("date_note", ""),
        sources=tuple(Source(**raw) for raw in data["sources"]),
        versorgungsebenen=MappingProxyType(ebenen),
        groups=MappingProxyType(groups),
        omitted=MappingProxyType(omitted),
        ueberversorgung=float(data["schwellen"]["ueberversorgung"]),
        drohend_alter=int(data["schwellen"]["drohend_alter"]),
    )


def _ebene(key: str, raw: dict) -> Versorgungsebene:
    return Versorgungsebene(
        key=key,
        name=raw["name"],
        paragraph=raw["paragraph"],
        planungsbereich=raw["planungsbereich"],
        unterversorgung=float(raw["unterversorgung"]),
    )


def _group(name: str, raw: dict, ebenen: dict[str, Versorgungsebene], filename: str) -> Arztgruppe:
    value = raw["verhaeltniszahl"]
    ratios = tuple(float(v) for v in value) if isinstance(value, list) else (float(value),)
    # Die Dateien sind Teil des Pakets; ein Fehler hier ist ein Fehler beim Pflegen der Regeln.
    if len(ratios) not in (1, _KREISTYPEN) or min(ratios) <= 0:
        raise ValueError(f"{filename}: Verhältniszahl von '{name}' muss 1 oder 6 Zahlen > 0 sein.")
    if raw["bezug"] not in BEZUG_SPALTEN or raw["versorgungsebene"] not in ebenen:
        raise ValueError(f"{filename}: 'bezug' oder 'versorgungsebene' von '{name}' ist unbekannt.")
    return Arztgruppe(
        name=name,
        versorgungsebene=raw["versorgungsebene"],
        bezug=raw["bezug"],
        unterversorgung=ebenen[raw["versorgungsebene"]].unterversorgung,
        ratios=ratios,
    )


def _is_kreistyp(value: object) -> bool:
    """Wahr für ganze Zahlen 1–6, auch als ``3.0`` oder numpy-Zahl; falsch für NaN und None."""
    if isinstance(value, bool):
        return False
    try:
        as_int = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return False
    return as_int == value and 1 <= as_int <= _KREISTYPEN
