"""Uploads are checked by ending, content and size, with German messages."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bodies.models import Document
from bodies.tests.conftest import PDF


def _upload(client, meeting, name: str, content: bytes):
    url = reverse("bodies:meeting_documents", args=[meeting.pk])
    upload = SimpleUploadedFile(name, content)
    return client.post(url, {"title": "Unterlage", "file": upload})


def test_office_uploads_a_pdf(client, cast, meetings):
    client.force_login(cast.office)
    response = _upload(client, meetings.internal_meeting, "tagesordnung.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get(title="Unterlage")
    assert document.uploaded_by == cast.office
    with document.file.open("rb") as handle:
        assert handle.read() == PDF
    assert not document.is_public


def test_it_rejects_an_exe(client, cast, meetings):
    client.force_login(cast.office)
    response = _upload(client, meetings.internal_meeting, "setup.exe", b"MZ\x90\x00")
    assert "Dateityp „exe“ ist nicht erlaubt." in response.content.decode()
    assert not Document.objects.filter(title="Unterlage").exists()


def test_it_rejects_a_text_file_named_pdf(client, cast, meetings):
    client.force_login(cast.office)
    response = _upload(client, meetings.internal_meeting, "bericht.pdf", b"nur Text, kein PDF")
    assert "Der Inhalt der Datei passt nicht zur Endung „pdf“." in response.content.decode()
    assert not Document.objects.filter(title="Unterlage").exists()


def test_it_rejects_an_oversized_file(client, cast, meetings, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(cast.office)
    response = _upload(client, meetings.internal_meeting, "gross.pdf", b"%PDF" + b"0" * 2044)
    page = response.content.decode()
    assert "Die Datei ist 2,0\xa0KB groß; erlaubt sind höchstens 1,0\xa0KB." in page
    assert not Document.objects.filter(title="Unterlage").exists()


def test_editors_cannot_upload(client, cast, meetings):
    client.force_login(cast.editor_a)
    response = _upload(client, meetings.public_meeting, "tagesordnung.pdf", PDF)
    assert response.status_code == 403
    assert not Document.objects.filter(title="Unterlage").exists()
