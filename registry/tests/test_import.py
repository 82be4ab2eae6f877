import datetime as dt

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import NetworkMembership, Organisation

HEADER = "name;art;gehoert_zu;ik_nummer;plz;ort;lon;lat;handlungsfelder;mitglied_seit;oeffentlich"


def csv_file(*lines: str, name: str = "partner.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, "\n".join(lines).encode("utf-8"), "text/csv")


def upload(client, file):
    return client.post(reverse("registry:import"), {"file": file})


def confirm(client, preview):
    return client.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})


@pytest.fixture
def office(client, cast):
    client.force_login(cast.office)
    return client


def test_a_valid_file_is_previewed_then_imported_completely(office, cast):
    preview = upload(
        office,
        csv_file(
            HEADER,
            "Träger Süd;Klinikträger;;260000001;09111;Chemnitz;;;;2023-03-01;ja",
            "Standort Süd;krankenhausstandort;Träger Süd;;09112;Chemnitz;12,9;50,83;patienten;;ja",
            "Praxis Nord;Arztpraxis/MVZ;;;09113;Chemnitz;;;;01.02.2024;nein",
        ),
    )
    assert preview.status_code == 200
    assert "3 neu, 0 aktualisiert" in preview.content.decode()
    assert not Organisation.objects.filter(name="Träger Süd").exists()  # a dry run

    response = confirm(office, preview)
    assert response.status_code == 302
    carrier = Organisation.objects.get(name="Träger Süd")
    site = Organisation.objects.get(name="Standort Süd")
    practice = Organisation.objects.get(name="Praxis Nord")
    assert site.parent == carrier and site.lon == 12.9 and not site.location_approximate
    assert [h.slug for h in site.handlungsfelder.all()] == ["patienten"]
    assert carrier.location_approximate and carrier.lon is not None
    assert carrier.memberships.get().start == dt.date(2023, 3, 1)
    assert practice.kind == "arztpraxis" and not practice.is_public
    assert practice.memberships.get().start == dt.date(2024, 2, 1)


def test_every_error_names_row_and_column_and_nothing_is_imported(office, cast):
    response = upload(
        office,
        csv_file(
            HEADER,
            "Gut;sonstige;;;09111;Chemnitz;;;;;ja",
            "Falsche PLZ;sonstige;;;9111;Chemnitz;;;;;ja",
            ";krankenhaus;;12345;09111;Chemnitz;12,9;;unbekannt;31.02.2024;vielleicht",
        ),
    )
    html = response.content.decode()
    assert response.status_code == 200
    problems = {(p.row, p.column) for p in response.context["problems"]}
    assert {
        (3, "plz"),
        (4, "name"),
        (4, "art"),
        (4, "ik_nummer"),
        (4, "lat"),
        (4, "oeffentlich"),
    } <= problems
    assert all(p.source == "partner.csv" for p in response.context["problems"])
    assert "nichts wurde übernommen" in html
    assert "&#x27;9111&#x27; hat nicht die erwartete Form" in html
    assert not Organisation.objects.filter(name="Gut").exists()
    assert response.context["token"] is None


def test_model_and_reference_errors_come_with_row_and_column(office, cast):
    response = upload(
        office,
        csv_file(
            "name;art;gehoert_zu;website;handlungsfelder;mitglied_seit;mitglied_bis",
            "A;sonstige;Gibt es nicht;;;;",
            "B;sonstige;;keine-adresse;unbekannt;;",
            "C;sonstige;;;;2024-02-30;",
            "D;sonstige;;;;2024-05-01;2024-01-01",
            "E;sonstige;E;;;;",
        ),
    )
    problems = {(p.row, p.column): p.message for p in response.context["problems"]}
    assert "weder in der Datei noch im Verzeichnis" in problems[(2, "gehoert_zu")]
    assert (3, "website") in problems
    assert "unbekanntes Handlungsfeld 'unbekannt'" in problems[(3, "handlungsfelder")]
    assert "kein gültiges Datum" in problems[(4, "mitglied_seit")]
    assert "vor dem Beginn" in problems[(5, "mitglied_bis")]
    assert "Kreis" in problems[(6, "gehoert_zu")]
    assert not Organisation.objects.filter(name__in="ABCDE").exists()


def test_unknown_and_missing_columns_are_refused(office, cast):
    response = upload(office, csv_file("name;farbe", "A;blau"))
    messages = [str(p) for p in response.context["problems"]]
    assert any("Spalte farbe: unbekannte Spalte" in m for m in messages)
    response = upload(office, csv_file("name", "A"))
    assert any("Spalte art: Spalte fehlt" in str(p) for p in response.context["problems"])


def test_the_same_organisation_twice_in_a_file_is_refused(office, cast):
    response = upload(office, csv_file("name;art;plz", "A;sonstige;09111", "A;sonstige;09111"))
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "name")]


def test_rows_update_organisations_matched_by_ik_or_name_and_postcode(office, cast):
    cast.clinic_b.ik_number = "261400002"
    cast.clinic_b.save()
    preview = upload(
        office,
        csv_file(
            "name;art;ik_nummer;plz;ort",
            "Klinikum A;krankenhausstandort;261400001;09116;Chemnitz-Mitte",
            "Klinik B (neuer Name);krankenhausstandort;261400002;08056;Zwickau",
        ),
    )
    assert "0 neu, 2 aktualisiert" in preview.content.decode()
    confirm(office, preview)
    cast.clinic_a.refresh_from_db()
    cast.clinic_b.refresh_from_db()
    assert cast.clinic_a.city == "Chemnitz-Mitte" and cast.clinic_a.ik_number == "261400001"
    assert cast.clinic_b.name == "Klinik B (neuer Name)"
    assert Organisation.objects.count() == 2


def test_absent_columns_leave_fields_alone(office, cast):
    cast.clinic_a.website = "https://klinikum-a.example"
    cast.clinic_a.save()
    confirm(
        office, upload(office, csv_file("name;art;plz", "Klinikum A;krankenhausstandort;09116"))
    )
    cast.clinic_a.refresh_from_db()
    assert cast.clinic_a.website == "https://klinikum-a.example"
    assert cast.clinic_a.lon == 12.9 and not cast.clinic_a.location_approximate


def test_an_xlsx_file_with_numbers_for_keys_is_read(office, cast):
    book = openpyxl.Workbook()
    book.active.append(["Name", "Art", "PLZ", "IK-Nummer", "Mitglied seit"])
    book.active.append(["Praxis Dr. Ost", "arztpraxis", 9116, 261400003, dt.datetime(2024, 1, 15)])
    path = SimpleUploadedFile("partner.xlsx", _xlsx_bytes(book))
    confirm(office, upload(office, path))
    practice = Organisation.objects.get(name="Praxis Dr. Ost")
    assert practice.postcode == "09116" and practice.ik_number == "261400003"
    assert NetworkMembership.objects.get(organisation=practice).start == dt.date(2024, 1, 15)


def _xlsx_bytes(book) -> bytes:
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_confirm_without_the_preview_token_writes_nothing(office, cast):
    upload(office, csv_file("name;art", "Neu;sonstige"))
    response = office.post(reverse("registry:import_confirm"), {"token": "geraten"})
    assert response.status_code == 302
    assert not Organisation.objects.filter(name="Neu").exists()


def test_a_file_that_became_invalid_since_the_preview_writes_nothing(office, cast):
    preview = upload(office, csv_file("name;art;gehoert_zu", "Neu;sonstige;Klinik B"))
    cast.clinic_b.delete()
    response = confirm(office, preview)
    assert response.status_code == 200
    assert response.context["problems"]
    assert not Organisation.objects.filter(name="Neu").exists()


def test_other_file_types_are_refused(office, cast):
    response = upload(office, SimpleUploadedFile("partner.pdf", b"%PDF-1.4"))
    assert "CSV- oder XLSX-Datei" in response.content.decode()


@pytest.mark.parametrize("who", ["editor_a", "outsider", "member"])
def test_only_the_office_imports(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("registry:import")).status_code == 403
    response = upload(client, csv_file("name;art", "Neu;sonstige"))
    assert response.status_code == 403
    assert client.post(reverse("registry:import_confirm"), {"token": "x"}).status_code == 403
    assert not Organisation.objects.filter(name="Neu").exists()


def test_an_empty_column_after_a_trailing_separator_is_ignored(office, cast):
    preview = upload(office, csv_file("name;art;", "Neu;sonstige;"))
    assert preview.context["problems"] is None
    confirm(office, preview)
    assert Organisation.objects.filter(name="Neu").exists()
