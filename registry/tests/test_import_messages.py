"""Import messages come all at once and name the allowed values."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Organisation


def upload(client, *lines: str, name: str = "partner.csv"):
    data = "\n".join(lines).encode("utf-8")
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def office(client, cast):
    client.force_login(cast.office)
    return client


def test_header_cell_reference_and_uniqueness_problems_come_in_one_answer(office, cast):
    response = upload(
        office,
        "name;art;gehoert_zu;plz;farbe;mitglied_seit;inek_standortnummer",
        "A;sonstige;Gibt es nicht;09111;blau;;",
        "B;Klinik;;9111;rot;31.02.2024;",
        "C;sonstige;;09111;grün;;771234",
        "D;sonstige;;09111;gelb;;771234",
    )
    found = {(p.row, p.column) for p in response.context["problems"]}
    assert {
        (None, "farbe"),  # header
        (3, "art"),  # allowed values
        (3, "plz"),  # form of a cell
        (3, "mitglied_seit"),  # a date that does not exist
        (2, "gehoert_zu"),  # reference
        (5, "inek_standortnummer"),  # the same organisation twice
    } <= found
    assert not Organisation.objects.filter(name__in="ABCD").exists()


def test_a_missing_column_does_not_hide_the_problems_of_the_rows(office, cast):
    response = upload(office, "name;plz", "A;123")
    found = {(p.row, p.column) for p in response.context["problems"]}
    assert found == {(None, "art"), (2, "plz")}


def test_a_value_that_is_not_allowed_names_the_allowed_ones(office, cast):
    response = upload(office, "name;art", "A;Klinik")
    [problem] = response.context["problems"]
    assert (problem.row, problem.column) == (2, "art")
    assert problem.message.startswith("'Klinik' ist nicht erlaubt; erlaubt: Klinikträger, ")
    assert "Krankenhausstandort" in problem.message and "Arztpraxis/MVZ" in problem.message
    assert "Partnerverzeichnis" not in problem.message
    assert "Spalte art: 'Klinik' ist nicht erlaubt" in str(problem)


def test_an_unknown_handlungsfeld_names_the_allowed_ones(office, cast):
    response = upload(office, "name;art;handlungsfelder", "A;sonstige;patienten, bildung")
    [problem] = response.context["problems"]
    assert problem.message == "unbekanntes Handlungsfeld 'bildung'; erlaubt: patienten"


def test_a_file_with_only_a_header_says_it_holds_no_rows(office, cast):
    response = upload(office, "name;art;plz")
    [problem] = response.context["problems"]
    assert "keine Datenzeilen" in problem.message
    assert response.context["plan"] is None


def test_an_xlsx_with_only_a_header_says_it_holds_no_rows(office, cast):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["name", "art"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = office.post(
        reverse("registry:import"),
        {"file": SimpleUploadedFile("partner.xlsx", buffer.getvalue())},
    )
    assert "keine Datenzeilen" in response.context["problems"][0].message


def test_german_and_iso_dates_are_read_by_the_schema(office, cast):
    response = upload(
        office,
        "name;art;mitglied_seit;mitglied_bis",
        "A;sonstige;31.12.2024;2025-06-30",
        "B;sonstige;2024-13-01;",
    )
    [problem] = response.context["problems"]
    assert (problem.row, problem.column) == (3, "mitglied_seit")
    assert "kein gültiges Datum" in problem.message
