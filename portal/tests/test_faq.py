"""The FAQ page."""

from __future__ import annotations

from portal.models import Faq


def test_it_shows_published_questions_as_details(client, db):
    Faq.objects.create(question="Was ist die Gesundheitsregion?", answer="Ein Netzwerk.", order=1)
    Faq.objects.create(question="Geheime Frage?", answer="…", is_public=False)
    html = client.get("/faq/").content.decode()
    assert '<details class="faq"' in html
    assert "<summary><span>Was ist die Gesundheitsregion?</span></summary>" in html
    assert "Geheime Frage?" not in html


def test_it_shows_unpublished_questions_to_the_office(client, cast):
    Faq.objects.create(question="Geheime Frage?", answer="…", is_public=False)
    client.force_login(cast.office)
    html = client.get("/faq/").content.decode()
    assert "Geheime Frage?" in html
    assert "nicht veröffentlicht" in html


def test_it_escapes_html_in_questions_and_answers(client, db):
    Faq.objects.create(
        question="<script>alert('frage')</script>",
        answer='<img src=x onerror="alert(1)"> **wichtig**\n\n- [Link](javascript:alert(2))',
    )
    html = client.get("/faq/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert "<strong>wichtig</strong>" in html
    assert 'href="javascript' not in html
