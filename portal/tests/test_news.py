"""News list and detail."""

from __future__ import annotations

import datetime as dt

from portal.models import News


def news(**extra) -> News:
    data = {"title": "Kooperation vereinbart", "date": dt.date(2025, 9, 1), "text": "Text."}
    return News.objects.create(**{**data, **extra})


def test_it_lists_published_news_newest_first(client, db):
    news(title="Ältere Meldung", date=dt.date(2025, 1, 1))
    news(title="Neuere Meldung", date=dt.date(2025, 6, 1))
    news(title="Entwurf", is_public=False)
    html = client.get("/aktuelles/").content.decode()
    assert html.index("Neuere Meldung") < html.index("Ältere Meldung")
    assert "Entwurf" not in html


def test_it_pages_the_news(client, db):
    for day in range(1, 13):
        news(title=f"Meldung {day:02d}", date=dt.date(2025, 1, day))
    first = client.get("/aktuelles/").content.decode()
    assert "Meldung 12" in first and "Meldung 02" not in first
    second = client.get("/aktuelles/?seite=2").content.decode()
    assert "Meldung 02" in second and "Seite 2 von 2" in second


def test_it_shows_a_news_item(client, db):
    item = news(text="Erster Absatz.\n\nZweiter Absatz mit **Betonung**.", is_demo=True)
    html = client.get(f"/aktuelles/{item.pk}/").content.decode()
    assert "<h1>Kooperation vereinbart</h1>" in html
    assert "<p>Erster Absatz.</p>" in html
    assert "<strong>Betonung</strong>" in html
    assert "Demo-Inhalt" in html


def test_unpublished_news_is_not_found_for_the_public(client, cast):
    item = news(is_public=False)
    assert client.get(f"/aktuelles/{item.pk}/").status_code == 404
    client.force_login(cast.editor_a)
    assert client.get(f"/aktuelles/{item.pk}/").status_code == 404
    client.force_login(cast.office)
    assert client.get(f"/aktuelles/{item.pk}/").status_code == 200


def test_it_escapes_html_in_news(client, db):
    item = news(title='<script>alert("x")</script>', text="<b onmouseover=alert(1)>fett</b>")
    detail = client.get(f"/aktuelles/{item.pk}/").content.decode()
    listing = client.get("/aktuelles/").content.decode()
    for html in (detail, listing):
        assert '<script>alert("x")' not in html
        assert "<b onmouseover" not in html
    assert "&lt;script&gt;" in detail
