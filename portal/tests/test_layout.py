"""The base template: landmarks, skip link, navigation, account and language forms."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory


def test_every_page_has_landmarks_and_a_skip_link(client, db):
    html = client.get("/faq/").content.decode()
    assert '<html lang="de">' in html
    assert '<a class="skip-link" href="#inhalt">Zum Inhalt springen</a>' in html
    for landmark in ('<header class="site-header">', '<main id="inhalt"', "<footer", "<nav "):
        assert landmark in html


def test_the_navigation_marks_the_current_section(client, db):
    html = client.get("/faq/").content.decode()
    assert '<a href="/faq/" aria-current="page">FAQ</a>' in html
    assert '<a href="/">Start</a>' in html


def test_it_offers_login_to_visitors_and_logout_as_a_form_to_users(client, cast):
    html = client.get("/faq/").content.decode()
    assert 'href="/konto/anmelden/?next=/faq/"' in html
    client.force_login(cast.editor_a)
    html = client.get("/faq/").content.decode()
    assert 'href="/konto/"' in html
    assert '<form class="inline-form" method="post" action="/konto/abmelden/">' in html


def test_the_language_switch_links_to_the_same_page_in_each_language(client, db):
    html = client.get("/prozess/").content.decode()
    assert (
        '<a href="/prozess/" lang="de" hreflang="de" title="Deutsch" aria-current="true">' in html
    )
    assert '<a href="/en/prozess/" lang="en" hreflang="en" title="English">' in html


def test_switching_the_language_keeps_the_page(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/prozess/"})
    assert response["Location"] == "/en/prozess/"


@pytest.mark.parametrize("name", ["gibt-es:nicht", "portal:gibt-es-nicht"])
def test_a_missing_url_name_leaves_its_navigation_entry_out(name, db):
    template = Template('{% load portal_tags %}{% nav_item name "X" %}')
    request = RequestFactory().get("/")
    assert template.render(Context({"name": name, "request": request})) == ""
