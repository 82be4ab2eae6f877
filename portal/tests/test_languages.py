"""German by default, English under /en/."""

from __future__ import annotations

import pytest

GERMAN = ("Partner", "Gremien", "Maßnahmen", "Empfehlungen", "Aktuelles", "Prozess", "Kontakt")
ENGLISH = ("Partners", "Bodies", "Measures", "Recommendations", "News", "Process", "Contact")


def labels(html: str) -> str:
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_the_navigation_is_german_by_default(client, db):
    html = client.get("/").content.decode()
    assert '<html lang="de">' in html
    nav = labels(html)
    for label in GERMAN:
        assert f">{label}</a>" in nav


def test_the_navigation_is_english_under_en(client, db):
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    nav = labels(html)
    for label in ENGLISH:
        assert f">{label}</a>" in nav
    assert 'href="/en/faq/"' in nav


@pytest.mark.parametrize(
    "url", ["/", "/faq/", "/aktuelles/", "/prozess/", "/kontakt/", "/impressum/", "/datenschutz/"]
)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_portal_page_renders_in_both_languages(client, db, url, prefix):
    assert client.get(prefix + url).status_code == 200


def test_the_pages_are_translated(client, db):
    html = client.get("/en/datenschutz/").content.decode()
    assert "Privacy notice" in html
    assert "Datenschutzerklärung" not in html
