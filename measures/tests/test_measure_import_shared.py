"""The measures import on the shared mechanism: allowed values named, empty files reported,
limits and warnings as for the registry."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gesundheitsregion.validation import ValidationError
from measures.importer import plan_import


@pytest.fixture(autouse=True)
def private_upload_folder(settings, tmp_path):
    settings.IMPORT_UPLOAD_ROOT = tmp_path / "uploads"


def _problems(tmp_path, text: str) -> dict:
    path = tmp_path / "massnahmen.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        plan_import(path)
    return {(p.row, p.column): p.message for p in error.value.problems}


def test_a_status_or_handlungsfeld_not_allowed_names_the_allowed_ones(tmp_path, measures):
    found = _problems(tmp_path, "titel;handlungsfeld;status\nA;logistik;fertig\n")
    assert found[(2, "status")].startswith(
        "'fertig' ist nicht erlaubt; erlaubt: geplant, laufend, abgeschlossen"
    )
    assert found[(2, "handlungsfeld")].startswith("'logistik' ist nicht erlaubt; erlaubt: ")
    assert "patienten" in found[(2, "handlungsfeld")]


def test_a_file_with_only_a_header_says_it_holds_no_rows(tmp_path, measures):
    found = _problems(tmp_path, "titel;handlungsfeld\n")
    assert "keine Datenzeilen" in found[(None, None)]


def test_the_dry_run_makes_as_many_queries_for_2n_rows_as_for_n(tmp_path, measures):
    counts = []
    for size in (10, 20):
        path = tmp_path / f"m{size}.csv"
        lines = ["titel;handlungsfeld;verantwortlich;beginn"]
        lines += [f"M {i};patienten;Klinikum A;31.12.2025" for i in range(size)]
        path.write_text("\n".join(lines), encoding="utf-8")
        with CaptureQueriesContext(connection) as queries:
            assert len(plan_import(path).rows) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_formula_in_a_title_is_flagged_in_the_preview(client, cast, measures):
    client.force_login(cast.office)
    upload = SimpleUploadedFile("m.csv", b"titel;handlungsfeld\n=HYPERLINK(1);patienten\n")
    preview = client.post(reverse("measures:import"), {"file": upload})
    [warning] = preview.context["warnings"]
    assert (warning.row, warning.column) == (2, "titel")
    assert "als Formel ausgeführt" in preview.content.decode()


def test_too_many_rows_end_in_a_clear_message(client, cast, measures, settings):
    settings.IMPORT_MAX_ROWS = 5
    client.force_login(cast.office)
    text = "titel;handlungsfeld\n" + "".join(f"M {i};patienten\n" for i in range(6))
    upload = SimpleUploadedFile("m.csv", text.encode())
    response = client.post(reverse("measures:import"), {"file": upload})
    [problem] = response.context["problems"]
    assert "6 Datenzeilen; erlaubt sind höchstens 5" in problem.message
