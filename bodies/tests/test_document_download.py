"""Documents are streamed as attachments after a permission check, never from MEDIA_URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bodies.tests.conftest import PDF


def _download(client, document):
    """The response with its streamed body read into ``body``: reading it to the end lets the
    test client close the file (as a WSGI server would)."""
    response = client.get(reverse("bodies:document", args=[document.pk]))
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


def test_anonymous_downloads_a_public_document_as_attachment(client, meetings):
    response = _download(client, meetings.public_document)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "praesentation" in response["Content-Disposition"]
    assert response.body == PDF


@pytest.mark.parametrize("document", ["internal_document", "secret_document"])
def test_anonymous_gets_404_for_internal_documents(client, meetings, document):
    assert _download(client, getattr(meetings, document)).status_code == 404


def test_member_downloads_the_documents_of_its_body_only(client, cast, meetings):
    client.force_login(cast.member)
    assert _download(client, meetings.secret_document).status_code == 200
    assert _download(client, meetings.internal_document).status_code == 404


def test_office_downloads_every_document(client, cast, meetings):
    client.force_login(cast.office)
    for document in (meetings.internal_document, meetings.secret_document):
        assert _download(client, document).status_code == 200


def test_pages_link_the_download_view_not_the_media_url(client, cast, meetings):
    client.force_login(cast.office)
    page = client.get(meetings.public_meeting.get_absolute_url()).content.decode()
    assert reverse("bodies:document", args=[meetings.public_document.pk]) in page
    assert "/media/" not in page


def test_a_missing_file_answers_404(client, meetings):
    meetings.public_document.file.delete(save=False)
    assert _download(client, meetings.public_document).status_code == 404
