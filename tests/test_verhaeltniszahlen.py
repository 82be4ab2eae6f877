"""Regional Verhältniszahlen: Verteilungsfaktor per Planungsbereich and Arztgruppe, a ratio set
by the KV directly, and which of them a row used. All values worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from gesundheitsregion.bedarfsplanung import (
    NICHT_BEWERTBAR,
    QUELLE_ALLGEMEIN,
    QUELLE_FAKTOR_ARZTGRUPPE,
    QUELLE_FAKTOR_PLANUNGSBEREICH,
    QUELLE_REGIONAL,
    compute,
)
from gesundheitsregion.cli import main
from gesundheitsregion.prognose import ExitAgeModel, forecast
from gesundheitsregion.rules import load_rules

RULES = load_rules("2025-01-16")
# Two areas of 16,330 inhabitants each (Soll 10 Hausärzte at 1,633); PB1 has the area factor
# 1.25, PB2 none.
AREAS = pd.DataFrame(
    {
        "planungsbereich": ["PB1", "PB2"],
        "name": ["Nord", "Süd"],
        "einwohner": [16330, 16330],
        "verteilungsfaktor": [1.25, None],
    }
)
GROUPS = ["Hausärzte", "Anästhesisten", "Radiologen"]


def _doctors() -> pd.DataFrame:
    rows = [(area, group) for area in ("PB1", "PB2") for group in GROUPS for _ in range(10)]
    return pd.DataFrame(
        {
            "id": [str(i) for i in range(len(rows))],
            "planungsbereich": [area for area, _ in rows],
            "arztgruppe": [group for _, group in rows],
            "anrechnungsfaktor": 1.0,
        }
    )


RATIOS = pd.DataFrame(
    {
        "planungsbereich": ["PB1", "PB1", "PB2"],
        "arztgruppe": ["Hausärzte", "Anästhesisten", "Hausärzte"],
        "verteilungsfaktor": [None, 0.5, 2.0],
        "verhaeltniszahl": [1500.0, None, 1400.0],
    }
)


def _row(result: pd.DataFrame, area: str, group: str) -> pd.Series:
    return result.set_index(["planungsbereich", "arztgruppe"]).loc[(area, group)]


@pytest.fixture(scope="module")
def result() -> pd.DataFrame:
    return compute(AREAS, _doctors(), RULES, verhaeltniszahlen=RATIOS)


def test_a_regional_ratio_set_by_the_kv_comes_first(result):
    # PB1 Hausärzte: 1,500 given. Soll 16,330 / 1,500 = 10.8867, Versorgungsgrad
    # 10 / 10.8867 = 91.855 %. The factor 1.25 of the area is not used; the column shows the
    # factor the ratio implies: 1,633 / 1,500.
    row = _row(result, "PB1", "Hausärzte")
    assert row["verhaeltniszahl"] == 1500
    assert row["verhaeltniszahl_quelle"] == QUELLE_REGIONAL
    assert row["versorgungsgrad"] == pytest.approx(10 * 1500 / 16330 * 100)
    assert row["verteilungsfaktor"] == pytest.approx(1633 / 1500)
    # PB2 Hausärzte: both given, the ratio 1,400 wins over the factor 2.0.
    row = _row(result, "PB2", "Hausärzte")
    assert (row["verhaeltniszahl"], row["verhaeltniszahl_quelle"]) == (1400, QUELLE_REGIONAL)


def test_a_factor_per_group_comes_before_the_factor_of_the_area(result):
    # PB1 Anästhesisten: 46,347 / 0.5 = 92,694 inhabitants per doctor, not 46,347 / 1.25.
    row = _row(result, "PB1", "Anästhesisten")
    assert row["verhaeltniszahl"] == pytest.approx(92694)
    assert row["verteilungsfaktor"] == 0.5
    assert row["verhaeltniszahl_quelle"] == QUELLE_FAKTOR_ARZTGRUPPE
    assert row["soll"] == pytest.approx(16330 / 92694)


def test_the_factor_of_the_area_is_the_fallback_then_the_general_ratio(result):
    # PB1 Radiologen: nothing for the group, so 49,062 / 1.25 = 39,249.6.
    row = _row(result, "PB1", "Radiologen")
    assert row["verhaeltniszahl"] == pytest.approx(39249.6)
    assert row["verhaeltniszahl_quelle"] == QUELLE_FAKTOR_PLANUNGSBEREICH
    # PB2 Radiologen: no factor anywhere: the general 49,062 and the usual note.
    row = _row(result, "PB2", "Radiologen")
    assert row["verhaeltniszahl"] == 49062
    assert row["verhaeltniszahl_quelle"] == QUELLE_ALLGEMEIN
    assert "Verteilungsfaktor fehlt" in row["hinweis"]
    assert "Verteilungsfaktor fehlt" not in _row(result, "PB1", "Hausärzte")["hinweis"]


def test_without_a_table_every_row_says_where_its_ratio_comes_from():
    result = compute(AREAS, _doctors(), RULES)
    assert _row(result, "PB1", "Hausärzte")["verhaeltniszahl_quelle"] == (
        QUELLE_FAKTOR_PLANUNGSBEREICH
    )
    assert _row(result, "PB2", "Hausärzte")["verhaeltniszahl_quelle"] == QUELLE_ALLGEMEIN


def test_a_regional_ratio_makes_a_group_without_a_general_ratio_assessable():
    # Pathologen have no sourced 2025 ratio; a regional one of 100,000 for 200,000 people
    # gives Soll 2, and 3 doctors give 150 %. Without it the row stays "nicht bewertbar".
    areas = pd.DataFrame({"planungsbereich": ["KV"], "einwohner": [200_000]})
    doctors = pd.DataFrame(
        {
            "id": ["1", "2", "3"],
            "planungsbereich": "KV",
            "arztgruppe": "Pathologen",
            "anrechnungsfaktor": 1.0,
        }
    )
    table = pd.DataFrame(
        {"planungsbereich": ["KV"], "arztgruppe": ["Pathologen"], "verhaeltniszahl": [100_000.0]}
    )
    assert compute(areas, doctors, RULES)["status"].iloc[0] == NICHT_BEWERTBAR
    row = compute(areas, doctors, RULES, verhaeltniszahlen=table).iloc[0]
    assert row["versorgungsgrad"] == pytest.approx(150)
    assert row["verhaeltniszahl_quelle"] == QUELLE_REGIONAL
    assert "Keine Verhältniszahl" not in row["hinweis"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (RATIOS.assign(planungsbereich=["PB1", "PB1", "PB9"]), "'PB9'"),
        (RATIOS.assign(verteilungsfaktor=None, verhaeltniszahl=[1500.0, None, 1.0]), "> 0"),
        (pd.concat([RATIOS, RATIOS.iloc[:1]]), "doppelt"),
    ],
)
def test_bad_tables_are_refused_in_german(table, message):
    with pytest.raises(ValueError, match=message):
        compute(AREAS, _doctors(), RULES, verhaeltniszahlen=table)


def test_the_forecast_uses_the_same_regional_ratio():
    doctors = _doctors()
    result = forecast(
        AREAS,
        doctors[doctors["arztgruppe"] == "Hausärzte"],
        RULES,
        start_year=2025,
        horizon=1,
        exits=ExitAgeModel.fixed(110),
        runs=5,
        verhaeltniszahlen=RATIOS,
    )
    first = result.years[result.years["planungsbereich"] == "PB1"].iloc[0]
    assert first["soll"] == pytest.approx(16330 / 1500)


# --- command line ------------------------------------------------------------------------


@pytest.fixture
def files(write):
    areas = "planungsbereich;name;einwohner;verteilungsfaktor\nPB1;Nord;16330;1,25\n"
    doctors = "id;planungsbereich;arztgruppe;anrechnungsfaktor\n" + "".join(
        f"{i};PB1;Hausärzte;1\n" for i in range(10)
    )
    return write("bereiche.csv", areas), write("aerzte.csv", doctors)


def _run(files, tmp_path, ratios, command="bedarfsplanung"):
    areas, doctors = files
    args = [command, "--bereiche", str(areas), "--aerzte", str(doctors)]
    args += ["--verhaeltniszahlen", str(ratios), "--stichtag-jahr", "2025"]
    return main([*args, "--out", str(tmp_path / "ergebnis.csv")])


def test_cli_takes_the_regional_ratio_from_a_file(files, tmp_path, write):
    ratios = write(
        "vz.csv",
        "planungsbereich;arztgruppe;verteilungsfaktor;verhaeltniszahl\nPB1;Hausärzte;;1500\n",
    )
    assert _run(files, tmp_path, ratios) == 0
    row = pd.read_csv(tmp_path / "ergebnis.csv").iloc[0]
    assert row["verhaeltniszahl"] == 1500
    assert row["verhaeltniszahl_quelle"] == "regional"
    assert row["versorgungsgrad"] == pytest.approx(10 * 1500 / 16330 * 100)


def test_cli_forecast_takes_the_regional_ratio_too(files, tmp_path, write):
    ratios = write("vz.csv", "planungsbereich;arztgruppe;verhaeltniszahl\nPB1;Hausärzte;1500\n")
    assert _run(files, tmp_path, ratios, command="prognose") == 0
    years = pd.read_csv(tmp_path / "ergebnis.csv")
    assert years["soll"].iloc[0] == pytest.approx(16330 / 1500)


def test_cli_names_file_row_and_column_of_a_bad_ratio_table(files, tmp_path, write, capsys):
    ratios = write(
        "vz.csv",
        "planungsbereich;arztgruppe;verteilungsfaktor;verhaeltniszahl\n"
        "PB1;Hausärzte;;\nPB7;Hausärzte;1,1;\nPB1;Hautärzte;0;\n",
    )
    assert _run(files, tmp_path, ratios) == 2
    err = capsys.readouterr().err
    assert "vz.csv, Zeile 2, Spalte verteilungsfaktor: Wert fehlt" in err
    assert "vz.csv, Zeile 3, Spalte planungsbereich" in err and "PB7" in err
    assert "vz.csv, Zeile 4, Spalte verteilungsfaktor" in err
    assert not (tmp_path / "ergebnis.csv").exists()
