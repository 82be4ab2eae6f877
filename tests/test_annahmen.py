"""Issue 7, A: the report and the CLI say plainly what a forecast assumes about new doctors."""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest

from gesundheitsregion.cli import main
from gesundheitsregion.report import NO_RECRUITMENT, forecast_assumption
from tests.test_report import _write

BEREICHE = "planungsbereich;name;einwohner\n0315;Hann. Münden;40.616\n0316;Musterstadt;16.330\n"
AERZTE = (
    "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\n"
    "H1;0315;Hausärzte;1;1960\nH2;0316;Hausärzte;1;1970\n"
)


def _figures(page: str) -> list[str]:
    """The text of each forecast chart's figure, without its SVG."""
    figures = re.findall(r'<figure class="diagramm">(.*?)</figure>', page, flags=re.S)
    return [re.sub(r"<svg.*?</svg>", "", f, flags=re.S) for f in figures]


def test_every_chart_says_there_is_no_recruitment_unless_a_scenario_is_given(tmp_path):
    page = _write(tmp_path)
    figures = _figures(page)
    assert len(figures) == 4  # Nordtal, Mitte and the hostile name for Hausärzte; Augenärzte
    assert all(f"Annahme: {NO_RECRUITMENT}" in f for f in figures)
    assert f"<strong>Annahme: {NO_RECRUITMENT}.</strong>" in page


def test_the_charts_name_the_scenario_of_their_area(tmp_path):
    plan = pd.DataFrame(
        {
            "planungsbereich": ["A"],
            "arztgruppe": ["Hausärzte"],
            "neue_aerzte_pro_jahr": [2.0],
            "ab_jahr": [2026],
        }
    )
    figures = _figures(_write(tmp_path, recruitment=plan))
    assert "Annahme: mit 2 Neuzulassungen je Jahr ab 2026" in figures[0]  # Nordtal, Hausärzte
    assert f"Annahme: {NO_RECRUITMENT}" in figures[1]  # Mitte has no recruits
    every = _figures(_write(tmp_path, recruitment=8))
    assert all("Annahme: mit 8 Neuzulassungen je Jahr</p>" in f for f in every)


def test_a_table_with_several_rows_is_summed_up():
    plan = pd.DataFrame(
        {
            "planungsbereich": ["A", "B", "C"],
            "arztgruppe": ["Hausärzte"] * 3,
            "neue_aerzte_pro_jahr": [1.5, 2.0, 0.0],
        }
    )
    assert forecast_assumption(plan, source="r.csv") == (
        "mit Neuzulassungen nach der Rekrutierungstabelle (r.csv): zusammen 3,5 je Jahr in 2 "
        "Kombinationen aus Planungsbereich und Arztgruppe; sonst ohne Nachbesetzung und ohne "
        "Neuzulassungen"
    )
    assert forecast_assumption(0.0) == NO_RECRUITMENT


@pytest.fixture
def forecast(write, tmp_path):
    bereiche, aerzte = write("bereiche.csv", BEREICHE), write("aerzte.csv", AERZTE)

    def run(out: str, *options: str) -> None:
        code = main(
            [
                "prognose",
                *("--bereiche", str(bereiche), "--aerzte", str(aerzte), "--stichtag", "2024"),
                *("--jahre", "3", "--laeufe", "5", *options, "--out", str(tmp_path / out)),
            ]
        )
        assert code == 0

    return run


def test_the_forecast_command_prints_and_stores_its_assumption(forecast, tmp_path, capsys):
    forecast("p.xlsx")
    out = capsys.readouterr().out
    assert f"Annahme: {NO_RECRUITMENT}.\n" in out
    for name in ("p.xlsx", "p_zusammenfassung.xlsx"):
        book = openpyxl.load_workbook(tmp_path / name)
        assert book.properties.description == f"Annahme: {NO_RECRUITMENT}."


def test_the_assumption_changes_with_a_scenario(forecast, write, tmp_path, capsys):
    forecast("p.xlsx", "--neue-aerzte", "8")
    expected = (
        "Annahme: mit 8 Neuzulassungen je Jahr in jedem Planungsbereich und jeder Arztgruppe."
    )
    assert expected in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "p.xlsx").properties.description == expected
    plan = write(
        "rekrutierung.csv", "planungsbereich;arztgruppe;neue_aerzte_pro_jahr\n0315;Hausärzte;2\n"
    )
    forecast("q.csv", "--rekrutierung", str(plan))
    assert (
        "Annahme: mit 2 Neuzulassungen je Jahr für Hausärzte in 0315 (rekrutierung.csv); sonst "
        f"{NO_RECRUITMENT}." in capsys.readouterr().out
    )
