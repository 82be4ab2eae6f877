"""Oversized request bodies are refused with 413 before anything reads them (G11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

MB = 1024 * 1024


class UnreadableBody:
    """A request body that fails the test as soon as anything reads from it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post(client, url: str, length: int, **extra):
    return client.generic(
        "POST",
        url,
        CONTENT_TYPE="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


@pytest.mark.django_db
def test_it_refuses_a_large_anonymous_post_without_reading_it(client):
    response = post(client, reverse("accounts:login"), 100 * MB)
    assert response.status_code == 413
    text = response.content.decode()
    assert "Die Anfrage ist zu groß (100 MB; erlaubt sind höchstens 21 MB)" in text
    assert response["Connection"] == "close"


@pytest.mark.django_db
def test_it_gives_anonymous_senders_the_smaller_limit(client):
    response = post(client, reverse("accounts:login"), 2 * MB)
    assert response.status_code == 413
    assert "ohne Anmeldung sind höchstens 1 MB erlaubt" in response.content.decode()


def test_it_lets_a_logged_in_editor_send_more_than_the_anonymous_limit(client, cast):
    client.force_login(cast.editor_a)
    # Above the anonymous limit but within the total one: the request reaches the view,
    # which reads the body (and the test's unreadable body says so).
    with pytest.raises(AssertionError, match="the body was read"):
        post(client, reverse("registry:edit", args=[cast.clinic_a.pk]), 2 * MB)


def test_it_refuses_a_logged_in_post_above_the_total_limit(client, cast, settings):
    settings.REQUEST_MAX_BYTES = 5 * MB
    client.force_login(cast.office)
    response = post(client, reverse("registry:import"), 6 * MB)
    assert response.status_code == 413
    assert "höchstens 5 MB" in response.content.decode()


@pytest.mark.django_db
def test_it_refuses_a_chunked_body_of_unknown_length(client):
    response = client.generic(
        "POST",
        reverse("accounts:login"),
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 411
    assert "Content-Length" in response.content.decode()


@pytest.mark.django_db
def test_it_lets_small_anonymous_posts_through(client):
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 200  # the login form again, with its error


def test_the_upload_settings_bound_what_django_keeps_in_memory(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
    assert settings.REQUEST_MAX_BYTES == settings.UPLOAD_MAX_BYTES + MB
    assert settings.ANONYMOUS_REQUEST_MAX_BYTES == MB
