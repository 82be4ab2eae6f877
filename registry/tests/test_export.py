import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.importing import COLUMNS
from registry.models import NetworkMembership, Organisation
from vocabulary.models import Handlungsfeld


@pytest.fixture
def registry(cast):
    """A small hierarchy with every column filled somewhere."""
    bildung = Handlungsfeld.objects.create(
        name="Aus-, Fort- und Weiterbildung", slug="bildung", order=2
    )
    carrier = Organisation.objects.create(
        name="Klinikträger Süd",
        kind="klinikträger",
        ik_number="260000001",
        street="Hauptstraße 1",
        postcode="09111",
        city="Chemnitz",
        kreis="Chemnitz",
        website="https://traeger.example",
        ags="14511000",
    )
    carrier.place_by_postcode()
    carrier.save()
    cast.clinic_a.parent = carrier
    cast.clinic_a.kreis = "Chemnitz"
    cast.clinic_a.inek_site_number = "771234"
    cast.clinic_a.save()
    cast.clinic_a.handlungsfelder.set([cast.handlungsfeld, bildung])
    cast.clinic_b.kreis = "Landkreis Zwickau"
    cast.clinic_b.is_public = False
    cast.clinic_b.save()
    ward = Organisation.objects.create(
        name='Kardiologie; "Herz"', kind="fachabteilung", parent=cast.clinic_a, bsnr="123456789"
    )
    NetworkMembership.objects.create(
        organisation=cast.clinic_a, start=dt.date(2023, 3, 1), end=dt.date(2026, 12, 31)
    )
    NetworkMembership.objects.create(organisation=carrier, start=dt.date(2023, 3, 1))
    return carrier, ward


def export(client, fmt: str) -> bytes:
    response = client.get(reverse("registry:export"), {"format": fmt})
    assert response.status_code == 200
    return response.content


def wipe() -> None:
    # Children first: the hierarchy protects parents from deletion.
    for depth in ("parent__parent__isnull", "parent__isnull"):
        Organisation.objects.filter(**{depth: False}).delete()
    Organisation.objects.all().delete()


@pytest.mark.parametrize(("fmt", "name"), [("csv", "partner.csv"), ("xlsx", "partner.xlsx")])
def test_export_then_import_gives_the_same_registry(client, cast, registry, fmt, name):
    client.force_login(cast.office)
    first = export(client, fmt)
    wipe()
    preview = client.post(reverse("registry:import"), {"file": SimpleUploadedFile(name, first)})
    assert preview.context["problems"] is None, preview.context["problems"]
    assert len(preview.context["plan"].created) == 4
    client.post(reverse("registry:import_confirm"), {"token": preview.context["token"]})
    assert Organisation.objects.count() == 4
    assert _table(export(client, fmt), fmt) == _table(first, fmt)
    carrier = Organisation.objects.get(name="Klinikträger Süd")
    assert carrier.location_approximate


def test_importing_an_export_again_changes_nothing(client, cast, registry):
    client.force_login(cast.office)
    data = export(client, "csv")
    preview = client.post(
        reverse("registry:import"), {"file": SimpleUploadedFile("partner.csv", data)}
    )
    plan = preview.context["plan"]
    assert len(plan.unchanged) == 4, [(r.organisation, r.changed) for r in plan.rows]


def _table(data: bytes, fmt: str) -> list[list[str]]:
    if fmt == "csv":
        text = data.decode("utf-8-sig")
        return [line.split(";") for line in text.splitlines()]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c or "" for c in row] for row in sheet.iter_rows(values_only=True)]


def test_the_csv_is_german_excel_friendly(client, cast, registry):
    client.force_login(cast.office)
    data = export(client, "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(COLUMNS)
    assert any(";12,9;50,82;" in line for line in lines)
    assert any("patienten, bildung" in line for line in lines)


def test_editors_export_only_their_own_organisations(client, cast, registry):
    client.force_login(cast.editor_a)
    text = export(client, "csv").decode("utf-8-sig")
    assert "Klinikum A" in text and "Kardiologie" in text
    assert "Klinik B" not in text and "Klinikträger Süd;" not in text


def test_users_without_organisation_cannot_export(client, cast):
    client.force_login(cast.outsider)
    assert client.get(reverse("registry:export")).status_code == 403
    client.logout()
    assert client.get(reverse("registry:export")).status_code == 302


def test_an_editors_export_does_not_name_a_hidden_parent(client, cast):
    hidden = Organisation.objects.create(
        name="Verdeckter Träger", kind="klinikträger", is_public=False, ik_number="260000009"
    )
    cast.clinic_a.parent = hidden
    cast.clinic_a.save()
    client.force_login(cast.editor_a)
    text = export(client, "csv").decode("utf-8-sig")
    assert "Klinikum A" in text
    assert "Verdeckter Träger" not in text and "260000009" not in text
