"""Issue 7, A: plausibility checks with one clear message, and the Stichtag never taken from
the system clock."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from gesundheitsregion.cli import main

BEREICHE = "planungsbereich;name;einwohner\n0315;Hann. Münden;40.616\n"
AERZTE = (
    "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\n"
    "H1;0315;Hausärzte;1;1960\nH2;0315;Hausärzte;1;1990\n"
)


@pytest.fixture
def files(write):
    return write("bereiche.csv", BEREICHE), write("aerzte.csv", AERZTE)


def plan(files, tmp_path, *options) -> list[str]:
    bereiche, aerzte = files
    return [
        "bedarfsplanung",
        *("--bereiche", str(bereiche), "--aerzte", str(aerzte)),
        *options,
        *("--out", str(tmp_path / "e.csv")),
    ]


def forecast(files, tmp_path, *options) -> list[str]:
    bereiche, aerzte = files
    return [
        "prognose",
        *("--bereiche", str(bereiche), "--aerzte", str(aerzte)),
        *("--jahre", "2", "--laeufe", "5", *options, "--out", str(tmp_path / "p.csv")),
    ]


def test_birth_years_without_a_stichtag_ask_for_it_instead_of_the_system_year(
    files, tmp_path, capsys
):
    assert main(plan(files, tmp_path)) == 2
    err = capsys.readouterr().err
    assert err == (
        "Fehler: aerzte.csv hat Geburtsjahre, aber keinen Stichtag, auf den sich das Alter "
        "bezieht. Bitte --stichtag angeben (z. B. --stichtag 2024-12-31 oder --stichtag 2024) "
        "oder eine Spalte stichtag in der Ärztedatei.\n"
    )
    assert not (tmp_path / "e.csv").exists()


@pytest.mark.parametrize("given", ["2024-12-31", "31.12.2024", "2024"])
def test_the_stichtag_is_a_date_or_a_year(files, tmp_path, given):
    assert main(plan(files, tmp_path, "--stichtag", given)) == 0
    result = pd.read_csv(tmp_path / "e.csv", dtype={"planungsbereich": str})
    # Born 1960: 64 at the end of 2024, so not yet among the doctors aged 65 and over.
    assert result["versorgungsgrad_ohne_65plus"].item() == pytest.approx(
        result["versorgungsgrad"].item()
    )


def test_a_stichtag_that_is_no_date_is_refused_in_german(files, tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(plan(files, tmp_path, "--stichtag", "morgen"))
    assert caught.value.code == 2
    assert "'morgen' ist kein Stichtag: erwartet wird ein Datum wie 2024-12-31" in (
        capsys.readouterr().err
    )


def test_the_stichtag_comes_from_the_doctors_file(write, files, tmp_path, capsys):
    aerzte = write(
        "aerzte.csv",
        AERZTE.replace("geburtsjahr\n", "geburtsjahr;stichtag\n")
        .replace("1960\n", "1960;31.12.2025\n")
        .replace("1990\n", "1990;31.12.2025\n"),
    )
    assert main(plan((files[0], aerzte), tmp_path)) == 0
    assert "Hinweis: Stichtag 2025 aus der Spalte stichtag von aerzte.csv." in (
        capsys.readouterr().out
    )
    result = pd.read_csv(tmp_path / "e.csv")
    # Born 1960: 65 at the Stichtag 2025, so one of two doctors counts as 65 and over.
    assert result["versorgungsgrad_ohne_65plus"].item() == pytest.approx(
        result["versorgungsgrad"].item() / 2
    )


def test_a_birth_year_after_the_stichtag_names_file_row_and_fix(write, files, tmp_path, capsys):
    aerzte = write("aerzte.csv", AERZTE.replace("1990", "2026"))
    assert main(plan((files[0], aerzte), tmp_path, "--stichtag", "2024-12-31")) == 2
    assert (
        "aerzte.csv, Zeile 3, Spalte geburtsjahr: '2026' liegt nach dem Stichtag (2024): ein "
        "Geburtsjahr in der Zukunft." in capsys.readouterr().err
    )


def test_the_forecast_needs_a_start_year_and_takes_startjahr_as_the_stichtag(
    files, tmp_path, capsys
):
    assert main(forecast(files, tmp_path)) == 2
    assert "Bitte --stichtag angeben" in capsys.readouterr().err
    assert main(forecast(files, tmp_path, "--startjahr", "2024")) == 0
    years = pd.read_csv(tmp_path / "p.csv")
    assert years["jahr"].min() == 2024


@pytest.mark.parametrize("age", ["45", "95"])
def test_an_exit_age_outside_50_to_90_is_refused(files, tmp_path, capsys, age):
    assert main(forecast(files, tmp_path, "--stichtag", "2024", "--austrittsalter", age)) == 2
    assert f"--austrittsalter {age} liegt außerhalb von 50 bis 90 Jahren" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("spread", ["0", "25"])
def test_an_exit_age_spread_outside_0_to_20_is_refused(files, tmp_path, capsys, spread):
    options = ("--stichtag", "2024", "--austrittsalter-streuung", spread)
    assert main(forecast(files, tmp_path, *options)) == 2
    assert f"--austrittsalter-streuung {spread} muss größer als 0 und höchstens 20" in (
        capsys.readouterr().err
    )


def test_options_the_forecast_would_ignore_are_refused(files, write, tmp_path, capsys):
    plan_file = write(
        "r.csv", "planungsbereich;arztgruppe;neue_aerzte_pro_jahr\n0315;Hausärzte;1\n"
    )
    options = ("--stichtag", "2024", "--rekrutierung", str(plan_file), "--neue-aerzte", "2")
    assert main(forecast(files, tmp_path, *options)) == 2
    assert "--neue-aerzte und --rekrutierung schließen sich aus" in capsys.readouterr().err
    options = ("--bevoelkerung", str(plan_file), "--bevoelkerungsprognose", str(plan_file))
    assert main(forecast(files, tmp_path, "--stichtag", "2024", *options)) == 2
    assert "--bevoelkerung und --bevoelkerungsprognose schließen sich aus" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "p.csv").exists()


def test_title_rows_and_code_pages_are_reported_as_notes(files, tmp_path, capsys):
    book = openpyxl.Workbook()
    book.active.append(["Planungsbereiche Südniedersachsen"])
    book.active.append(["planungsbereich", "name", "einwohner"])
    book.active.append(["0315", "Hann. Münden", 40616])
    book.save(tmp_path / "bereiche.xlsx")
    aerzte = tmp_path / "aerzte_dos.csv"
    aerzte.write_bytes(AERZTE.encode("cp850"))
    assert main(plan((tmp_path / "bereiche.xlsx", aerzte), tmp_path, "--stichtag", "2024")) == 0
    out = capsys.readouterr().out
    assert "Hinweis: bereiche.xlsx: Kopfzeile in Zeile 2 erkannt" in out
    assert "Hinweis: aerzte_dos.csv: Kodierung DOS-Codepage 850 (cp850) erkannt" in out


NACHFRAGE = "id;einwohner;lon;lat\nA;100;12,92;50,83\nB;300;12,94;50,84\n"
ANGEBOT = "id;kapazitaet;lon;lat\nX;1;12,921;50,831\n"


def access(write, tmp_path, *options, nachfrage=NACHFRAGE) -> list[str]:
    return [
        "erreichbarkeit",
        *("--nachfrage", str(write("n.csv", nachfrage)), "--angebot", str(write("a.csv", ANGEBOT))),
        *("--einheit", "km", *options, "--out", str(tmp_path / "z.csv")),
    ]


def test_osm_without_osrm_costs_is_refused(write, tmp_path, capsys):
    osm = write("sachsen.osm.pbf", "")
    code = main(
        access(write, tmp_path, "--methode", "2sfca", "--einzugsbereich", "10", "--osm", str(osm))
    )
    assert code == 2
    assert "--osm wirkt nur mit --kosten osrm" in capsys.readouterr().err


def test_weight_steps_beyond_the_catchment_are_refused(write, tmp_path, capsys):
    steps = ("--methode", "e2sfca", "--gewichte", "10:1,20:0.68,30:0.22")
    assert main(access(write, tmp_path, *steps, "--einzugsbereich", "20")) == 2
    assert (
        "--gewichte: die Stufen bis 30 km liegen jenseits von --einzugsbereich 20 km und würden "
        "nie erreicht. Bitte --einzugsbereich 30 angeben" in capsys.readouterr().err
    )
    assert main(access(write, tmp_path, *steps, "--einzugsbereich", "40")) == 0
    assert "wirkt also wie 30 km" in capsys.readouterr().out


def test_swapped_coordinates_stop_the_command_with_one_message(write, tmp_path, capsys):
    swapped = "id;einwohner;lon;lat\nA;100;50,83;12,92\nB;300;50,84;12,94\n"
    code = main(
        access(write, tmp_path, "--methode", "2sfca", "--einzugsbereich", "10", nachfrage=swapped)
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "n.csv, Spalte lon/lat: alle 2 Zeilen: Längen- und Breitengrad vertauscht?" in err
    assert not (tmp_path / "z.csv").exists()


def test_an_unused_crs_is_mentioned(write, tmp_path, capsys):
    options = ("--methode", "2sfca", "--einzugsbereich", "10", "--crs", "EPSG:25833")
    assert main(access(write, tmp_path, *options)) == 0
    assert "Hinweis: --crs EPSG:25833 bleibt unbenutzt" in capsys.readouterr().out


def sites(write, tmp_path, *options) -> list[str]:
    return [
        "standorte",
        *(
            "--nachfrage",
            str(write("n.csv", NACHFRAGE)),
            "--kandidaten",
            str(write("k.csv", ANGEBOT)),
        ),
        *("--anzahl", "1", "--radius", "5", *options, "--out", str(tmp_path / "s.csv")),
    ]


def test_siting_refuses_a_threshold_without_the_underserved_goal(write, tmp_path, capsys):
    assert main(sites(write, tmp_path, "--schwelle", "0.5")) == 2
    assert "--schwelle gelten nur für --ziel unterversorgte" in capsys.readouterr().err
    assert main(sites(write, tmp_path, "--zugang-art", "zeit")) == 2
    assert "--zugang-art gelten nur für --ziel unterversorgte" in capsys.readouterr().err
    assert main(sites(write, tmp_path, "--verfahren", "heuristik", "--zeitlimit", "5")) == 0
    assert "--zeitlimit gilt nur für das exakte Verfahren" in capsys.readouterr().out


def test_the_forecast_takes_its_start_from_the_population_file(files, write, tmp_path, capsys):
    population = write(
        "bevoelkerung.csv",
        "gebiet;stichtag;altersgruppe;geschlecht;einwohner\n"
        "0315;2023-12-31;0-64;insgesamt;30000\n0315;2023-12-31;65+;insgesamt;10616\n",
    )
    assert main(forecast(files, tmp_path, "--bevoelkerung", str(population))) == 0
    assert "Hinweis: Startjahr 2023 aus der Spalte stichtag von bevoelkerung.csv." in (
        capsys.readouterr().out
    )
    assert pd.read_csv(tmp_path / "p.csv")["jahr"].min() == 2023
