"""Importer limits before parsing (G5), a linear dry run, and expiring uploads (G10)."""

import io
import os
import time
import zipfile
from io import StringIO
from unittest import mock

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.importing import plan_import
from registry.models import NetworkMembership, Organisation


@pytest.fixture
def office(client, cast):
    client.force_login(cast.office)
    return client


def upload(client, name: str, data: bytes):
    return client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, data)})


def xlsx(rows, *, dimension: str | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension is None and not extra:
        return buffer.getvalue()
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if dimension and member.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b'<dimension ref="') + len(b'<dimension ref="')
                data = data[:start] + dimension.encode() + data[data.index(b'"', start) :]
            target.writestr(member, data)
        for name, data in (extra or {}).items():
            target.writestr(name, data)
    return out.getvalue()


def only_message(response) -> str:
    assert response.status_code == 200
    [problem] = response.context["problems"]
    return problem.message.replace("\xa0", " ")


def test_a_sheet_declaring_a_million_rows_is_refused_before_parsing(office):
    data = xlsx([["name", "art"], ["A", "sonstige"]], dimension="A1:XFD1048576")
    assert len(data) < 10_000
    started = time.monotonic()
    message = only_message(upload(office, "gross.xlsx", data))
    assert time.monotonic() - started < 20  # today it keeps a worker busy for minutes
    assert "1048575 Datenzeilen" in message and "höchstens 10000" in message


def test_a_sheet_declaring_too_many_cells_is_refused(office, settings):
    settings.IMPORT_MAX_CELLS = 1000
    data = xlsx([["name", "art"], ["A", "sonstige"]], dimension="A1:Z100")
    assert "2600 Zellen" in only_message(upload(office, "breit.xlsx", data))


def test_a_sheet_understating_its_dimension_is_refused_by_its_rows(office, settings):
    settings.IMPORT_MAX_ROWS = 50
    rows = [["name", "art"]] + [[f"P{i}", "sonstige"] for i in range(60)]
    data = xlsx(rows, dimension="A1:B2")
    assert "60 Datenzeilen; erlaubt sind höchstens 50" in only_message(
        upload(office, "l.xlsx", data)
    )


def test_a_zip_bomb_is_refused_by_its_unpacked_size(office, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1024 * 1024
    data = xlsx([["name", "art"]], extra={"xl/media/leer.bin": b"\0" * (4 * 1024 * 1024)})
    assert len(data) < 100_000
    message = only_message(upload(office, "bombe.xlsx", data))
    assert "entpackt sich auf 4,0 MB" in message and "höchstens 1,0 MB" in message


def test_fifty_thousand_rows_end_in_a_clear_message(office):
    lines = ["name;art"] + [f"Praxis {i};arztpraxis" for i in range(50_000)]
    response = upload(office, "viele.csv", "\n".join(lines).encode())
    message = only_message(response)
    assert "50000 Datenzeilen; erlaubt sind höchstens 10000" in message


def test_a_twenty_megabyte_file_ends_in_a_clear_message(office):
    data = b"name;art\n" + b"A;sonstige;" + b"x" * (20 * 1024 * 1024)
    response = upload(office, "riesig.csv", data)
    assert response.status_code == 200
    [error] = response.context["form"].errors["file"]
    assert "20,0 MB groß; erlaubt sind höchstens 5,0 MB" in error.replace("\xa0", " ")


def _rows(count: int) -> str:
    lines = ["name;art;gehoert_zu;ik_nummer;plz;handlungsfelder;mitglied_seit"]
    for i in range(count):
        lines.append(f"Träger {i};klinikträger;;{260000000 + i};09111;patienten;01.01.2024")
        lines.append(f"Standort {i};krankenhausstandort;{260000000 + i};{260000000 + i};09111;;")
    return "\n".join(lines)


@pytest.mark.parametrize("existing", [False, True])
def test_the_dry_run_makes_as_many_queries_for_2n_rows_as_for_n(tmp_path, cast, existing):
    counts = []
    for size in (20, 40):
        path = tmp_path / f"partner-{size}.csv"
        path.write_text(_rows(size), encoding="utf-8")
        if existing:  # the second round updates the organisations the first created
            from registry.importing import apply_import

            apply_import(plan_import(path))
        with CaptureQueriesContext(connection) as queries:
            plan = plan_import(path)
        assert len(plan.rows) == 2 * size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unconfirmed_upload_expires_and_is_deleted(office, settings):
    preview = upload(office, "partner.csv", b"name;art\nA;sonstige\n")
    folders = list(settings.IMPORT_UPLOAD_ROOT.iterdir())
    assert len(folders) == 1
    old = time.time() - settings.IMPORT_UPLOAD_MAX_AGE - 1
    os.utime(folders[0], (old, old))

    response = office.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})

    assert response.status_code == 302
    assert not Organisation.objects.filter(name="A").exists()
    assert not any(settings.IMPORT_UPLOAD_ROOT.iterdir())


def test_the_cleanup_command_deletes_only_expired_uploads(office, cast, settings):
    upload(office, "alt.csv", b"name;art\nA;sonstige\n")
    [old_folder] = settings.IMPORT_UPLOAD_ROOT.iterdir()
    old = time.time() - settings.IMPORT_UPLOAD_MAX_AGE - 1
    os.utime(old_folder, (old, old))
    other = Client()  # a second office session, whose upload is still fresh
    other.force_login(cast.office)
    with mock.patch("imports.uploads.purge_expired"):
        upload(other, "neu.csv", b"name;art\nB;sonstige\n")

    out = StringIO()
    call_command("importe_aufraeumen", stdout=out)

    assert "1 abgelaufene Importdateien gelöscht" in out.getvalue()
    [kept] = settings.IMPORT_UPLOAD_ROOT.iterdir()
    assert kept != old_folder and next(kept.iterdir()).name == "neu.csv"


def test_a_confirmed_import_deletes_its_upload(office, settings):
    preview = upload(office, "partner.csv", b"name;art;mitglied_seit\nA;sonstige;31.12.2024\n")
    office.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})
    assert NetworkMembership.objects.get(organisation__name="A").start.isoformat() == "2024-12-31"
    assert not any(settings.IMPORT_UPLOAD_ROOT.iterdir())
