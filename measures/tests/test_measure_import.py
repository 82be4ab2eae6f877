"""CSV import of measures: every problem with file, row and column; all or nothing."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gesundheitsregion.validation import ValidationError
from measures.importer import read_measures
from measures.models import Measure

GOOD = (
    "titel;handlungsfeld;status;fortschritt;beginn;ende;verantwortlich;oeffentlich;beschreibung\n"
    "Gemeinsame Hygiene;patienten;laufend;30;2025-01-01;31.12.2026;Klinikum A;ja;Pool\n"
    'Rotationsplan;Aus-, Fort- und Weiterbildung;;;;;"Klinik B; 123456789";nein;\n'
)
BAD = (
    "titel;handlungsfeld;status;fortschritt;beginn;ende;verantwortlich\n"
    "Gemeinsame Hygiene;patienten;laufend;30;2025-01-01;2026-12-31;Klinikum A\n"
    ";patienten;laufend;130;2025-02-30;;Klinikum Z\n"
    "Logistik;logistik;fertig;20;2025-05-01;2025-01-01;\n"
)


def _file(text: str, name: str = "massnahmen.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"))


@pytest.fixture
def ik_b(cast, measures):
    cast.clinic_b.ik_number = "123456789"
    cast.clinic_b.save()


def test_it_reads_a_good_file(tmp_path, cast, measures, ik_b):
    path = tmp_path / "massnahmen.csv"
    path.write_text(GOOD, encoding="utf-8")
    first, second = read_measures(path)
    assert (first.title, first.handlungsfeld, first.status, first.progress) == (
        "Gemeinsame Hygiene",
        cast.handlungsfeld,
        "laufend",
        30,
    )
    assert (first.start, first.end) == (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
    assert first.responsible == [cast.clinic_a] and first.is_public
    assert (second.handlungsfeld, second.status, second.progress) == (
        measures.bildung,
        "geplant",
        0,
    )
    assert second.responsible == [cast.clinic_b]  # named twice, by name and IK-Nummer
    assert not second.is_public


def test_it_names_file_row_and_column_of_every_problem(tmp_path, cast, measures):
    path = tmp_path / "massnahmen.csv"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_measures(path)
    problems = {(p.row, p.column) for p in error.value.problems}
    assert problems == {
        (3, "titel"),
        (3, "fortschritt"),
        (3, "beginn"),
        (3, "verantwortlich"),
        (4, "handlungsfeld"),
        (4, "status"),
        (4, "ende"),
    }
    report = error.value.report()
    assert "massnahmen.csv, Zeile 3, Spalte fortschritt: '130' liegt außerhalb" in report
    assert "massnahmen.csv, Zeile 3, Spalte beginn: '2025-02-30' ist kein gültiges Datum" in report
    assert "Zeile 3, Spalte verantwortlich: 'Klinikum Z' ist keine Organisation" in report
    assert "Zeile 4, Spalte ende: Das Ende liegt vor dem Beginn." in report


def test_a_missing_column_is_reported_once(tmp_path, measures):
    path = tmp_path / "m.csv"
    path.write_text("titel;status\nA;laufend\n", encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_measures(path)
    assert [(p.row, p.column) for p in error.value.problems] == [(None, "handlungsfeld")]


def test_existing_and_repeated_measures_are_rejected(tmp_path, measures):
    path = tmp_path / "m.csv"
    path.write_text(
        "titel;handlungsfeld\nEntlassmanagement;patienten\nNeu;bildung\n"
        "Neu;Aus-, Fort- und Weiterbildung\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as error:
        read_measures(path)
    assert [(p.row, p.column) for p in error.value.problems] == [(2, "titel"), (4, "titel")]


def test_office_previews_then_imports_everything(client, cast, measures, ik_b):
    client.force_login(cast.office)
    url = reverse("measures:import")
    preview = client.post(url, {"file": _file(GOOD)})
    assert [row.title for row in preview.context["rows"]] == ["Gemeinsame Hygiene", "Rotationsplan"]
    assert not Measure.objects.filter(title="Gemeinsame Hygiene").exists()
    response = client.post(url, {"confirm": "1", "token": preview.context["token"]})
    assert response.url == reverse("measures:list")
    imported = Measure.objects.get(title="Gemeinsame Hygiene")
    assert list(imported.responsible.all()) == [cast.clinic_a]
    assert imported.progress == 30
    assert Measure.objects.get(title="Rotationsplan").is_public is False


def test_nothing_is_imported_when_any_row_is_wrong(client, cast, measures):
    client.force_login(cast.office)
    before = Measure.objects.count()
    response = client.post(reverse("measures:import"), {"file": _file(BAD)})
    page = response.content.decode()
    assert "7 Probleme gefunden, nichts wurde übernommen" in page
    assert "massnahmen.csv, Zeile 4, Spalte status:" in page
    assert not response.context["rows"]
    assert client.post(reverse("measures:import"), {"confirm": "1"}).status_code == 302
    assert Measure.objects.count() == before


def test_confirmation_checks_again(client, cast, measures):
    client.force_login(cast.office)
    preview = client.post(
        reverse("measures:import"),
        {"file": _file(GOOD.replace('"Klinik B; 123456789"', "Klinik B"))},
    )
    cast.clinic_b.delete()  # the database changes between preview and confirmation
    token = preview.context["token"]
    response = client.post(reverse("measures:import"), {"confirm": "1", "token": token})
    assert any("'Klinik B' ist keine Organisation" in str(p) for p in response.context["problems"])
    assert not Measure.objects.filter(title="Gemeinsame Hygiene").exists()


def test_it_reads_xlsx(client, cast, measures):
    book = openpyxl.Workbook()
    book.active.append(["Titel", "Handlungsfeld", "Fortschritt"])
    book.active.append(["Digitale Visite", "patienten", 15])
    buffer = io.BytesIO()
    book.save(buffer)
    client.force_login(cast.office)
    upload = SimpleUploadedFile("massnahmen.xlsx", buffer.getvalue())
    preview = client.post(reverse("measures:import"), {"file": upload})
    assert [(r.title, r.progress) for r in preview.context["rows"]] == [("Digitale Visite", 15)]


def test_it_refuses_other_file_types(client, cast, measures):
    client.force_login(cast.office)
    response = client.post(reverse("measures:import"), {"file": _file("x", "m.exe")})
    assert "Bitte eine CSV- oder XLSX-Datei hochladen" in response.content.decode()


def test_only_the_office_imports(client, cast, measures):
    client.force_login(cast.editor_a)
    assert client.post(reverse("measures:import"), {"file": _file(GOOD)}).status_code == 403
    assert client.get(reverse("measures:import_template")).status_code == 403


def test_the_template_has_every_column(client, cast, measures, tmp_path):
    client.force_login(cast.office)
    content = client.get(reverse("measures:import_template")).content.decode("utf-8-sig")
    assert content.splitlines()[0] == (
        "titel;handlungsfeld;status;fortschritt;beginn;ende;verantwortlich;oeffentlich;beschreibung"
    )
