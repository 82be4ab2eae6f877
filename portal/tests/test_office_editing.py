"""The office edits FAQ, news and the process timeline; nobody else may."""

from __future__ import annotations

import pytest
from django.test import Client

from portal.models import Faq, News, ProcessPhase

NEW_PAGES = ("/faq/neu/", "/aktuelles/neu/", "/prozess/neu/")


def test_office_creates_a_question(client, cast):
    client.force_login(cast.office)
    data = {
        "question": "Wer kann Partner werden?",
        "answer": "Alle Akteure.",
        "order": 3,
        "is_public": "on",
    }
    response = client.post("/faq/neu/", data)
    faq = Faq.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/faq/#frage-{faq.pk}"
    assert faq.is_public and faq.order == 3


def test_office_edits_news(client, cast):
    item = News.objects.create(title="Alt", date="2025-01-01", text="…")
    client.force_login(cast.office)
    data = {"title": "Neu", "date": "2025-02-01", "text": "Geändert.", "is_public": "on"}
    response = client.post(f"/aktuelles/{item.pk}/bearbeiten/", data)
    assert response["Location"] == f"/aktuelles/{item.pk}/"
    item.refresh_from_db()
    assert (item.title, str(item.date)) == ("Neu", "2025-02-01")


def test_office_deletes_a_phase_after_confirming(client, cast):
    phase = ProcessPhase.objects.create(title="Umsetzung")
    client.force_login(cast.office)
    confirm = client.get(f"/prozess/{phase.pk}/loeschen/")
    assert "Soll „Umsetzung“ endgültig gelöscht werden?" in confirm.content.decode()
    assert ProcessPhase.objects.exists()
    assert client.post(f"/prozess/{phase.pk}/loeschen/").status_code == 302
    assert not ProcessPhase.objects.exists()


def test_it_rejects_a_phase_that_ends_before_it_starts(client, cast):
    client.force_login(cast.office)
    data = {
        "title": "Umsetzung",
        "start": "2026-01-01",
        "end": "2025-01-01",
        "status": "geplant",
        "order": 1,
    }
    response = client.post("/prozess/neu/", data)
    assert response.status_code == 200
    assert "Das Ende liegt vor dem Beginn." in response.content.decode()
    assert not ProcessPhase.objects.exists()


def test_the_form_labels_every_field(client, cast):
    client.force_login(cast.office)
    html = client.get("/aktuelles/neu/").content.decode()
    for name in ("title", "date", "text", "is_public"):
        assert f'<label for="id_{name}"' in html
    assert 'type="date"' in html


@pytest.mark.parametrize("url", NEW_PAGES)
def test_anonymous_visitors_are_sent_to_the_login(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/anmelden/?next=")


@pytest.mark.parametrize("url", NEW_PAGES)
@pytest.mark.parametrize("who", ["editor_a", "member", "outsider"])
def test_it_refuses_everyone_but_the_office(client, cast, url, who):
    client.force_login(getattr(cast, who))
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "question": "x"}).status_code == 403


def test_editors_cannot_delete_news(client, cast):
    item = News.objects.create(title="Bleibt", date="2025-01-01", text="…")
    client.force_login(cast.editor_a)
    assert client.post(f"/aktuelles/{item.pk}/loeschen/").status_code == 403
    assert News.objects.filter(pk=item.pk).exists()


def test_the_forms_need_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.office)
    page = client.get("/faq/neu/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    response = client.post("/faq/neu/", {"question": "Ohne Token?", "answer": "…", "order": 0})
    assert response.status_code == 403
    assert not Faq.objects.exists()


def test_office_sees_edit_links(client, cast):
    Faq.objects.create(question="Frage?", answer="…")
    client.force_login(cast.office)
    html = client.get("/faq/").content.decode()
    assert 'href="/faq/neu/"' in html
    assert "/bearbeiten/" in html
    client.force_login(cast.editor_a)
    assert "/bearbeiten/" not in client.get("/faq/").content.decode()
