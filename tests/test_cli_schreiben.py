"""Issue 7, B: every write failure ends in one German message and exit code 2, never a
traceback, and a command that writes several files writes all of them or none."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from gesundheitsregion import io
from gesundheitsregion.cli import main

BEREICHE = "planungsbereich;name;einwohner\n0315;Hann. Münden;40.616\n"
AERZTE = "id;planungsbereich;arztgruppe;anrechnungsfaktor;geburtsjahr\nH1;0315;Hausärzte;1;1960\n"


@pytest.fixture
def files(write):
    return write("bereiche.csv", BEREICHE), write("aerzte.csv", AERZTE)


def plan(files, out) -> list[str]:
    bereiche, aerzte = files
    return [
        "bedarfsplanung",
        *("--bereiche", str(bereiche), "--aerzte", str(aerzte)),
        *("--stichtag-jahr", "2024", "--out", str(out)),
    ]


def forecast(files, out) -> list[str]:
    bereiche, aerzte = files
    return [
        "prognose",
        *("--bereiche", str(bereiche), "--aerzte", str(aerzte), "--stichtag-jahr", "2024"),
        *("--jahre", "2", "--laeufe", "5", "--out", str(out)),
    ]


def error_of(capsys) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()  # one message
    return line


def test_an_output_that_is_a_folder_is_refused(files, tmp_path, capsys):
    (tmp_path / "ergebnis.csv").mkdir()
    assert main(plan(files, tmp_path / "ergebnis.csv")) == 2
    assert error_of(capsys).startswith(
        f"Fehler: '{tmp_path / 'ergebnis.csv'}' ist ein Ordner, keine Datei."
    )


def test_a_missing_folder_is_named(files, tmp_path, capsys):
    assert main(plan(files, tmp_path / "fehlt" / "e.csv")) == 2
    assert error_of(capsys) == (
        f"Fehler: Den Ordner '{tmp_path / 'fehlt'}' gibt es nicht. Bitte ihn anlegen oder einen "
        "vorhandenen Ordner angeben. Es wurde nichts geschrieben."
    )
    assert not (tmp_path / "fehlt").exists()


def test_a_read_only_file_or_folder_is_named_with_the_fix(files, tmp_path, capsys, monkeypatch):
    out = tmp_path / "e.csv"
    out.write_text("alt")
    real_access = os.access
    # Tests may run as root, for whom chmod does not bite: answer as for a normal user.
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != out and real_access(p, mode))
    assert main(plan(files, out)) == 2
    assert "ist schreibgeschützt oder in einem anderen Programm" in error_of(capsys)
    monkeypatch.setattr(os, "access", lambda p, mode: Path(p) != tmp_path)
    assert main(plan(files, out)) == 2
    assert f"In den Ordner '{tmp_path}' darf nicht geschrieben werden" in error_of(capsys)
    assert out.read_text() == "alt"


def test_a_file_open_in_another_program_keeps_its_content(files, tmp_path, capsys, monkeypatch):
    out = tmp_path / "e.xlsx"
    out.write_text("alt")
    real_replace = os.replace

    def replace(source, target):
        # Windows refuses to replace a file Excel has open; Linux says "permission denied".
        if Path(source) == out:
            raise PermissionError(errno.EACCES, "Permission denied", str(source))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert main(plan(files, out)) == 2
    assert error_of(capsys).startswith(f"Fehler: '{out}' lässt sich nicht überschreiben")
    assert out.read_text() == "alt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aerzte.csv", "bereiche.csv", "e.xlsx"]


def test_a_full_disk_ends_in_one_message_and_leaves_nothing(files, tmp_path, capsys, monkeypatch):
    def full(self, path, **options):
        Path(path).write_text("halb geschrieben")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    # Tables of plain numbers and text go through io's own quick CSV writer instead.
    monkeypatch.setattr(io, "_write_csv_texts", lambda columns, texts, path: full(None, path))
    assert main(plan(files, tmp_path / "e.csv")) == 2
    assert error_of(capsys) == (
        f"Fehler: '{tmp_path / 'e.csv'}' konnte nicht geschrieben werden: der Datenträger ist "
        "voll. Bitte Platz schaffen oder einen Ordner auf einem anderen Datenträger angeben. "
        "Es wurde nichts geschrieben."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aerzte.csv", "bereiche.csv"]


def test_an_output_naming_an_input_is_refused_before_anything_runs(files, capsys):
    aerzte = files[1]
    assert main(plan(files, aerzte)) == 2
    assert error_of(capsys).startswith(f"Fehler: '{aerzte}' ist zugleich eine Eingabedatei")
    assert aerzte.read_text(encoding="utf-8") == AERZTE


def test_the_forecast_writes_both_files_or_neither(files, tmp_path, capsys, monkeypatch):
    out, summary = tmp_path / "p.csv", tmp_path / "p_zusammenfassung.csv"
    out.write_text("alt p")
    summary.write_text("alt z")
    real_replace = os.replace

    def replace(source, target):
        if Path(target) == summary and ".tmp" in Path(source).name:
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    assert main(forecast(files, out)) == 2
    assert "konnte nicht geschrieben werden: der Datenträger ist voll" in capsys.readouterr().err
    # p.csv was renamed first and is restored: the old pair stays together.
    assert (out.read_text(), summary.read_text()) == ("alt p", "alt z")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "aerzte.csv",
        "bereiche.csv",
        "p.csv",
        "p_zusammenfassung.csv",
    ]
    monkeypatch.setattr(os, "replace", real_replace)
    assert main(forecast(files, out)) == 0
    assert out.read_text() != "alt p" and summary.read_text() != "alt z"


def test_the_forecast_refuses_one_file_for_years_and_summary(files, tmp_path, capsys):
    out = tmp_path / "p.csv"
    assert main([*forecast(files, out), "--zusammenfassung", str(out)]) == 2
    assert "nennen dieselbe Datei" in error_of(capsys)


def test_the_demo_writes_all_files_or_none(tmp_path, monkeypatch, capsys):
    from gesundheitsregion.demo import pipeline

    out = tmp_path / "ausgabe"
    out.mkdir()
    (out / "bericht.html").write_text("alter Bericht")

    def fails_late(staging, *options):
        (staging / "eingaben").mkdir()
        (staging / "eingaben" / "aerzte.csv").write_text("neu")
        (staging / "bedarfsplanung.csv").write_text("neu")
        raise OSError(errno.ENOSPC, "No space left on device", str(staging / "bericht.html"))

    monkeypatch.setattr(pipeline, "_run", fails_late)
    assert main(["demo", "--ausgabe", str(out)]) == 2
    assert error_of(capsys) == (
        f"Fehler: '{out / 'bericht.html'}' konnte nicht geschrieben werden: der Datenträger ist "
        "voll. Bitte Platz schaffen oder einen Ordner auf einem anderen Datenträger angeben. "
        "Es wurde nichts geschrieben."
    )
    assert [p.name for p in out.rglob("*")] == ["bericht.html"]
    assert (out / "bericht.html").read_text() == "alter Bericht"


def test_the_demo_refuses_a_file_as_its_folder(tmp_path, capsys):
    (tmp_path / "ausgabe").write_text("x")
    assert main(["demo", "--ausgabe", str(tmp_path / "ausgabe")]) == 2
    assert "ist eine Datei, kein Ordner" in error_of(capsys)


def test_a_write_failure_shows_no_traceback_in_a_real_process(files, tmp_path):
    folder = tmp_path / "ergebnis.xlsx"
    folder.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "gesundheitsregion", *plan(files, folder)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(f"Fehler: '{folder}' ist ein Ordner, keine Datei.")
    assert "Traceback" not in done.stderr


def test_the_fetch_refuses_a_file_as_its_target_folder(tmp_path, capsys):
    (tmp_path / "daten").write_text("x")
    assert main(["daten-holen", "--ziel", str(tmp_path / "daten"), "--nur", "gv100ad"]) == 2
    assert error_of(capsys).startswith(f"Fehler: '{tmp_path / 'daten'}' ist eine Datei, kein")


def test_an_unreadable_input_is_one_german_message(files, tmp_path, capsys, monkeypatch):
    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert main(plan(files, tmp_path / "e.csv")) == 2
    assert error_of(capsys) == (
        f"Fehler: '{files[0]}' ist nicht zugänglich (keine Rechte). Bitte Pfad und Rechte "
        "prüfen; es wurde nichts geschrieben."
    )


def test_a_geojson_output_without_shapes_is_refused_before_the_computation(
    files, tmp_path, capsys, monkeypatch
):
    from gesundheitsregion import bedarfsplanung

    def never(*args, **kwargs):
        raise AssertionError("computed although the output cannot be written")

    monkeypatch.setattr(bedarfsplanung, "compute", never)
    assert main(plan(files, tmp_path / "e.geojson")) == 2
    assert "e.geojson: Für eine GeoJSON-Ausgabe braucht es Geometrien" in error_of(capsys)
