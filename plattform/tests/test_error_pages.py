"""The platform's own German error pages, in the site frame, with DEBUG off."""

from __future__ import annotations

import pytest
from django.core.exceptions import SuspiciousOperation
from django.test import Client
from django.urls import path

from plattform import urls as platform_urls


def broken(request):
    raise RuntimeError("kaputt")


def suspicious(request):
    raise SuspiciousOperation("seltsam")


# This module is the URLconf of the tests below: the platform's URLs and two failing views.
urlpatterns = [path("test-fehler/500/", broken), path("test-fehler/400/", suspicious)]
urlpatterns += platform_urls.urlpatterns
handler500 = platform_urls.handler500

FRAME = 'id="hauptnavigation"'


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def page(response) -> str:
    return response.content.decode()


def test_404_is_german_in_the_site_frame(client, db):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in page(response)
    assert "Fehler 404" in page(response)
    assert FRAME in page(response)
    assert '<html lang="de">' in page(response)


def test_404_under_en_is_english(client, db):
    response = client.get("/en/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Page not found" in page(response)


def test_403_is_german_in_the_site_frame(client, cast):
    client.force_login(cast.editor_a)
    response = client.get("/protokoll/")
    assert response.status_code == 403
    assert "Kein Zugriff" in page(response)
    assert "„redaktion-a“ angemeldet" in page(response)
    assert FRAME in page(response)


def test_400_is_german_in_the_site_frame(client, db):
    response = client.get("/test-fehler/400/")
    assert response.status_code == 400
    assert "Ungültige Anfrage" in page(response)
    assert FRAME in page(response)


def test_500_is_german_and_needs_no_request_context(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-fehler/500/")
    assert response.status_code == 500
    assert "Serverfehler" in page(response)
    assert "Gesundheitsregion" in page(response)
    assert 'lang="de"' in page(response)


def test_500_answers_even_when_its_template_fails(db, monkeypatch):
    from plattform import errors

    def fail(name):
        raise RuntimeError("Vorlage kaputt")

    monkeypatch.setattr(errors.loader, "get_template", fail)
    response = errors.server_error(None)
    assert response.status_code == 500
    assert "Serverfehler" in page(response)


def test_429_is_german_in_the_site_frame(client, cast, settings):
    settings.PASSWORD_RESET_LIMIT = 1
    client.post("/konto/passwort/vergessen/", {"email": "aussen@example.org"})
    response = client.post("/konto/passwort/vergessen/", {"email": "aussen@example.org"})
    assert response.status_code == 429
    assert "Zu viele Anfragen" in page(response)
    assert FRAME in page(response)


def test_a_failed_csrf_check_is_explained_in_german(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/konto/anmelden/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formular abgelaufen" in page(response)
    assert FRAME in page(response)
