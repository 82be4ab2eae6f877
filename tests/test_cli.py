"""The command line as a user runs it: German texts, results, exit code 2 on bad input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from gesundheitsregion.cli import main

BEREICHE = (
    "planungsbereich;name;einwohner;einwohner_weiblich;einwohner_unter_18;kreistyp;verteilungsfaktor\n"
    "0315;Hann. Münden;40.616;20.500;6.100;2;1,073245\n"
    "0316;Musterstadt;16.330;8.000;2.500;5;\n"
)
# Hann. Münden (KV Niedersachsen, June 2021): 28.5 Hausärzte; the Verteilungsfaktor is the one
# that reproduces the published 105.2 % with the 2019 Verhältniszahl 1,609.
AERZTE = (
    "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\n"
    + "".join(f"H{i};0315;Hausärzte;1;{1960 + i % 20}\n" for i in range(28))
    + "H28;0315;Hausärzte;0,5;1970\nM1;0316;Hausärzte;1;1958\nA1;0316;Augenärzte;1;1975\n"
)


@pytest.fixture
def inputs(write):
    return write("bereiche.csv", BEREICHE), write("aerzte.csv", AERZTE)


def test_it_writes_the_bedarfsplanung_with_the_published_open_seats(inputs, tmp_path, capsys):
    bereiche, aerzte = inputs
    out = tmp_path / "ergebnis.csv"
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--regeln",
            "2019",
            "--stichtag-jahr",
            "2021",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    result = pd.read_csv(out, dtype={"planungsbereich": str})
    row = result[(result["planungsbereich"] == "0315") & (result["arztgruppe"] == "Hausärzte")]
    assert row["ist"].item() == 28.5
    assert row["versorgungsgrad"].item() == pytest.approx(105.2, abs=0.05)
    assert row["offene_sitze"].item() == 1.5
    assert row["status"].item() == "Regelversorgung"
    assert "Geschrieben:" in capsys.readouterr().out


def test_it_says_when_the_verteilungsfaktor_is_assumed(inputs, tmp_path, capsys):
    bereiche, aerzte = inputs
    main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--stichtag-jahr",
            "2024",
            "--out",
            str(tmp_path / "e.xlsx"),
        ]
    )
    result = pd.read_excel(tmp_path / "e.xlsx", dtype={"planungsbereich": str})
    musterstadt = result[result["planungsbereich"] == "0316"]
    assert musterstadt["hinweis"].str.contains("Verteilungsfaktor").all()
    assert "Hinweis:" in capsys.readouterr().out


def test_it_exits_with_2_and_writes_nothing_on_bad_input(write, tmp_path, capsys):
    bereiche = write("bereiche.csv", BEREICHE)
    aerzte = write("aerzte.csv", AERZTE.replace("H3;0315;Hausärzte;1;", "H3;0315;Hausärzte;1,5;"))
    out = tmp_path / "ergebnis.csv"
    code = main(
        ["bedarfsplanung", "--bereiche", str(bereiche), "--aerzte", str(aerzte), "--out", str(out)]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "aerzte.csv, Zeile 5, Spalte anrechnungsfaktor: '1,5' ist keiner der Werte" in err
    assert "Traceback" not in err
    assert not out.exists()


def test_it_reports_problems_of_both_files_at_once(write, tmp_path, capsys):
    bereiche = write("bereiche.csv", BEREICHE.replace("40.616", "-1"))
    aerzte = write("aerzte.csv", AERZTE.replace("M1;0316;Hausärzte", "M1;0316;Zahnärzte"))
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--out",
            str(tmp_path / "e.csv"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "bereiche.csv, Zeile 2, Spalte einwohner" in err
    assert "aerzte.csv, Zeile 31, Spalte arztgruppe: 'Zahnärzte'" in err


def test_it_rejects_an_unknown_rule_version_and_output_format(inputs, tmp_path, capsys):
    bereiche, aerzte = inputs
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--regeln",
            "1999",
            "--out",
            str(tmp_path / "e.csv"),
        ]
    )
    assert code == 2
    assert "Unbekannte Regelversion '1999'" in capsys.readouterr().err
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--out",
            str(tmp_path / "e.pdf"),
        ]
    )
    assert code == 2
    assert "Ausgabeformat '.pdf' wird nicht unterstützt" in capsys.readouterr().err


def test_it_needs_geometries_for_geojson_output(inputs, tmp_path, capsys):
    bereiche, aerzte = inputs
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--stichtag",
            "2024-12-31",
            "--out",
            str(tmp_path / "e.geojson"),
        ]
    )
    assert code == 2
    assert "braucht es Geometrien" in capsys.readouterr().err
    assert not (tmp_path / "e.geojson").exists()


def test_it_writes_geojson_when_the_areas_have_geometry(tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    areas = gpd.GeoDataFrame(
        {"planungsbereich": ["A"], "einwohner": [16330]},
        geometry=[box(12, 50, 13, 51)],
        crs="EPSG:4326",
    )
    areas.to_file(tmp_path / "b.geojson", driver="GeoJSON")
    (tmp_path / "a.csv").write_text(
        "id,planungsbereich,arztgruppe,anrechnungsfaktor\n1,A,Hausärzte,1\n", encoding="utf-8"
    )
    code = main(
        [
            "bedarfsplanung",
            "--bereiche",
            str(tmp_path / "b.geojson"),
            "--aerzte",
            str(tmp_path / "a.csv"),
            "--out",
            str(tmp_path / "e.geojson"),
        ]
    )
    assert code == 0
    result = gpd.read_file(tmp_path / "e.geojson")
    assert result["versorgungsgrad"].item() == pytest.approx(10.0)
    assert result.geometry.iloc[0].bounds == (12, 50, 13, 51)


def test_the_forecast_command_writes_years_and_summary(inputs, tmp_path, capsys):
    bereiche, aerzte = inputs
    out = tmp_path / "prognose.csv"
    code = main(
        [
            "prognose",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--stichtag-jahr",
            "2024",
            "--jahre",
            "10",
            "--laeufe",
            "50",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    years = pd.read_csv(out, dtype={"planungsbereich": str})
    summary = pd.read_csv(tmp_path / "prognose_zusammenfassung.csv", dtype={"planungsbereich": str})
    assert sorted(years["jahr"].unique()) == list(range(2024, 2035))
    assert len(summary) == 4  # 2 Planungsbereiche × 2 Arztgruppen
    hannmuenden = years[(years["planungsbereich"] == "0315") & (years["arztgruppe"] == "Hausärzte")]
    assert hannmuenden["versorgungsgrad"].is_monotonic_decreasing
    assert "Hinweis:" in capsys.readouterr().out


def test_the_forecast_command_takes_a_recruitment_table(inputs, write, tmp_path):
    bereiche, aerzte = inputs
    plan = write(
        "rekrutierung.csv", "planungsbereich;arztgruppe;neue_aerzte_pro_jahr\n0315;Hausärzte;2\n"
    )
    base = [
        "prognose",
        "--bereiche",
        str(bereiche),
        "--aerzte",
        str(aerzte),
        "--stichtag-jahr",
        "2024",
        "--jahre",
        "5",
        "--laeufe",
        "20",
    ]
    main([*base, "--out", str(tmp_path / "ohne.csv")])
    main([*base, "--rekrutierung", str(plan), "--out", str(tmp_path / "mit.csv")])
    without = pd.read_csv(tmp_path / "ohne.csv", dtype={"planungsbereich": str})
    with_recruits = pd.read_csv(tmp_path / "mit.csv", dtype={"planungsbereich": str})
    pick = (
        (without["planungsbereich"] == "0315")
        & (without["jahr"] == 2029)
        & (without["arztgruppe"] == "Hausärzte")
    )
    gained = (
        with_recruits.loc[pick, "ist_erwartet"].item() - without.loc[pick, "ist_erwartet"].item()
    )
    # Five years of two recruits aged 40: none of them reaches the earliest exit age of 60.
    assert gained == pytest.approx(10.0)


def test_the_forecast_command_checks_the_recruitment_file(inputs, write, tmp_path, capsys):
    bereiche, aerzte = inputs
    plan = write(
        "rekrutierung.csv", "planungsbereich;arztgruppe;neue_aerzte_pro_jahr\n9999;Hausärzte;-2\n"
    )
    code = main(
        [
            "prognose",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--stichtag-jahr",
            "2024",
            "--rekrutierung",
            str(plan),
            "--out",
            str(tmp_path / "p.csv"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "rekrutierung.csv, Zeile 2, Spalte neue_aerzte_pro_jahr" in err
    assert "rekrutierung.csv, Zeile 2, Spalte planungsbereich: '9999'" in err
    assert not (tmp_path / "p.csv").exists()


def test_the_forecast_command_ages_a_population_by_age_group(inputs, write, tmp_path):
    bereiche, aerzte = inputs
    rows = "".join(
        f"{pb};{group};insgesamt;{n}\n"
        for pb, total in (("0315", 40616), ("0316", 16330))
        for group, n in (
            ("0-17", total * 15 // 100),
            ("18-64", total * 60 // 100),
            ("65+", total - total * 15 // 100 - total * 60 // 100),
        )
    )
    population = write("bevoelkerung.csv", "gebiet;altersgruppe;geschlecht;einwohner\n" + rows)
    code = main(
        [
            "prognose",
            "--bereiche",
            str(bereiche),
            "--aerzte",
            str(aerzte),
            "--bevoelkerung",
            str(population),
            "--stichtag-jahr",
            "2024",
            "--jahre",
            "10",
            "--laeufe",
            "20",
            "--out",
            str(tmp_path / "p.csv"),
        ]
    )
    assert code == 0
    years = pd.read_csv(tmp_path / "p.csv", dtype={"planungsbereich": str})
    hannmuenden = years[(years["planungsbereich"] == "0315") & (years["arztgruppe"] == "Hausärzte")]
    # An old population with the Saxon fertility rate shrinks.
    assert hannmuenden["einwohner"].iloc[-1] < hannmuenden["einwohner"].iloc[0] == 40616


def test_the_rules_command_lists_both_versions(capsys):
    assert main(["regeln"]) == 0
    out = capsys.readouterr().out
    assert "2019:" in out and "2025-01-16:" in out
    assert "1.633" in out and "12.703 / 19.179 / 23.446 / 21.001 / 19.591 / 19.379" in out


def test_python_dash_m_speaks_german_and_exits_2_on_missing_arguments():
    done = subprocess.run(
        [sys.executable, "-m", "gesundheitsregion", "bedarfsplanung"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "Aufruf: gesundheitsregion bedarfsplanung" in done.stderr
    assert "Fehler: folgende Angaben fehlen: --bereiche, --aerzte, --out" in done.stderr
    helped = subprocess.run(
        [sys.executable, "-m", "gesundheitsregion", "--help"], capture_output=True, text=True
    )
    assert helped.returncode == 0 and "diese Hilfe anzeigen und beenden" in helped.stdout


def test_the_fetch_command_names_unknown_datasets_and_bad_sources(tmp_path, capsys):
    assert main(["daten-holen", "--ziel", str(tmp_path), "--nur", "gibtsnicht"]) == 2
    assert "Unbekannte Datensätze: gibtsnicht" in capsys.readouterr().err
    assert main(["daten-holen", "--ziel", str(tmp_path), "--quelle", "vg5000"]) == 2
    assert "erwartet wird DATENSATZ=URL" in capsys.readouterr().err


def test_the_fetch_command_reports_a_failed_download_and_writes_nothing(tmp_path, capsys):
    missing = (tmp_path / "fehlt.zip").as_uri()
    code = main(
        [
            "daten-holen",
            "--ziel",
            str(tmp_path / "daten"),
            "--nur",
            "gv100ad",
            "--quelle",
            f"gv100ad={missing}",
        ]
    )
    assert code == 2
    assert "Datensatz 'gv100ad'" in capsys.readouterr().err
    written = [p for p in (tmp_path / "daten").rglob("*") if p.is_file()]
    assert written == []


def test_building_the_parser_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from gesundheitsregion.cli import build_parser\n"
        "build_parser().format_help()\n"
        "heavy = {'pandas', 'numpy', 'geopandas', 'scipy', 'highspy', 'osrm', 'matplotlib', "
        "'jinja2'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_german_texts_leave_argparse_itself_untouched(capsys):
    import argparse
    import gettext

    with pytest.raises(SystemExit) as exit_:
        main(["bedarfsplanung"])
    assert exit_.value.code == 2
    assert "Fehler: folgende Angaben fehlen" in capsys.readouterr().err
    assert argparse._ is gettext.gettext
    plain = argparse.ArgumentParser(prog="anders")
    assert "usage: anders" in plain.format_usage()


@pytest.mark.parametrize("command", ["erreichbarkeit", "standorte"])
def test_einheit_has_one_default_in_every_command(command):
    from gesundheitsregion.cli import _options, build_parser

    parser = build_parser()
    required = {
        "erreichbarkeit": ["--nachfrage", "n.csv", "--angebot", "a.csv", "--methode", "2sfca"],
        "standorte": ["--nachfrage", "n.csv", "--kandidaten", "k.csv", "--anzahl", "1"],
    }[command]
    limit = "--einzugsbereich" if command == "erreichbarkeit" else "--radius"
    args = parser.parse_args([command, *required, limit, "5", "--out", "o.csv"])
    assert _options.unit(args) == "km"


def test_osrm_costs_default_to_minutes():
    from gesundheitsregion.cli import _options, build_parser

    args = build_parser().parse_args(
        [
            *("erreichbarkeit", "--nachfrage", "n.csv", "--angebot", "a.csv"),
            *("--methode", "2sfca", "--kosten", "osrm", "--einzugsbereich", "5", "--out", "o.csv"),
        ]
    )
    assert _options.unit(args) == "min"
