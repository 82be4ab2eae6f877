"""Bedarfsplanung nach der Bedarfsplanungs-Richtlinie (BPL-RL) des G-BA.

Soll, Ist, Versorgungsgrad, Status und offene Sitze je Planungsbereich und Arztgruppe. Die
Eingaben sind die Tabellen ``planungsbereiche`` und ``aerzte`` aus ``docs/datenmodell.md``;
sie sind bereits geprüft. Die Zahlen der Richtlinie kommen aus :mod:`gesundheitsregion.rules`.

Die Rechnung in Kürze (§§ 8, 9, 24, 29 BPL-RL):

* regionale Verhältniszahl = allgemeine Verhältniszahl / regionaler Verteilungsfaktor, oder
  die von der KV selbst festgesetzte regionale Verhältniszahl (Tabelle ``verhaeltniszahlen``),
* Soll = Bezugsbevölkerung / regionale Verhältniszahl,
* Ist = Summe der Anrechnungsfaktoren,
* Versorgungsgrad = Ist / Soll × 100 %.

Examples
--------
>>> import pandas as pd
>>> from gesundheitsregion.bedarfsplanung import compute
>>> from gesundheitsregion.rules import load_rules
>>> planungsbereiche = pd.DataFrame(
...     {"planungsbereich": ["MB1"], "einwohner": [16330], "verteilungsfaktor": [1.0]}
... )
>>> aerzte = pd.DataFrame(
...     {
...         "id": [str(i) for i in range(10)],
...         "planungsbereich": "MB1",
...         "arztgruppe": "Hausärzte",
...         "anrechnungsfaktor": 1.0,
...     }
... )
>>> row = compute(planungsbereiche, aerzte, load_rules("2025-01-16")).iloc[0]
>>> float(row["soll"]), float(row["versorgungsgrad"]), row["status"], float(row["offene_sitze"])
(10.0, 100.0, 'Regelversorgung', 1.5)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from gesundheitsregion.rules import BEZUG_SPALTEN, Rules

__all__ = [
    "COLUMNS",
    "DROHENDE_UNTERVERSORGUNG",
    "NICHT_BEWERTBAR",
    "QUELLE_ALLGEMEIN",
    "QUELLE_FAKTOR_ARZTGRUPPE",
    "QUELLE_FAKTOR_PLANUNGSBEREICH",
    "QUELLE_REGIONAL",
    "REGELVERSORGUNG",
    "SITZ_SCHRITT",
    "UEBERVERSORGUNG",
    "UNTERVERSORGUNG",
    "compute",
    "open_seats",
    "regional_ratio",
    "status",
    "versorgungsgrad",
]

UEBERVERSORGUNG = "Überversorgung (gesperrt)"
REGELVERSORGUNG = "Regelversorgung"
DROHENDE_UNTERVERSORGUNG = "drohende Unterversorgung"
UNTERVERSORGUNG = "Unterversorgung"
#: Status, wenn kein Versorgungsgrad bestimmt werden kann (Soll 0 oder keine Verhältniszahl).
NICHT_BEWERTBAR = "nicht bewertbar"

#: Woher die regionale Verhältniszahl einer Zeile kommt (Spalte ``verhaeltniszahl_quelle``), in
#: der Reihenfolge des Vorrangs: von der KV festgesetzt, Verteilungsfaktor je Planungsbereich und
#: Arztgruppe, Verteilungsfaktor je Planungsbereich, allgemeine Verhältniszahl (Faktor 1,0).
QUELLE_REGIONAL = "regional"
QUELLE_FAKTOR_ARZTGRUPPE = "Verteilungsfaktor Arztgruppe"
QUELLE_FAKTOR_PLANUNGSBEREICH = "Verteilungsfaktor Planungsbereich"
QUELLE_ALLGEMEIN = "allgemein"

#: Zulassungen werden in halben Versorgungsaufträgen vergeben.
SITZ_SCHRITT = 0.5

#: Spalten der Ausgabe von :func:`compute`, in dieser Reihenfolge.
COLUMNS = [
    "planungsbereich",
    "name",
    "arztgruppe",
    "versorgungsebene",
    "bezug",
    "einwohner",
    "allgemeine_verhaeltniszahl",
    "verteilungsfaktor",
    "verhaeltniszahl",
    "verhaeltniszahl_quelle",
    "soll",
    "ist",
    "aerzte_koepfe",
    "versorgungsgrad",
    "status",
    "offene_sitze",
    "anteil_60plus",
    "anteil_65plus",
    "versorgungsgrad_ohne_65plus",
    "hinweis",
]

# Ist und Soll sind Produkte und Quotienten von Gleitkommazahlen: 11 / 10 * 100 ergibt
# 110.00000000000001, 1.1 * (30 / 1.1) ergibt 29.999999999999996. Genau auf einer Grenze liegende
# Werte würden so je nach Rundung gesperrt oder nicht. Die Toleranz liegt weit über diesem
# Rundungsfehler und weit unter dem kleinsten echten Unterschied (ein Viertel Arzt bei einer
# Million Einwohnern ändert den Versorgungsgrad um etwa 1e-5 Prozentpunkte).
_TOL = 1e-9


def regional_ratio(general, verteilungsfaktor):
    """Regionale Verhältniszahl: allgemeine Verhältniszahl geteilt durch den Verteilungsfaktor.

    Parameters
    ----------
    general : float, array-like or pandas.Series
        Allgemeine Verhältniszahl (Einwohner je Arzt).
    verteilungsfaktor : float, array-like or pandas.Series
        Regionaler Verteilungsfaktor nach Anlage 4 BPL-RL (> 0). Ein Faktor über 1 bedeutet
        höheren Bedarf, also weniger Einwohner je Arzt.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Wie die Eingabe; eine Series behält ihren Index.

    Examples
    --------
    >>> regional_ratio(1633.0, 1.25)
    1306.4
    """
    if isinstance(general, pd.Series) or isinstance(verteilungsfaktor, pd.Series):
        return general / verteilungsfaktor
    return _scalar_or_array(np.asarray(general, float) / np.asarray(verteilungsfaktor, float))


def versorgungsgrad(ist, soll):
    """Versorgungsgrad in Prozent: Ist / Soll × 100, NaN wenn das Soll nicht positiv ist.

    Examples
    --------
    >>> versorgungsgrad(28.5, 28.5 / 1.052)
    105.2
    >>> versorgungsgrad(3.0, 0.0)
    nan
    """
    ist_a, soll_a = np.asarray(ist, float), np.asarray(soll, float)
    # Ohne Bezugsbevölkerung gibt es keinen Bedarf, an dem sich ein Grad messen ließe; NaN
    # statt inf oder einer Division durch null.
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = np.where(soll_a > 0, ist_a / soll_a * 100.0, np.nan)
    return _like(ist, soll, grad)


def open_seats(ist, soll, limit: float = 110.0):
    """Offene Sitze bis zur Sperrung: kleinstes Vielfaches von 0,5, das den Versorgungsgrad über
    ``limit`` hebt; 0, wenn er schon darüber liegt.

    Parameters
    ----------
    ist : float, array-like or pandas.Series
        Summe der Anrechnungsfaktoren.
    soll : float, array-like or pandas.Series
        Soll-Arztzahl (Bezugsbevölkerung / regionale Verhältniszahl).
    limit : float, default 110.0
        Grenze der Überversorgung in Prozent (§ 24 BPL-RL). Gesperrt wird erst *über* ihr.

    Returns
    -------
    float, numpy.ndarray or pandas.Series
        Offene Sitze; NaN, wenn das Soll nicht positiv ist.

    Examples
    --------
    Mittelbereich Hann. Münden (KV Niedersachsen, Juni 2021): 28,5 Hausärzte bei einem
    Versorgungsgrad von 105,2 %:

    >>> open_seats(28.5, 28.5 / 1.052)
    1.5
    >>> open_seats(11.0, 10.0)  # genau 110 %: noch nicht gesperrt
    0.5
    """
    ist_a, soll_a = np.asarray(ist, float), np.asarray(soll, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        grad = ist_a / soll_a * 100.0
        per_half_seat = SITZ_SCHRITT / soll_a * 100.0
        # Kleinste Zahl halber Sitze, die den Grad über die Grenze hebt. Die Grenze ist dieselbe
        # wie in status() (limit + _TOL, siehe dort), damit "0 offene Sitze" und "gesperrt"
        # immer zusammenfallen und ein Grad von genau 110 % nie durch Rundung als gesperrt gilt.
        missing = np.floor((limit + _TOL - grad) / per_half_seat) + 1.0
        seats = np.where(grad > limit + _TOL, 0.0, missing * SITZ_SCHRITT)
        # Ohne Soll gibt es keine Sperrgrenze und damit keine Zahl offener Sitze.
        seats = np.where(soll_a > 0, seats, np.nan)
    return _like(ist, soll, seats)


def status(
    versorgungsgrad,
    unterversorgung,
    ueberversorgung: float = 110.0,
    versorgungsgrad_ohne_alte=None,
):
    """Status eines Planungsbereichs für eine Arztgruppe.

    Die Regeln, in dieser Reihenfolge:

    1. ``nicht bewertbar``: kein Versorgungsgrad (NaN).
    2. ``Überversorgung (gesperrt)``: Versorgungsgrad über ``ueberversorgung`` (§ 24 BPL-RL).
    3. ``Unterversorgung``: Versorgungsgrad unter ``unterversorgung``, also 75 % bei
       Hausärzten und 50 % bei Fachärzten (§ 29 Satz 1 BPL-RL).
    4. ``drohende Unterversorgung``: Nach § 29 Satz 2 BPL-RL droht Unterversorgung, wenn sie
       „insbesondere aufgrund der Altersstruktur der Ärzte“ absehbar ist; festgestellt wird sie
       vom Landesausschuss. Prüfbar gemacht: der Versorgungsgrad, der nur die Ärzte unter dem
       Alter ``drohend_alter`` der Regeln (65) zählt, liegt unter der Unterversorgungsgrenze.
       Ist dieser Wert unbekannt (NaN, keine Altersangaben), droht keine Unterversorgung.
    5. sonst ``Regelversorgung``.

    Werte genau auf einer Grenze gelten nicht als darüber oder darunter.

    Parameters
    ----------
    versorgungsgrad : float, array-like or pandas.Series
        Versorgungsgrad in Prozent.
    unterversorgung : float or array-like
        Grenze der Unterversorgung in Prozent, je Zeile oder für alle.
    ueberversorgung : float, default 110.0
        Grenze der Überversorgung in Prozent.
    versorgungsgrad_ohne_alte : float, array-like or pandas.Series, optional
        Versorgungsgrad ohne die Ärzte ab ``drohend_alter``.

    Returns
    -------
    str, numpy.ndarray or pandas.Series
        Deutsche Bezeichnung je Zeile.

    Examples
    --------
    >>> status(80.0, 75.0, versorgungsgrad_ohne_alte=60.0)
    'drohende Unterversorgung'
    >>> status(110.0, 75.0)
    'Regelversorgung'
    """
    grad = np.asarray(versorgungsgrad, float)
    unter = np.broadcast_to(np.asarray(unterversorgung, float), grad.shape)
    if versorgungsgrad_ohne_alte is None:
        ohne = np.full(grad.shape, np.nan)
    else:
        ohne = np.asarray(versorgungsgrad_ohne_alte, float)
    with np.errstate(invalid="ignore"):
        conditions = [
            np.isnan(grad),
            grad > ueberversorgung + _TOL,
            grad < unter - _TOL,
            ohne < unter - _TOL,
        ]
    labels = [NICHT_BEWERTBAR, UEBERVERSORGUNG, UNTERVERSORGUNG, DROHENDE_UNTERVERSORGUNG]
    result = np.select(conditions, labels, default=REGELVERSORGUNG).astype(object)
    if isinstance(versorgungsgrad, pd.Series):
        return pd.Series(result, index=versorgungsgrad.index, dtype="str", name="status")
    return str(result) if result.ndim == 0 else result


def compute(
    planungsbereiche: pd.DataFrame,
    aerzte: pd.DataFrame,
    rules: Rules,
    stichtag_jahr: int | None = None,
    groups: Sequence[str] | None = None,
    verhaeltniszahlen: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Versorgungsgrad, Status und offene Sitze je Planungsbereich und Arztgruppe.

    Parameters
    ----------
    planungsbereiche : pandas.DataFrame
        Tabelle ``planungsbereiche`` (``docs/datenmodell.md``). Fehlt ``verteilungsfaktor``
        (ganz oder in einer Zeile) und gibt auch ``verhaeltniszahlen`` nichts vor, gilt 1,0 und
        die Spalte ``hinweis`` sagt es. Der Faktor gilt für alle Arztgruppen des
        Planungsbereichs, für die ``verhaeltniszahlen`` nichts Eigenes hat. Ist
        ``versorgungsebene`` gesetzt, bekommt der Bereich nur Zeilen für Arztgruppen dieser
        Ebene.
    aerzte : pandas.DataFrame
        Tabelle ``aerzte``. Das Alter kommt aus ``alter`` oder, wo das fehlt, aus
        ``stichtag_jahr - geburtsjahr``.
    rules : gesundheitsregion.rules.Rules
        Fassung der Richtlinie, siehe :func:`gesundheitsregion.rules.load_rules`.
    stichtag_jahr : int, optional
        Jahr des Stichtags; nötig, wenn das Alter aus ``geburtsjahr`` berechnet werden muss.
    groups : sequence of str, optional
        Arztgruppen (Namen wie in der Richtlinie). Ohne Angabe alle, die in ``aerzte``
        vorkommen. Jeder Planungsbereich bekommt eine Zeile je Gruppe, auch ohne Arzt (Ist 0).
    verhaeltniszahlen : pandas.DataFrame, optional
        Tabelle ``verhaeltniszahlen`` (``planungsbereich``, ``arztgruppe`` und je Zeile
        ``verteilungsfaktor`` oder ``verhaeltniszahl`` oder beide). Vorrang je Planungsbereich und
        Arztgruppe: die regionale Verhältniszahl, wie sie die KV festsetzt (etwa KV Sachsen für
        Hausärzte); sonst allgemeine Verhältniszahl / Verteilungsfaktor dieser Arztgruppe; sonst
        / Verteilungsfaktor des Planungsbereichs; sonst die allgemeine. Die Spalte
        ``verhaeltniszahl_quelle`` nennt die benutzte (:data:`QUELLE_REGIONAL` usw.). Eine
        regionale Verhältniszahl macht auch eine Arztgruppe ohne belegte allgemeine
        Verhältniszahl bewertbar.

    Returns
    -------
    pandas.DataFrame
        Eine Zeile je Planungsbereich und Arztgruppe mit den Spalten :data:`COLUMNS`:
        ``bezug`` nennt die Bezugsbevölkerung, ``einwohner`` ihre Zahl; ``versorgungsgrad`` ist
        ungerundet in Prozent; ``anteil_60plus`` und ``anteil_65plus`` sind Anteile an der Summe
        der Anrechnungsfaktoren der Ärzte mit bekanntem Alter (NaN ohne Altersangaben);
        ``versorgungsgrad_ohne_65plus`` zählt nur Ärzte unter ``rules.drohend_alter``.
        Bei Soll 0 und für Arztgruppen ohne belegte Verhältniszahl ist der Versorgungsgrad NaN,
        der Status ``nicht bewertbar`` und ``hinweis`` nennt den Grund.

    Raises
    ------
    ValueError
        Wenn eine nötige Spalte fehlt (Bezugsbevölkerung, ``kreistyp``), ein Kreistyp fehlt oder
        ungültig ist, ``stichtag_jahr`` fehlt oder Ärzte keinem Planungsbereich zuzuordnen sind.
    gesundheitsregion.rules.UnknownGroupError
        Bei einem Arztgruppennamen, den die Richtlinie nicht kennt.
    """
    names = _select_groups(aerzte, rules, groups)
    rows = _rows(planungsbereiche, _group_table(rules, names))
    counts = _doctor_counts(aerzte, names, rules, stichtag_jahr)
    _check_doctors_placed(counts, rows, planungsbereiche)
    rows = rows.merge(counts, on=["planungsbereich", "arztgruppe"], how="left", sort=False)
    count_columns = ["ist", "aerzte_koepfe", "af_known", "af_60", "af_65"]
    rows[count_columns] = rows[count_columns].fillna(0.0)
    rows = _attach_ratios(rows, verhaeltniszahlen, planungsbereiche)
    _check_population_columns(rows, planungsbereiche)
    return _evaluate(rows, rules)


def _attach_ratios(
    rows: pd.DataFrame, table: pd.DataFrame | None, planungsbereiche: pd.DataFrame
) -> pd.DataFrame:
    """Add ``_faktor_gruppe`` and ``_vz_regional`` per row from ``verhaeltniszahlen``."""
    if table is None or table.empty:
        return rows.assign(_faktor_gruppe=np.nan, _vz_regional=np.nan)
    table = table.copy()
    for column in ("verteilungsfaktor", "verhaeltniszahl"):
        if column not in table:
            table[column] = np.nan
        table[column] = pd.to_numeric(table[column], errors="coerce").astype(float)
    keys = ["planungsbereich", "arztgruppe"]
    unknown = ~table["planungsbereich"].astype(str).isin(planungsbereiche["planungsbereich"])
    if unknown.any():
        listed = ", ".join(map(repr, table.loc[unknown, "planungsbereich"].unique()[:5]))
        raise ValueError(
            f"verhaeltniszahlen nennt Planungsbereiche, die in planungsbereiche fehlen: {listed}. "
            "Korrigieren Sie die Spalte 'planungsbereich' oder ergänzen Sie die Bereiche."
        )
    bad = (table["verteilungsfaktor"] <= 0) | (table["verhaeltniszahl"] <= 0)
    empty = table["verteilungsfaktor"].isna() & table["verhaeltniszahl"].isna()
    if (bad | empty).any():
        first = table.loc[bad | empty].iloc[0]
        raise ValueError(
            "verhaeltniszahlen: je Zeile braucht es einen Verteilungsfaktor oder eine "
            "Verhältniszahl, beide > 0 (z. B. Planungsbereich "
            f"'{first['planungsbereich']}', Arztgruppe '{first['arztgruppe']}')."
        )
    if table.duplicated(keys).any():
        first = table.loc[table.duplicated(keys)].iloc[0]
        raise ValueError(
            "verhaeltniszahlen: Planungsbereich und Arztgruppe kommen doppelt vor, z. B. "
            f"'{first['planungsbereich']}' / '{first['arztgruppe']}'. Jede Kombination einmal."
        )
    given = (
        table[keys]
        .astype(str)
        .assign(
            _faktor_gruppe=table["verteilungsfaktor"].to_numpy(),
            _vz_regional=table["verhaeltniszahl"].to_numpy(),
        )
    )
    merged = rows.assign(_key_pb=rows["planungsbereich"].astype(str)).merge(
        given.rename(columns={"planungsbereich": "_key_pb"}),
        on=["_key_pb", "arztgruppe"],
        how="left",
        sort=False,
    )
    return merged.drop(columns="_key_pb")


def _select_groups(aerzte: pd.DataFrame, rules: Rules, groups: Sequence[str] | None) -> list[str]:
    known = [*rules.groups, *rules.omitted]
    wanted = list(dict.fromkeys(aerzte["arztgruppe"]) if groups is None else groups)
    for name in wanted:
        if name not in known:
            rules.group(name)  # raises UnknownGroupError with a suggestion
    # Reihenfolge der Richtlinie, nicht die zufällige der Eingabe.
    return [name for name in known if name in wanted]


def _group_table(rules: Rules, names: list[str]) -> pd.DataFrame:
    records = []
    for name in names:
        group = rules.groups.get(name)
        info = group or rules.omitted[name]
        ratios = group.ratios if group else (np.nan,)
        records.append(
            {
                "arztgruppe": name,
                "versorgungsebene": info.versorgungsebene,
                "bezug": info.bezug,
                "unterversorgung": rules.versorgungsebenen[info.versorgungsebene].unterversorgung,
                "needs_kreistyp": bool(group and group.needs_kreistyp),
                "grund": "" if group else rules.omitted[name].reason,
                # Sechs Spalten je Kreistyp; bundesweite Zahlen stehen in allen sechs.
                **{f"_r{k}": ratios[k - 1 if len(ratios) > 1 else 0] for k in range(1, 7)},
            }
        )
    return pd.DataFrame.from_records(records, columns=_GROUP_COLUMNS)


_GROUP_COLUMNS = [
    "arztgruppe",
    "versorgungsebene",
    "bezug",
    "unterversorgung",
    "needs_kreistyp",
    "grund",
    *(f"_r{k}" for k in range(1, 7)),
]


def _rows(planungsbereiche: pd.DataFrame, group_table: pd.DataFrame) -> pd.DataFrame:
    pb = planungsbereiche.rename(columns={"versorgungsebene": "_ebene"})
    rows = pb.merge(group_table, how="cross")
    if "_ebene" in rows:
        ebene = rows["_ebene"]
        rows = rows[ebene.isna() | (ebene == rows["versorgungsebene"])]
    return rows.reset_index(drop=True)


def _ages(aerzte: pd.DataFrame, stichtag_jahr: int | None) -> pd.Series:
    age = pd.Series(np.nan, index=aerzte.index, dtype=float)
    if "alter" in aerzte:
        age = pd.to_numeric(aerzte["alter"], errors="coerce").astype(float)
    if "geburtsjahr" in aerzte:
        born = pd.to_numeric(aerzte["geburtsjahr"], errors="coerce").astype(float)
        if (age.isna() & born.notna()).any():
            if stichtag_jahr is None:
                raise ValueError(
                    "Das Alter der Ärzte ergibt sich aus 'geburtsjahr' nur mit einem Stichtag. "
                    "Geben Sie das Jahr an, z. B. compute(..., stichtag_jahr=2024), oder "
                    "liefern Sie die Spalte 'alter'."
                )
            age = age.fillna(stichtag_jahr - born)
    return age


def _doctor_counts(
    aerzte: pd.DataFrame, names: list[str], rules: Rules, stichtag_jahr: int | None
) -> pd.DataFrame:
    age = _ages(aerzte, stichtag_jahr)
    factor = aerzte["anrechnungsfaktor"].astype(float)
    frame = pd.DataFrame(
        {
            "planungsbereich": aerzte["planungsbereich"],
            "arztgruppe": aerzte["arztgruppe"],
            "ist": factor,
            "aerzte_koepfe": 1.0,
            "af_known": factor.where(age.notna(), 0.0),
            "af_60": factor.where(age >= 60, 0.0),
            "af_65": factor.where(age >= rules.drohend_alter, 0.0),
        }
    )
    frame = frame[frame["arztgruppe"].isin(names)]
    keys = ["planungsbereich", "arztgruppe"]
    return frame.groupby(keys, sort=False, as_index=False).sum()


def _check_doctors_placed(
    counts: pd.DataFrame, rows: pd.DataFrame, planungsbereiche: pd.DataFrame
) -> None:
    """Ärzte, die in keiner Ausgabezeile landen, sind ein Datenfehler und kein stiller Verlust."""
    unknown = ~counts["planungsbereich"].isin(planungsbereiche["planungsbereich"])
    if unknown.any():
        listed = ", ".join(map(repr, counts.loc[unknown, "planungsbereich"].unique()[:5]))
        raise ValueError(
            f"Ärzte verweisen auf Planungsbereiche, die in planungsbereiche fehlen: {listed}. "
            "Ergänzen Sie die Planungsbereiche oder korrigieren Sie die Spalte "
            "'planungsbereich' in aerzte."
        )
    placed = counts.merge(rows[["planungsbereich", "arztgruppe"]], how="left", indicator=True)
    lost = placed[placed["_merge"] == "left_only"]
    if not lost.empty:
        first = lost.iloc[0]
        raise ValueError(
            f"{int(lost['aerzte_koepfe'].sum())} Ärzte gehören zu Arztgruppen, die in ihrem "
            "Planungsbereich wegen der Spalte 'versorgungsebene' nicht geplant werden, z. B. "
            f"'{first['arztgruppe']}' in '{first['planungsbereich']}'. Ordnen Sie die Ärzte dem "
            "Planungsbereich ihrer Versorgungsebene zu."
        )


def _check_population_columns(rows: pd.DataFrame, planungsbereiche: pd.DataFrame) -> None:
    has_ratio = (rows["grund"] == "") | rows["_vz_regional"].notna()
    for column, label in BEZUG_SPALTEN.items():
        needing = rows.loc[has_ratio & (rows["bezug"] == column), "arztgruppe"].unique()
        if len(needing) and column not in planungsbereiche:
            names = ", ".join(f"'{name}'" for name in needing)
            raise ValueError(
                f"Für die Arztgruppe {names} fehlt in planungsbereiche die Spalte '{column}' "
                f"({label}). Ergänzen Sie die Spalte oder lassen Sie die Arztgruppe über den "
                "Parameter groups weg."
            )


def _general_ratio(rows: pd.DataFrame) -> np.ndarray:
    needs = rows["needs_kreistyp"].to_numpy(bool)
    if "kreistyp" not in rows:
        if needs.any():
            names = ", ".join(f"'{n}'" for n in rows.loc[needs, "arztgruppe"].unique())
            raise ValueError(
                f"Für die Arztgruppe {names} hängt die Verhältniszahl vom Kreistyp ab, in "
                "planungsbereiche fehlt aber die Spalte 'kreistyp'. Ergänzen Sie den Kreistyp "
                "(1–6) nach Anlage 6 BPL-RL."
            )
        kreistyp = pd.Series(np.nan, index=rows.index)
    else:
        kreistyp = pd.to_numeric(rows["kreistyp"], errors="coerce").astype(float)
    invalid = needs & ~kreistyp.isin(range(1, 7)).to_numpy(bool)
    if invalid.any():
        bad = rows.loc[invalid, "planungsbereich"].unique()[:5]
        raise ValueError(
            "Kreistyp fehlt oder ist nicht 1 bis 6 in den Planungsbereichen "
            f"{', '.join(map(repr, bad))} (Spalte 'kreistyp'); die allgemeine fachärztliche "
            "Versorgung braucht ihn. Tragen Sie den Kreistyp nach Anlage 6 BPL-RL ein."
        )
    column = np.where(needs, kreistyp.fillna(1).to_numpy() - 1, 0).astype(int)
    matrix = rows[[f"_r{k}" for k in range(1, 7)]].to_numpy(float)
    return matrix[np.arange(len(rows)), column]


def _population(rows: pd.DataFrame) -> pd.Series:
    present = [column for column in BEZUG_SPALTEN if column in rows]
    conditions = [rows["bezug"] == column for column in present]
    values = [pd.to_numeric(rows[column], errors="coerce").astype(float) for column in present]
    return pd.Series(np.select(conditions, values, default=np.nan), index=rows.index)


def _evaluate(rows: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    out = pd.DataFrame(index=rows.index)
    out["planungsbereich"] = rows["planungsbereich"]
    out["name"] = rows["name"].fillna("") if "name" in rows else ""
    out[["arztgruppe", "versorgungsebene", "bezug"]] = rows[
        ["arztgruppe", "versorgungsebene", "bezug"]
    ]
    out["einwohner"] = _population(rows)
    out["allgemeine_verhaeltniszahl"] = _general_ratio(rows)
    area_factor = rows.get("verteilungsfaktor", pd.Series(np.nan, index=rows.index))
    area_factor = pd.to_numeric(area_factor, errors="coerce").astype(float)
    group_factor, regional = rows["_faktor_gruppe"], rows["_vz_regional"]
    factor = group_factor.fillna(area_factor)
    out["verteilungsfaktor"] = factor.fillna(1.0)
    computed = regional_ratio(out["allgemeine_verhaeltniszahl"], out["verteilungsfaktor"])
    out["verhaeltniszahl"] = regional.fillna(computed)
    # A regional Verhältniszahl set by the KV replaces the factor; the column then shows the
    # factor it implies (allgemeine / regionale), so that the identity of § 9 still holds.
    out["verteilungsfaktor"] = out["verteilungsfaktor"].where(
        regional.isna(), out["allgemeine_verhaeltniszahl"] / regional
    )
    out["verhaeltniszahl_quelle"] = pd.Series(
        np.select(
            [regional.notna(), group_factor.notna(), area_factor.notna()],
            [QUELLE_REGIONAL, QUELLE_FAKTOR_ARZTGRUPPE, QUELLE_FAKTOR_PLANUNGSBEREICH],
            default=QUELLE_ALLGEMEIN,
        ),
        index=rows.index,
        dtype="str",
    )
    out["soll"] = out["einwohner"] / out["verhaeltniszahl"]
    out["ist"] = rows["ist"].astype(float)
    out["aerzte_koepfe"] = rows["aerzte_koepfe"].astype("int64")
    out["versorgungsgrad"] = versorgungsgrad(out["ist"], out["soll"])
    known = rows["af_known"]
    ages_usable = (known > 0) | (out["ist"] == 0)
    ohne = versorgungsgrad(out["ist"] - rows["af_65"], out["soll"]).where(ages_usable)
    out["status"] = status(
        out["versorgungsgrad"], rows["unterversorgung"], rules.ueberversorgung, ohne
    )
    out["offene_sitze"] = open_seats(out["ist"], out["soll"], rules.ueberversorgung)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["anteil_60plus"] = (rows["af_60"] / known).where(known > 0)
        out["anteil_65plus"] = (rows["af_65"] / known).where(known > 0)
    out["versorgungsgrad_ohne_65plus"] = ohne
    out["hinweis"] = _hinweis(rows, out, factor.isna() & regional.isna(), rules)
    return out[COLUMNS]


def _hinweis(
    rows: pd.DataFrame, out: pd.DataFrame, factor_missing: pd.Series, rules: Rules
) -> pd.Series:
    # A regional Verhältniszahl makes a group without a general one assessable.
    omitted = (rows["grund"] != "") & rows["_vz_regional"].isna()
    known, ist = rows["af_known"], out["ist"]
    notes = [
        (
            omitted,
            f"Keine Verhältniszahl in Regelversion {rules.version}: "
            + rows["grund"].str.rstrip("."),
        ),
        (factor_missing, "Verteilungsfaktor fehlt, 1,0 angenommen"),
        (
            ~omitted & out["einwohner"].isna(),
            "Bezugsbevölkerung fehlt, Versorgungsgrad nicht bestimmbar",
        ),
        (
            ~omitted & (out["einwohner"] == 0),
            "Bezugsbevölkerung ist 0, Versorgungsgrad nicht bestimmbar",
        ),
        ((ist > 0) & (known == 0), "Keine Altersangaben, drohende Unterversorgung nicht prüfbar"),
        (
            (known > 0) & (known < ist - _TOL),
            "Alter nicht für alle Ärzte bekannt: Anteile ab 60/65 nur aus Ärzten mit "
            "bekanntem Alter",
        ),
    ]
    text = pd.Series("", index=rows.index, dtype="str")
    for mask, note in notes:
        joined = text.where(text == "", text + "; ") + note
        text = joined.where(mask, text)
    return text


def _scalar_or_array(values: np.ndarray):
    return float(values) if values.ndim == 0 else values


def _like(first, second, values: np.ndarray):
    """Ergebnis in der Form der Eingabe: Series mit deren Index, sonst float oder ndarray."""
    for template in (first, second):
        if isinstance(template, pd.Series):
            return pd.Series(values, index=template.index)
    return _scalar_or_array(values)
